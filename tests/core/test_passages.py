from annotator.core.passages import Passage

# "The cat sat." in a at 10, "The big cat sat." in b at 100: blocks "The " and "cat sat."
P = Passage(1, a_id=1, a_start=10, a_end=22, b_id=2, b_start=100, b_end=116, similarity=0.8,
            blocks=((0, 0, 4), (4, 8, 8)))


def test_offsets_inside_blocks_map_exactly_both_ways():
    assert P.map_offset(1, 10) == 100
    assert P.map_offset(1, 14) == 108  # "cat" starts after the inserted "big "
    assert P.map_offset(1, 22) == 116
    assert P.map_offset(2, 108) == 14
    assert P.map_offset(2, 112) == 18


def test_range_maps_to_the_same_words():
    a = "x" * 10 + "The cat sat."
    b = "y" * 100 + "The big cat sat."
    start, end = P.map_range(1, 14, 17)
    assert b[start:end] == "cat" == a[14:17]
    start, end = P.map_range(2, 104, 116)
    assert a[start:end] == "cat sat."


def test_range_outside_the_passage_is_none_and_overhang_is_clipped():
    assert P.map_range(1, 0, 10) is None
    assert P.map_range(1, 5, 14) == (100, 104)  # "The ", without b's inserted "big "


def test_a_range_ending_where_the_other_side_inserted_text_stops_before_it():
    # "ab" + "," inserted in b: a = "ab cd", b = "ab, cd"
    p = Passage(2, 1, 0, 5, 2, 0, 6, 0.9, blocks=((0, 0, 2), (2, 3, 3)))
    assert p.map_range(1, 0, 2) == (0, 2)  # "ab", not "ab,"
    assert p.map_range(1, 3, 5) == (4, 6)  # "cd"
    assert p.map_offset(1, 2) == 3 and p.map_offset(1, 2, closing=True) == 2


def test_inserted_text_maps_to_the_insertion_point():
    # "big " (b 104..108) has no counterpart in a: it maps to a's offset 14
    assert P.map_offset(2, 104) == 14 and P.map_offset(2, 106) == 14
    assert P.map_range(2, 104, 108) is None


def test_other_and_side():
    assert P.other(1) == (2, 100, 116) and P.side(2) == (100, 116) and P.identical_chars() == 12
