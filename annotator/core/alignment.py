"""Find passages shared between articles: exact and near-exact reuse, with a
character mapping inside each matched pair. Pure Python + numpy + rapidfuzz.

How (and why this way)
----------------------
1. **Tokens.** Each article is cut into lower-cased word tokens (``\\w+``; every
   CJK character is a token of its own, as CJK text has no spaces). Punctuation and
   quote marks are not tokens, so ``"rebuild"`` and ``“rebuild”`` or ``–`` and ``—``
   match. Tokens inside noise regions (page clutter, found elsewhere) are dropped,
   and noise regions and paragraph ends are *barriers*: nothing below spans one, so
   clutter never seeds or joins a passage and a passage stays inside one paragraph
   on each side (the unit a researcher compares, and what the panes link).
   A newline is a paragraph end when a blank line follows, the line ends a sentence,
   or the line is short (a heading); a hard-wrapped line is not.
2. **Shingles.** Every run of :data:`K` = 5 consecutive tokens inside one segment is
   hashed (a stable 64-bit hash: CRC-32 of each word, combined polynomially in
   numpy). Five words are rare enough in news prose not to repeat by chance and
   short enough that a sentence with one edited word still keeps a few intact.
3. **Candidates, not all pairs.** Per article we keep the *winnowing*
   fingerprints (Schleimer et al. 2003): the minimum hash of every window of
   :data:`WINDOW` = 6 shingles, about 2 / 7 of them. Any stretch of at least
   ``WINDOW + K - 1`` = 10 identical tokens in two articles yields a common
   fingerprint, whatever surrounds it. An inverted index fingerprint -> articles
   (kept in the project, so adding one article looks up only its own ~250
   fingerprints) gives the pairs of articles sharing at least
   :data:`MIN_SHARED_FINGERPRINTS` = 2 of them: one shared 5-gram is chance, two are
   reuse. A fingerprint found in more than :data:`MAX_DOCUMENT_FREQUENCY` articles
   is ignored for candidates: a sign-off line in every article would otherwise make
   every pair a candidate (the cost is quadratic in that number). MinHash/LSH
   (datasketch) estimates whole-document similarity; a wire paragraph inside a long
   article barely moves it, so it would miss exactly the reuse we look for.
4. **Local alignment, candidates only.** For a candidate pair, every common shingle
   is a seed ``(i, j)``; seeds are chained when they follow each other within
   :data:`MAX_GAP` tokens on both sides and the two steps differ by at most
   :data:`MAX_SHIFT` tokens (a word or a few inserted or dropped). A chain is a
   matched region; overlapping chains keep the longer. Each region is widened to
   its sentence ends when only a few words (:data:`SNAP_WORDS`) separate them, so
   passages start and stop on sentences (a changed final word does not cut a
   sentence short).
5. **Character blocks.** On the two region texts, quote marks, dashes, case and
   white space are normalised one character for one (so offsets stay those of the
   stored text) and rapidfuzz's ``Indel.opcodes`` (longest common subsequence)
   gives the runs of equal characters: the ``blocks`` that
   :meth:`annotator.core.passages.Passage.map_offset` maps through.

Thresholds: a passage needs :data:`MIN_WORDS` = 8 matched words on each side (about
a sentence; shorter matches are set phrases and quotes, not reuse) and
:data:`MIN_CHARS` = 40 characters, and a similarity (identical characters on both
sides over the two lengths, Dice) of at least :data:`MIN_SIMILARITY` = 0.6: light
edits keep it above 0.9, a paragraph rewritten around a quoted sentence falls
apart into the quoted sentence alone.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

K = 5
WINDOW = 6
MIN_SHARED_FINGERPRINTS = 2
MAX_DOCUMENT_FREQUENCY = 100
MAX_GAP = 2 * K + 2
MAX_SHIFT = 4
SNAP_WORDS = 3
MIN_WORDS = 8
MIN_CHARS = 40
MIN_SIMILARITY = 0.6
MAX_REPEATS = 4  # a shingle repeated more often in one article seeds nothing (lists, tables)
SHORT_LINE = 60  # a line this short ending at a newline is a paragraph (heading, caption)
FINGERPRINT_BITS = 47  # fits SQLite's 6-byte integers

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|\n")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂"} | {c: "'" for c in "‘’‚‛‹›′`´"}
                        | {c: "-" for c in "‐‑‒–—―−"} | {c: " " for c in "\t\n\r\x0b\x0c\xa0\u2009\u200a\u202f\u3000"})
_OPENERS = "\"'“‘„«‹([¿¡"
_MASK = (1 << 64) - 1
_NO_SHINGLE = np.uint64(_MASK)
_P = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)

_word_hashes: dict[str, int] = {}


def _word_hash(word: str) -> int:
    h = _word_hashes.get(word)
    if h is None:
        if len(_word_hashes) > 2_000_000:  # a long session: keep the memo bounded
            _word_hashes.clear()
        h = _word_hashes[word] = zlib.crc32(word.encode("utf-8")) | (len(word) << 32)
    return h


@dataclass(frozen=True)
class Match:
    """A shared passage found in two texts (offsets into each; blocks as in ``Passage``)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    blocks: tuple[tuple[int, int, int], ...]


class Prepared:
    """One article cut into tokens and shingles, ready to be fingerprinted or aligned."""

    __slots__ = ("text", "starts", "ends", "segments", "shingles", "segment_bounds")

    def __init__(self, text: str, noise: Sequence[tuple[int, int]] = ()):
        self.text = text
        low = text.lower()
        if len(low) == len(text):
            spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(low)]
        else:  # a character whose lower case is longer (İ): fold word by word
            spans = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]
        noise = sorted((max(0, s), min(len(text), e)) for s, e in noise if e > s)
        barriers = sorted({*(_paragraph_ends(text)), *(s for s, _ in noise), *(e for _, e in noise)})
        if noise:
            spans = [t for t in spans if not _inside(noise, t[0], t[1])]
        n = len(spans)
        self.starts = np.fromiter((t[0] for t in spans), dtype=np.int64, count=n)
        self.ends = np.fromiter((t[1] for t in spans), dtype=np.int64, count=n)
        words = np.fromiter((_word_hash(t[2]) for t in spans), dtype=np.uint64, count=n)
        self.segments = np.searchsorted(np.asarray(barriers, dtype=np.int64), self.starts, side="right")
        # character bounds of each segment: [barrier before, barrier after), minus noise
        bounds = [0, *barriers, len(text)]
        self.segment_bounds = bounds
        self.shingles = _shingles(words, self.segments)

    def segment_range(self, token: int) -> tuple[int, int]:
        seg = int(self.segments[token])
        return self.segment_bounds[seg], self.segment_bounds[seg + 1]

    def fingerprints(self) -> np.ndarray:
        """The winnowed fingerprints (unique, sorted, non-negative < 2**47)."""
        h = self.shingles
        if len(h) == 0:
            return np.empty(0, dtype=np.int64)
        if len(h) >= WINDOW:
            mins = np.lib.stride_tricks.sliding_window_view(h, WINDOW).min(axis=1)
        else:
            mins = h.min(keepdims=True)
        mins = mins[mins != _NO_SHINGLE]
        return np.unique((mins >> np.uint64(64 - FINGERPRINT_BITS)).astype(np.int64))


def _inside(noise: list[tuple[int, int]], start: int, end: int) -> bool:
    from bisect import bisect_right

    i = bisect_right(noise, (start, 1 << 62)) - 1
    if i >= 0 and noise[i][1] > start:
        return True
    return i + 1 < len(noise) and noise[i + 1][0] < end


def _paragraph_ends(text: str) -> list[int]:
    """Offsets of the newlines that end a paragraph (see the module docstring)."""
    out = []
    line_start = 0
    for m in re.finditer("\n", text):
        pos = m.start()
        line = text[line_start:pos].rstrip()
        if (not line or len(line) < SHORT_LINE or line[-1] in ".!?…:\"'”’»)]"
                or text.startswith("\n", pos + 1) or text[pos + 1:pos + 2] in ("\r", " ", "\t", "•", "-", "*")):
            out.append(pos)
        line_start = pos + 1
    return out


def _shingles(words: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """Hash of tokens i..i+K-1 at i; ``_NO_SHINGLE`` where the run crosses a barrier."""
    n = len(words) - K + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for m in range(K):
            h = h * _P + words[m:m + n]
        h ^= h >> np.uint64(33)
        h *= _MIX1
        h ^= h >> np.uint64(33)
        h *= _MIX2
        h ^= h >> np.uint64(33)
    h[h == _NO_SHINGLE] = _NO_SHINGLE - np.uint64(1)
    h[segments[:n] != segments[K - 1:]] = _NO_SHINGLE
    return h


# -- candidates ------------------------------------------------------------------------

def candidate_pairs(fingerprints: dict[int, np.ndarray],
                    known: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Pairs ``(a, b)``, ``a < b``, of documents sharing at least
    :data:`MIN_SHARED_FINGERPRINTS` fingerprints.

    *fingerprints*: document -> its fingerprints (new documents). *known*: ``(hash,
    document)`` rows of documents aligned before, for the hashes the new ones have;
    they pair with the new documents (not with each other: they were paired already)
    and count towards :data:`MAX_DOCUMENT_FREQUENCY`.
    """
    docs = sorted(fingerprints)
    if not docs:
        return []
    hashes = np.concatenate([fingerprints[d] for d in docs])
    owners = np.concatenate([np.full(len(fingerprints[d]), d, dtype=np.int64) for d in docs])
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    old: dict[int, list[int]] = {}
    for h, d in known:
        if d not in fingerprints:
            old.setdefault(h, []).append(d)
    uniq, first, counts = np.unique(hashes, return_index=True, return_counts=True)
    pair_counts: Counter[tuple[int, int]] = Counter()
    for h, i, c in zip(uniq.tolist(), first.tolist(), counts.tolist()):
        olds = old.get(h, ())
        if (c < 2 and not olds) or c + len(olds) > MAX_DOCUMENT_FREQUENCY:
            continue
        new = owners[i:i + c].tolist()
        for x in range(c):
            a = new[x]
            for y in range(x + 1, c):
                b = new[y]
                pair_counts[(a, b) if a < b else (b, a)] += 1
            for b in olds:
                pair_counts[(a, b) if a < b else (b, a)] += 1
    return sorted(p for p, n in pair_counts.items() if n >= MIN_SHARED_FINGERPRINTS)


# -- local alignment --------------------------------------------------------------------

def align_texts(text_a: str, text_b: str, noise_a: Sequence[tuple[int, int]] = (),
                noise_b: Sequence[tuple[int, int]] = ()) -> list[Match]:
    """The passages two texts share, in the order of their start in *text_a*."""
    return align_prepared(Prepared(text_a, noise_a), Prepared(text_b, noise_b))


def align_prepared(pa: Prepared, pb: Prepared) -> list[Match]:
    seeds = _seeds(pa, pb)
    if not seeds:
        return []
    chains = _chains(seeds, pa, pb)
    out = []
    for i0, i1, j0, j1 in chains:
        match = _region(pa, pb, i0, i1, j0, j1)
        if match is not None:
            out.append(match)
    out.sort(key=lambda m: (m.a_start, m.b_start))
    return out


def _seeds(pa: Prepared, pb: Prepared) -> list[tuple[int, int]]:
    ha, hb = pa.shingles, pb.shingles
    if len(ha) == 0 or len(hb) == 0:
        return []
    common = np.intersect1d(ha, hb, assume_unique=False)
    common = common[common != _NO_SHINGLE]
    if len(common) == 0:
        return []
    ia = np.nonzero(np.isin(ha, common))[0].tolist()
    ib = np.nonzero(np.isin(hb, common))[0].tolist()
    in_b: dict[int, list[int]] = {}
    hb_list = hb[ib].tolist()
    for j, h in zip(ib, hb_list):
        in_b.setdefault(h, []).append(j)
    repeats_a = Counter(ha[ia].tolist())
    seeds = []
    for i, h in zip(ia, ha[ia].tolist()):
        js = in_b[h]
        if len(js) > MAX_REPEATS or repeats_a[h] > MAX_REPEATS:
            continue
        seeds.extend((i, j) for j in js)
    seeds.sort()
    return seeds


def _chains(seeds: list[tuple[int, int]], pa: Prepared, pb: Prepared) -> list[tuple[int, int, int, int]]:
    """Seeds chained along (near-)diagonals into token regions ``(i0, i_last, j0, j_last)``
    covering tokens ``i0 .. i_last + K - 1``; overlapping regions keep the longest."""
    seg_a, seg_b = pa.segments, pb.segments
    chains: list[list[int]] = []  # [i0, j0, i_last, j_last, seeds]
    active: list[list[int]] = []
    for i, j in seeds:
        active = [c for c in active if i - c[2] <= MAX_GAP]
        best, best_cost = None, None
        for c in active:
            di, dj = i - c[2], j - c[3]
            if di <= 0 or dj <= 0 or dj > MAX_GAP or abs(di - dj) > MAX_SHIFT:
                continue
            if seg_a[i] != seg_a[c[2]] or seg_b[j] != seg_b[c[3]]:
                continue
            cost = di + dj + 2 * abs(di - dj)
            if best_cost is None or cost < best_cost:
                best, best_cost = c, cost
        if best is None:
            c = [i, j, i, j, 1]
            chains.append(c)
            active.append(c)
        else:
            best[2], best[3], best[4] = i, j, best[4] + 1
    regions = []
    for i0, j0, il, jl, _ in chains:
        if min(il - i0, jl - j0) + K >= MIN_WORDS:
            regions.append((i0, il, j0, jl))
    regions.sort(key=lambda r: -(r[1] - r[0] + r[3] - r[2]))
    taken_a: list[tuple[int, int]] = []
    taken_b: list[tuple[int, int]] = []
    kept = []
    for i0, il, j0, jl in regions:
        a, b = (i0, il + K), (j0, jl + K)
        if any(a[0] < e and s < a[1] for s, e in taken_a) or any(b[0] < e and s < b[1] for s, e in taken_b):
            continue
        taken_a.append(a)
        taken_b.append(b)
        kept.append((i0, il, j0, jl))
    return kept


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """The start of the sentence holding *pos* (not before *floor*)."""
    best = floor
    for m in _SENTENCE_END.finditer(text, floor, pos):
        best = m.end()
    while best < pos and not (text[best].isalnum() or text[best] in _OPENERS):
        best += 1  # white space, bullets, dashes
    return best


def _sentence_end(text: str, pos: int, ceiling: int) -> int:
    m = _SENTENCE_END.search(text, pos, ceiling)
    end = ceiling if m is None else (m.start() if m.group() == "\n" else m.end())
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def _words(text: str) -> int:
    return len(_TOKEN.findall(text))


def _snap(pa: Prepared, pb: Prepared, i0: int, i_end: int, j0: int, j_end: int) -> tuple[int, int, int, int]:
    """Character range of the token region on each side, widened to sentence ends when
    only a few words lie between (on both sides)."""
    ta, tb = pa.text, pb.text
    a_lo, a_hi = pa.segment_range(i0)
    b_lo, b_hi = pb.segment_range(j0)
    a0, a1 = int(pa.starts[i0]), int(pa.ends[i_end])
    b0, b1 = int(pb.starts[j0]), int(pb.ends[j_end])
    sa, sb = _sentence_start(ta, a0, a_lo), _sentence_start(tb, b0, b_lo)
    if _words(ta[sa:a0]) <= SNAP_WORDS and _words(tb[sb:b0]) <= SNAP_WORDS:
        a0, b0 = min(a0, sa), min(b0, sb)
    ea, eb = _sentence_end(ta, a1, a_hi), _sentence_end(tb, b1, b_hi)
    if _words(ta[a1:ea]) <= SNAP_WORDS and _words(tb[b1:eb]) <= SNAP_WORDS:
        a1, b1 = max(a1, ea), max(b1, eb)
    return a0, a1, b0, b1


def _normal(text: str) -> str:
    """Quotes, dashes, spaces and case folded one character for one."""
    out = text.translate(_QUOTES)
    low = out.lower()
    if len(low) == len(out):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in out)


def _region(pa: Prepared, pb: Prepared, i0: int, il: int, j0: int, jl: int) -> Match | None:
    a0, a1, b0, b1 = _snap(pa, pb, i0, il + K - 1, j0, jl + K - 1)
    if min(a1 - a0, b1 - b0) < MIN_CHARS:
        return None
    blocks = character_blocks(pa.text[a0:a1], pb.text[b0:b1])
    same = sum(n for _, _, n in blocks)
    similarity = 2 * same / ((a1 - a0) + (b1 - b0))
    if similarity < MIN_SIMILARITY:
        return None
    return Match(a0, a1, b0, b1, round(min(similarity, 1.0), 4), blocks)


def character_blocks(a: str, b: str) -> tuple[tuple[int, int, int], ...]:
    """Runs of equal characters ``(a_offset, b_offset, length)``, increasing, after
    folding quotes, dashes, spaces and case one character for one."""
    ops = Indel.opcodes(_normal(a), _normal(b))
    return tuple((op.src_start, op.dest_start, op.src_end - op.src_start)
                 for op in ops if op.tag == "equal" and op.src_end > op.src_start)


__all__ = ["K", "MAX_DOCUMENT_FREQUENCY", "MIN_CHARS", "MIN_SHARED_FINGERPRINTS", "MIN_SIMILARITY", "MIN_WORDS",
           "WINDOW", "Match", "Prepared", "align_prepared", "align_texts", "candidate_pairs", "character_blocks"]
