"""A transaction announces one change per kind of row it touched (store.events.coalesce)."""

from annotator.store.events import Change, coalesce


def test_changes_of_one_kind_merge_in_the_order_kinds_first_changed():
    merged = coalesce([Change("codes", (1,)), Change("spans", (5,), (2,)), Change("codes", (3,)),
                       Change("spans", (6, 5), (4,))])
    assert merged == [Change("codes", (1, 3)), Change("spans", (5, 6), (2, 4))]


def test_an_unlisted_change_keeps_the_merged_one_unlisted():
    """Empty ids mean "refresh all": merging must not narrow that to the listed ones."""
    merged = coalesce([Change("spans", (5,), (2,)), Change("spans", (), (3,))])
    assert merged == [Change("spans", (), (2, 3))]


def test_one_change_passes_as_it_is():
    only = Change("decisions", (7,))
    assert coalesce([only]) == [only]
