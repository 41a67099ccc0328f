"""The code-confusion table: characters one coder gave one code and another coder another."""

import numpy as np

from annotator.core.agreement.confusion import code_confusion


def test_swaps_and_misses_are_counted_from_both_sides():
    docs = {"d": 100}
    spans = [
        ("d", "claim", "ana", 0, 10), ("d", "quote", "ben", 0, 10),  # a swap over 10 characters
        ("d", "claim", "ana", 20, 30), ("d", "claim", "ben", 20, 30),  # agreement: nothing counted
        ("d", "quote", "ana", 40, 45),  # ben marked nothing there: a miss of 5
        ("d", "claim", "ana", 50, 60), ("d", "quote", "ben", 55, 60), ("d", "claim", "ben", 50, 55),
    ]
    c = code_confusion(docs, spans, ["ana", "ben"], ["claim", "quote"])
    claim, quote = 0, 1
    assert c.swaps[claim, quote] == 10 + 5 and c.swaps[quote, claim] == 10 + 5
    assert c.missed.tolist() == [0, 5] and np.diag(c.swaps).tolist() == [0, 0]
    assert c.largest(2) == [("claim", "quote", 15), ("quote", "claim", 15)]


def test_noise_is_left_out_and_other_documents_ignored():
    docs = {"d": 50}
    spans = [("d", "claim", "ana", 0, 20), ("d", "quote", "ben", 0, 20), ("e", "claim", "ana", 0, 5)]
    c = code_confusion(docs, spans, ["ana", "ben"], ["claim", "quote"], excluded={"d": [(0, 5)]})
    assert c.swaps[0, 1] == 15 and c.swaps[1, 0] == 15
