"""The reuse index of :mod:`annotator.core.clusters`, kept compact: a set of
``(fingerprint, owner)`` pairs (owner > 0: an article's unclustered text; < 0:
``-cluster id``).

A corpus of 50,000 news articles puts about 11 million pairs in it. Held as a dict of
Python ints (and the changes as sets of tuples) that was about 200 bytes a pair, 2.5
GB (issue 17); here a pair is about 14 bytes:

- *settled* pairs are sorted numpy arrays (hash, owner, alive, stored), looked up for a
  whole article at once with ``searchsorted``; a removal only clears ``alive``;
- pairs added since the last :meth:`ReuseIndex.settle` are a small dict (hash ->
  owner or list of owners), moved into the arrays every :data:`SETTLE_PAIRS` pairs
  (a sorted insert, linear in the index) and when the changes are read.

What a run must write back is derived from the final state, not logged pair by pair:
the pairs present that were not loaded from the project are inserted
(:meth:`ReuseIndex.added_rows`), and the pairs ever removed that are not present at the
end are deleted (:meth:`ReuseIndex.removed_rows`; removing a pair never loaded is
still recorded, as the project may hold it).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

import numpy as np

SETTLE_PAIRS = 1 << 18  # pairs added before they move into the sorted arrays (about 25 MB of dict)
_ROWS = 50_000  # rows per list handed out by added_rows() / removed_rows()


class ReuseIndex:
    """A set of ``(hash, owner)`` pairs: fingerprint -> the owners holding it (see the module)."""

    def __init__(self) -> None:
        self._h = np.empty(0, dtype=np.int64)  # settled pairs, sorted by hash
        self._o = np.empty(0, dtype=np.int32)  # int64 should an id ever need it
        self._alive = np.empty(0, dtype=bool)
        self._stored = np.empty(0, dtype=bool)  # loaded from the project: not to be written again
        self._dead = 0
        self._recent: dict[int, int | list[int]] = {}  # added since the last settle()
        self._recent_pairs = 0
        self._removed_h = array("q")  # every removal, in order (see removed_rows)
        self._removed_o = array("q")

    def __len__(self) -> int:
        return len(self._h) - self._dead + self._recent_pairs

    def load(self, rows: Iterable[tuple[int, int]]) -> None:
        """Pairs stored in the project (not written back); pairs already held are skipped."""
        h, o = array("q"), array("q")
        for x, y in rows:
            h.append(x)
            o.append(y)
        if not h:
            return
        self.settle(force=True)
        hs, os_ = np.frombuffer(h, dtype=np.int64), np.frombuffer(o, dtype=np.int64)
        order = np.lexsort((os_, hs))
        hs, os_ = hs[order], os_[order]
        keep = np.ones(len(hs), dtype=bool)
        keep[1:] = (hs[1:] != hs[:-1]) | (os_[1:] != os_[:-1])
        hs, os_ = hs[keep], os_[keep]
        present = self._contains(hs, os_)
        self._insert(hs[~present], os_[~present], stored=True)

    def add(self, h: int, owner: int) -> None:
        have = self._recent.get(h)
        if have is None:
            if self._settled(h, owner) >= 0:
                return
            self._recent[h] = owner
        elif isinstance(have, int):
            if have == owner or self._settled(h, owner) >= 0:
                return
            self._recent[h] = [have, owner]
        elif owner in have or self._settled(h, owner) >= 0:
            return
        else:
            have.append(owner)
        self._recent_pairs += 1

    def remove(self, h: int, owner: int) -> None:
        """Forget *owner* for *h* (recorded even when the pair is not held: the project may hold it)."""
        self._removed_h.append(h)
        self._removed_o.append(owner)
        have = self._recent.get(h)
        if have is not None:
            if isinstance(have, int):
                if have == owner:
                    del self._recent[h]
                    self._recent_pairs -= 1
                    return
            elif owner in have:
                have.remove(owner)
                if len(have) == 1:
                    self._recent[h] = have[0]
                self._recent_pairs -= 1
                return
        at = self._settled(h, owner)
        if at >= 0:
            self._alive[at] = False
            self._dead += 1

    def add_all(self, hashes: np.ndarray, owner: int) -> None:
        """:meth:`add` of ``(h, owner)`` for each h of *hashes* (int64)."""
        if not len(hashes):
            return
        held = self._contains(hashes, np.full(len(hashes), owner, dtype=np.int64))
        recent = self._recent
        for h in hashes[~held].tolist():
            have = recent.get(h)
            if have is None:
                recent[h] = owner
            elif isinstance(have, int):
                if have == owner:
                    continue
                recent[h] = [have, owner]
            elif owner in have:
                continue
            else:
                have.append(owner)
            self._recent_pairs += 1

    def remove_all(self, hashes: np.ndarray, owner: int) -> None:
        """:meth:`remove` of ``(h, owner)`` for each h of *hashes* (int64)."""
        if not len(hashes):
            return
        self._removed_h.extend(hashes.tolist())
        self._removed_o.extend([owner] * len(hashes))
        recent = self._recent
        if recent:
            for h in hashes.tolist():
                have = recent.get(h)
                if have is None:
                    continue
                if isinstance(have, int):
                    if have == owner:
                        del recent[h]
                        self._recent_pairs -= 1
                elif owner in have:
                    have.remove(owner)
                    if len(have) == 1:
                        recent[h] = have[0]
                    self._recent_pairs -= 1
        _, at = self._find(hashes, np.full(len(hashes), owner, dtype=np.int64))
        at = np.unique(at)
        self._alive[at] = False
        self._dead += len(at)

    def get(self, h: int) -> list[int]:
        """The owners of *h*."""
        lo, hi = np.searchsorted(self._h, [h, h + 1]).tolist()
        out = [o for o, alive in zip(self._o[lo:hi].tolist(), self._alive[lo:hi].tolist()) if alive]
        have = self._recent.get(h)
        if have is not None:
            out.extend((have,) if isinstance(have, int) else have)
        return out

    def lookup(self, keys: np.ndarray) -> Iterator[tuple[int, int]]:
        """``(i, owner)`` for every owner of every ``keys[i]`` (grouped by source, not in order)."""
        if len(self._h):
            lo = np.searchsorted(self._h, keys, side="left")
            hi = np.searchsorted(self._h, keys, side="right")
            counts = hi - lo
            hit = np.nonzero(counts)[0]
            if len(hit):
                counts = counts[hit]
                which = np.repeat(hit, counts)
                first = np.repeat(lo[hit] - np.cumsum(counts) + counts, counts)
                at = first + np.arange(len(which))
                live = self._alive[at]
                yield from zip(which[live].tolist(), self._o[at[live]].tolist())
        recent = self._recent
        if recent:
            for i, h in enumerate(keys.tolist()):
                have = recent.get(h)
                if have is not None:
                    if isinstance(have, int):
                        yield i, have
                    else:
                        for o in have:
                            yield i, o

    def settle(self, force: bool = False) -> None:
        """Move the recent pairs into the sorted arrays (when there are many, or *force*)."""
        if not self._recent or (not force and self._recent_pairs < SETTLE_PAIRS):
            return
        h, o = array("q"), array("q")
        for x, have in self._recent.items():
            if isinstance(have, int):
                h.append(x)
                o.append(have)
            else:
                for y in have:
                    h.append(x)
                    o.append(y)
        self._recent = {}
        self._recent_pairs = 0
        if self._dead * 4 > len(self._h):
            self._compact()
        hs, os_ = np.frombuffer(h, dtype=np.int64), np.frombuffer(o, dtype=np.int64)
        order = np.argsort(hs, kind="stable")
        self._insert(hs[order], os_[order], stored=False)

    def added_rows(self) -> Iterator[list[tuple[int, int]]]:
        """The pairs held that were not loaded, by hash, in lists of a few thousand."""
        self.settle(force=True)
        for i in range(0, len(self._h), _ROWS):
            new = self._alive[i:i + _ROWS] & ~self._stored[i:i + _ROWS]
            yield list(zip(self._h[i:i + _ROWS][new].tolist(), self._o[i:i + _ROWS][new].tolist()))

    def removed_rows(self) -> Iterator[list[tuple[int, int]]]:
        """The pairs removed in this run and not held at the end, sorted, in lists."""
        self.settle(force=True)
        if not self._removed_h:
            return
        hs = np.frombuffer(self._removed_h, dtype=np.int64)
        os_ = np.frombuffer(self._removed_o, dtype=np.int64)
        order = np.lexsort((os_, hs))
        hs, os_ = hs[order], os_[order]
        keep = np.ones(len(hs), dtype=bool)
        keep[1:] = (hs[1:] != hs[:-1]) | (os_[1:] != os_[:-1])
        keep &= ~self._contains(hs, os_)
        hs, os_ = hs[keep], os_[keep]
        for i in range(0, len(hs), _ROWS):
            yield list(zip(hs[i:i + _ROWS].tolist(), os_[i:i + _ROWS].tolist()))

    # -- the sorted arrays ---------------------------------------------------------------

    def _settled(self, h: int, owner: int) -> int:
        """Where the live settled pair ``(h, owner)`` is, or -1."""
        if not len(self._h):
            return -1
        lo = int(np.searchsorted(self._h, h))
        hs, os_, alive = self._h, self._o, self._alive
        n = len(hs)
        while lo < n and hs[lo] == h:
            if os_[lo] == owner and alive[lo]:
                return lo
            lo += 1
        return -1

    def _find(self, hs: np.ndarray, os_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The settled live pairs equal to ``(hs[i], os_[i])``: the i and where each is."""
        if not len(self._h) or not len(hs):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        lo = np.searchsorted(self._h, hs, side="left")
        counts = np.searchsorted(self._h, hs, side="right") - lo
        hit = np.nonzero(counts)[0]
        if not len(hit):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        counts = counts[hit]
        which = np.repeat(hit, counts)
        at = np.repeat(lo[hit] - np.cumsum(counts) + counts, counts) + np.arange(len(which))
        same = self._alive[at] & (self._o[at] == os_[which])
        return which[same], at[same]

    def _contains(self, hs: np.ndarray, os_: np.ndarray) -> np.ndarray:
        """For each pair: whether it is settled and alive."""
        out = np.zeros(len(hs), dtype=bool)
        out[self._find(hs, os_)[0]] = True
        return out

    def _insert(self, hs: np.ndarray, os_: np.ndarray, stored: bool) -> None:
        """Insert pairs sorted by hash, one array at a time (peak: the index plus one array)."""
        if not len(hs):
            return
        where = np.searchsorted(self._h, hs, side="right")
        if self._o.dtype == np.int32 and (os_.min() < -2**31 or os_.max() >= 2**31):
            self._o = self._o.astype(np.int64)
        self._h = np.insert(self._h, where, hs)
        self._o = np.insert(self._o, where, os_)
        self._alive = np.insert(self._alive, where, True)
        self._stored = np.insert(self._stored, where, stored)

    def _compact(self) -> None:
        keep = self._alive
        self._h = self._h[keep]
        self._o = self._o[keep]
        self._stored = self._stored[keep]
        self._alive = np.ones(len(self._h), dtype=bool)
        self._dead = 0


__all__ = ["SETTLE_PAIRS", "ReuseIndex"]
