"""The reuse index of :mod:`annotator.core.clusters`, kept compact: a set of
``(fingerprint, owner)`` pairs (owner > 0: an article's unclustered text; < 0:
``-cluster id``).

A corpus of 50,000 news articles puts about 11 million pairs in it. Held as a dict of
Python ints (and the changes as sets of tuples) that was about 200 bytes a pair, 2.5
GB (issue 17); here a pair is about 14 bytes:

- *settled* pairs are sorted numpy arrays (hash, owner, alive, stored), looked up for a
  whole article at once with ``searchsorted``; a removal only clears ``alive``. They
  are cut into :data:`BUCKETS` by the hash's top bits, so that a sorted insert copies
  one bucket at a time, not the whole index;
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
BUCKETS = 8
_SHIFT = 47 - 3  # fingerprints are < 2**47 (annotator.core.alignment.FINGERPRINT_BITS): top 3 bits
_ROWS = 50_000  # rows per list handed out by added_rows() / removed_rows()
_NONE = np.empty(0, dtype=np.int64)


class _Bucket:
    """Settled pairs of one range of hashes, sorted by hash."""

    def __init__(self) -> None:
        self.h = np.empty(0, dtype=np.int64)
        self.o = np.empty(0, dtype=np.int32)  # int64 should an id ever need it
        self.alive = np.empty(0, dtype=bool)
        self.stored: np.ndarray | None = None  # loaded from the project (None: nothing loaded)
        self.dead = 0

    def spans(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For every pair held under one of *keys*: which key, and where the pair is."""
        lo = np.searchsorted(self.h, keys, side="left")
        counts = np.searchsorted(self.h, keys, side="right") - lo
        hit = np.nonzero(counts)[0]
        if not len(hit):
            return _NONE, _NONE
        counts = counts[hit]
        which = np.repeat(hit, counts)
        at = np.repeat(lo[hit] - np.cumsum(counts) + counts, counts) + np.arange(len(which))
        live = self.alive[at]
        return which[live], at[live]

    def find(self, hs: np.ndarray, os_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        which, at = self.spans(hs)
        same = self.o[at] == os_[which]
        return which[same], at[same]

    def insert(self, hs: np.ndarray, os_: np.ndarray, stored: bool) -> None:
        """Insert pairs sorted by hash (one array copied at a time)."""
        if self.dead * 4 > len(self.h):
            self.compact()
        where = np.searchsorted(self.h, hs, side="right")
        if self.o.dtype == np.int32 and (os_.min() < -2**31 or os_.max() >= 2**31):
            self.o = self.o.astype(np.int64)
        if stored and self.stored is None:
            self.stored = np.zeros(len(self.h), dtype=bool)
        self.h = np.insert(self.h, where, hs)
        self.o = np.insert(self.o, where, os_)
        self.alive = np.insert(self.alive, where, True)
        if self.stored is not None:
            self.stored = np.insert(self.stored, where, stored)

    def compact(self) -> None:
        keep = self.alive
        self.h, self.o = self.h[keep], self.o[keep]
        if self.stored is not None:
            self.stored = self.stored[keep]
        self.alive = np.ones(len(self.h), dtype=bool)
        self.dead = 0

    def new_rows(self) -> Iterator[list[tuple[int, int]]]:
        for i in range(0, len(self.h), _ROWS):
            new = self.alive[i:i + _ROWS]
            if self.stored is not None:
                new = new & ~self.stored[i:i + _ROWS]
            yield list(zip(self.h[i:i + _ROWS][new].tolist(), self.o[i:i + _ROWS][new].tolist()))


def _split(hs: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(bucket, positions in *hs* of its hashes) for every bucket *hs* has hashes of."""
    b = np.clip(hs >> _SHIFT, 0, BUCKETS - 1)
    order = np.argsort(b, kind="stable")
    bounds = np.searchsorted(b[order], np.arange(BUCKETS + 1))
    for k in range(BUCKETS):
        if bounds[k + 1] > bounds[k]:
            yield k, order[bounds[k]:bounds[k + 1]]


class ReuseIndex:
    """A set of ``(hash, owner)`` pairs: fingerprint -> the owners holding it (see the module)."""

    def __init__(self) -> None:
        self._buckets = [_Bucket() for _ in range(BUCKETS)]
        self._recent: dict[int, int | list[int]] = {}  # added since the last settle()
        self._recent_pairs = 0
        self._removed_h = array("q")  # every removal, in order (see removed_rows)
        self._removed_o = array("q")

    def __len__(self) -> int:
        return sum(len(b.h) - b.dead for b in self._buckets) + self._recent_pairs

    def load(self, rows: Iterable[tuple[int, int]]) -> None:
        """Pairs stored in the project (not written back); pairs already held are skipped."""
        h, o = array("q"), array("q")
        for x, y in rows:
            h.append(x)
            o.append(y)
        if not h:
            return
        self.settle(force=True)
        hs, os_ = _unique_pairs(np.frombuffer(h, dtype=np.int64), np.frombuffer(o, dtype=np.int64))
        present = self._contains(hs, os_)
        self._insert(hs[~present], os_[~present], stored=True)

    def add(self, h: int, owner: int) -> None:
        self.add_all(np.asarray([h], dtype=np.int64), owner)

    def remove(self, h: int, owner: int) -> None:
        """Forget *owner* for *h* (recorded even when the pair is not held: the project may hold it)."""
        self.remove_all(np.asarray([h], dtype=np.int64), owner)

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
        owners = np.full(len(hashes), owner, dtype=np.int64)
        for k, idx in _split(hashes):
            bucket = self._buckets[k]
            _, at = bucket.find(hashes[idx], owners[idx])
            at = np.unique(at)
            bucket.alive[at] = False
            bucket.dead += len(at)

    def get(self, h: int) -> list[int]:
        """The owners of *h*."""
        return [o for _, o in self.lookup(np.asarray([h], dtype=np.int64))]

    def lookup(self, keys: np.ndarray) -> Iterator[tuple[int, int]]:
        """``(i, owner)`` for every owner of every ``keys[i]`` (grouped by source, not in order)."""
        if len(keys):
            for k, idx in _split(keys):
                bucket = self._buckets[k]
                if len(bucket.h):
                    which, at = bucket.spans(keys[idx])
                    if len(at):
                        yield from zip(idx[which].tolist(), bucket.o[at].tolist())
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
        hs, os_ = np.frombuffer(h, dtype=np.int64), np.frombuffer(o, dtype=np.int64)
        order = np.argsort(hs, kind="stable")
        self._insert(hs[order], os_[order], stored=False)

    def added_rows(self) -> Iterator[list[tuple[int, int]]]:
        """The pairs held that were not loaded, by hash, in lists of a few thousand."""
        self.settle(force=True)
        for bucket in self._buckets:
            yield from bucket.new_rows()

    def removed_rows(self) -> Iterator[list[tuple[int, int]]]:
        """The pairs removed in this run and not held at the end, sorted, in lists."""
        self.settle(force=True)
        if not self._removed_h:
            return
        hs, os_ = _unique_pairs(np.frombuffer(self._removed_h, dtype=np.int64),
                                np.frombuffer(self._removed_o, dtype=np.int64))
        keep = ~self._contains(hs, os_)
        hs, os_ = hs[keep], os_[keep]
        for i in range(0, len(hs), _ROWS):
            yield list(zip(hs[i:i + _ROWS].tolist(), os_[i:i + _ROWS].tolist()))

    def _contains(self, hs: np.ndarray, os_: np.ndarray) -> np.ndarray:
        """For each pair: whether it is settled and alive."""
        out = np.zeros(len(hs), dtype=bool)
        if len(hs):
            for k, idx in _split(hs):
                bucket = self._buckets[k]
                if len(bucket.h):
                    which, _ = bucket.find(hs[idx], os_[idx])
                    out[idx[which]] = True
        return out

    def _insert(self, hs: np.ndarray, os_: np.ndarray, stored: bool) -> None:
        """Insert pairs sorted by hash."""
        if len(hs):
            for k, idx in _split(hs):
                self._buckets[k].insert(hs[idx], os_[idx], stored)


def _unique_pairs(hs: np.ndarray, os_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs sorted by (hash, owner), each once."""
    order = np.lexsort((os_, hs))
    hs, os_ = hs[order], os_[order]
    keep = np.ones(len(hs), dtype=bool)
    keep[1:] = (hs[1:] != hs[:-1]) | (os_[1:] != os_[:-1])
    return hs[keep], os_[keep]


__all__ = ["BUCKETS", "SETTLE_PAIRS", "ReuseIndex"]
