"""Vectorised interval helpers shared by the unitizing and project code."""

from __future__ import annotations

import numpy as np


def merge(
    key: np.ndarray, start: np.ndarray, end: np.ndarray, *, touching: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of the intervals ``[start, end)`` within each ``key``.

    Returns (key, start, end) sorted by key then start. Overlapping intervals are
    merged; touching ones (``end == next start``) only when ``touching`` is true.
    Empty intervals are dropped.
    """
    key = np.asarray(key, dtype=np.int64)
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    keep = end > start
    key, start, end = key[keep], start[keep], end[keep]
    if key.size == 0:
        return key, start, end
    order = np.lexsort((start, key))
    key, start, end = key[order], start[order], end[order]
    stride = int(end.max()) + 1
    running = np.maximum.accumulate(key * stride + end) - key * stride
    new = np.ones(key.size, dtype=bool)
    prev_max = running[:-1]
    same = key[1:] == key[:-1]
    new[1:] = ~same | ((start[1:] > prev_max) if touching else (start[1:] >= prev_max))
    first = np.flatnonzero(new)
    return key[first], start[first], np.maximum.reduceat(end, first)


def intersecting_pairs(
    start1: np.ndarray, end1: np.ndarray, start2: np.ndarray, end2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with ``[start1[i], end1[i])`` and ``[start2[j], end2[j])`` overlapping.

    Both lists must be sorted and free of overlaps within themselves (as ``merge``
    returns them, on one global coordinate line).
    """
    lo = np.searchsorted(end2, start1, side="right")
    hi = np.searchsorted(start2, end1, side="left")
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    i = np.repeat(np.arange(start1.size), counts)
    offsets = np.cumsum(counts) - counts
    j = lo[i] + (np.arange(total) - offsets[i])
    return i, j
