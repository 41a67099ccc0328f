"""Which codes coders swap for which: a code-confusion table at unit (character) level.

For every ordered pair of coders (x, y) and every character: if x marked code ``a``
there and y did not, while y marked ``b`` there and x did not, the character counts in
row ``a``, column ``b``; if y marked no compared code there at all, it counts in row
``a``, column "(nothing)". Summed over documents and coder pairs, so a swap between two
coders counts once from each side (``a -> b`` and ``b -> a``). Characters in
``excluded`` ranges (noise) are left out, as in :func:`project_agreement`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Confusion:
    codes: list[Hashable]
    swaps: np.ndarray  # codes x codes, characters
    missed: np.ndarray  # codes: characters the other coder left without any code

    def largest(self, n: int = 10) -> list[tuple[Hashable, Hashable | None, int]]:
        """The *n* largest cells as (marked, instead or None for nothing, characters)."""
        cells = [(self.codes[a], self.codes[b], int(self.swaps[a, b]))
                 for a in range(len(self.codes)) for b in range(len(self.codes)) if self.swaps[a, b]]
        cells += [(self.codes[a], None, int(self.missed[a])) for a in range(len(self.codes)) if self.missed[a]]
        return sorted(cells, key=lambda c: -c[2])[:n]


def code_confusion(
    documents: Mapping[Hashable, int],
    spans: Iterable[tuple[Hashable, Hashable, Hashable, int, int]],
    coders: Sequence[Hashable],
    codes: Sequence[Hashable],
    *,
    excluded: Mapping[Hashable, Iterable[tuple[int, int]]] | None = None,
) -> Confusion:
    """The confusion table for *coders* on *codes* over *documents* (see the module docstring)."""
    code_index = {c: i for i, c in enumerate(codes)}
    coder_index = {c: i for i, c in enumerate(coders)}
    by_doc: dict[Hashable, list[tuple[int, int, int, int]]] = {}
    for d, code, coder, s, e in spans:
        if d in documents and code in code_index and coder in coder_index:
            by_doc.setdefault(d, []).append((coder_index[coder], code_index[code], s, e))
    k, r = len(codes), len(coders)
    swaps, missed = np.zeros((k, k), np.int64), np.zeros(k, np.int64)
    for d, rows in by_doc.items():
        length = documents[d]
        mark = np.zeros((r, k, length), dtype=bool)
        for coder, code, s, e in rows:
            mark[coder, code, s:e] = True
        keep = np.ones(length, dtype=bool)
        for s, e in (excluded or {}).get(d, ()):
            keep[s:e] = False
        mark &= keep
        anything = mark.any(axis=1)
        for x in range(r):
            for y in range(r):
                if x == y:
                    continue
                only_x = (mark[x] & ~mark[y]).astype(np.int64)
                only_y = (mark[y] & ~mark[x]).astype(np.int64)
                swaps += only_x @ only_y.T
                missed += (only_x & ~anything[y]).sum(axis=1)
    return Confusion(list(codes), swaps, missed)
