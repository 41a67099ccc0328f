"""From character offsets to units: characters with noise cut out, or tokens.

All documents are laid on one line (document ``d`` starts at the sum of the lengths
before it) so that every mapping is one ``searchsorted`` over all spans at once.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ._intervals import merge


def _offsets(lengths: np.ndarray) -> np.ndarray:
    lengths = np.asarray(lengths, dtype=np.int64)
    return np.cumsum(lengths) - lengths


def _excluded_line(doc_ids: Sequence[Hashable], raw_len: np.ndarray, offset: np.ndarray,
                   excluded: Mapping[Hashable, Iterable[tuple[int, int]]] | None):
    """Merged excluded regions on the line: (doc, start, end), sorted."""
    xd, xs, xe = [], [], []
    for i, d in enumerate(doc_ids):
        for s, e in (excluded or {}).get(d, ()):
            xd.append(i)
            xs.append(max(0, int(s)))
            xe.append(min(int(raw_len[i]), int(e)))
    key, s, e = merge(np.array(xd, np.int64), np.array(xs, np.int64), np.array(xe, np.int64),
                      touching=True)
    return key, s + offset[key], e + offset[key]


def to_units(
    doc_ids: Sequence[Hashable],
    raw_len: np.ndarray,
    doc: np.ndarray,
    code: np.ndarray,
    coder: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    *,
    unit: str,
    tokens: Mapping[Hashable, Any] | None,
    excluded: Mapping[Hashable, Iterable[tuple[int, int]]] | None,
):
    """Spans in unit coordinates, local to their document, plus each document's length
    in units. Spans that cover no unit are dropped."""
    offset = _offsets(raw_len)
    xd, xs, xe = _excluded_line(doc_ids, raw_len, offset, excluded)
    gs, ge = start + offset[doc], end + offset[doc]
    if unit == "char":
        removed_before = np.concatenate(([0], np.cumsum(xe - xs)))

        def squeeze(p: np.ndarray) -> np.ndarray:
            if xs.size == 0:
                return p
            k = np.searchsorted(xs, p, side="right") - 1
            kk = np.maximum(k, 0)
            inside = np.minimum(p - xs[kk], (xe - xs)[kk])
            return p - np.where(k >= 0, removed_before[kk] + inside, 0)

        length = raw_len - np.bincount(xd, weights=xe - xs, minlength=len(doc_ids)).astype(np.int64)
        new_offset = _offsets(length)
        us, ue = squeeze(gs) - new_offset[doc], squeeze(ge) - new_offset[doc]
    else:
        assert tokens is not None
        ts_list, te_list, counts = [], [], []
        for i, d in enumerate(doc_ids):
            if d not in tokens:
                raise ValueError(f"no token boundaries for document {d!r}")
            t = np.asarray(tokens[d], dtype=np.int64).reshape(-1, 2)
            t = t[np.argsort(t[:, 0], kind="stable")]
            if t.size and ((t[:, 1] < t[:, 0]).any() or (t[1:, 0] < t[:-1, 1]).any()
                           or t[-1, 1] > raw_len[i] or t[0, 0] < 0):
                raise ValueError(f"token boundaries of document {d!r} overlap or overrun it")
            ts = t[:, 0] + offset[i]
            te = t[:, 1] + offset[i]
            if xs.size:
                k = np.searchsorted(xs, te, side="left") - 1
                hit = (k >= 0) & (xe[np.maximum(k, 0)] > ts)
                ts, te = ts[~hit], te[~hit]
            ts_list.append(ts)
            te_list.append(te)
            counts.append(ts.size)
        all_s = np.concatenate(ts_list) if ts_list else np.empty(0, np.int64)
        all_e = np.concatenate(te_list) if te_list else np.empty(0, np.int64)
        length = np.array(counts, dtype=np.int64)
        token_offset = _offsets(length)
        us = np.searchsorted(all_e, gs, side="right") - token_offset[doc]
        ue = np.searchsorted(all_s, ge, side="left") - token_offset[doc]
    keep = ue > us
    return doc[keep], code[keep], coder[keep], us[keep], ue[keep], length



_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")


def word_tokens(text: str) -> np.ndarray:
    """Word tokens of ``text`` as an (n, 2) array of [start, end) code-point offsets.

    A word is a run of letters, digits or underscores, with inner apostrophes or
    hyphens kept inside it ("don't", "well-known"); punctuation and spaces are not
    tokens. For ``project_agreement(..., unit="token", tokens=...)``.
    """
    spans = [m.span() for m in _WORD.finditer(text)]
    return np.array(spans, dtype=np.int64).reshape(-1, 2)
