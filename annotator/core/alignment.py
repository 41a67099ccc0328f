"""Find passages shared between articles: exact and near-exact reuse, with a
character mapping inside each matched pair. Pure Python + numpy + rapidfuzz.
Which pairs of texts are aligned at all (each copy once, with its cluster's
representative) is :mod:`annotator.core.clusters`.

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
   :data:`WINDOW` = 6 shingles, about 2 / 7 of them, with where each one starts. Any
   stretch of at least ``WINDOW + K - 1`` = 10 identical tokens in two articles yields
   a common fingerprint, whatever surrounds it. The fingerprints go to a *reuse
   index* (hash -> owner), and :mod:`annotator.core.clusters` looks each new article
   up there: an owner is a *cluster* of one reused text (the fingerprints of its
   representative copy) or an article (its text that is in no cluster yet). An owner
   sharing at least :data:`MIN_SHARED_FINGERPRINTS` = 2 fingerprints (one, for a
   cluster) is a target: one shared 5-gram of two articles' own text is chance, two
   are reuse. So a new article is aligned with the few distinct texts it shares, not
   with every article that printed them: a wire paragraph in 500 outlets is one
   cluster, and the 501st copy is one alignment. Boilerplate (an outlet's furniture,
   stock sentences in unrelated stories) is recognised on the clusters, not by how
   often a text occurs. MinHash/LSH (datasketch) estimates whole-document similarity;
   a wire paragraph inside a long article barely moves it, so it would miss exactly
   the reuse we look for. :func:`candidate_pairs` (every pair of articles sharing
   fingerprints) is the per-pair method this replaced, kept as the benchmark's baseline.
4. **Local alignment.** For an article and a target, every common shingle is a seed
   ``(i, j)``; seeds are chained when they follow each other within :data:`MAX_GAP`
   tokens on both sides and the two steps differ by at most :data:`MAX_SHIFT` tokens
   (a word or a few inserted or dropped). A chain is a matched region; overlapping
   chains keep the longer (against a cluster's representative, two copies in one
   article both match it). Each region then grows to its sentence's edges, and on,
   sentence by sentence (:data:`EDGE_SENTENCES`), while the words up to the next edge
   are the same sentence edited on both sides: at most :data:`SNAP_WORDS` words, or up
   to :data:`EDGE_WORDS` with the same numbers and an Indel similarity of the words
   (compared on their first four letters, so "Sept." is "September") of at least
   :data:`EDGE_SIMILARITY`. Two regions of one paragraph separated by an edited gap
   of at most :data:`GAP_WORDS` words, about as long on both sides and with the same
   numbers, become one passage. A dateline ("BAKU, Azerbaijan — ") is never a
   sentence's head.
5. **Character blocks.** On the two region texts, quote marks, dashes, case and
   white space are normalised one character for one (so offsets stay those of the
   stored text) and rapidfuzz's ``Indel.opcodes`` (longest common subsequence)
   gives the runs of equal characters: the ``blocks`` that
   :meth:`annotator.core.passages.Passage.map_offset` maps through. A passage
   longer than :data:`PIECE` characters is cut at seeds (starts of identical
   shingles) and aligned piece by piece, so memory and time stay linear.

Thresholds: a passage needs :data:`MIN_WORDS` = 8 matched words on each side (about
a sentence; shorter matches are set phrases and quotes, not reuse) and
:data:`MIN_CHARS` = 40 characters, and a similarity (identical characters on both
sides over the two lengths, Dice) of at least :data:`MIN_SIMILARITY` = 0.6: light
edits keep it above 0.9, a paragraph rewritten around a quoted sentence falls
apart into the quoted sentence alone.

Results are stored with :data:`VERSION`; a project aligned by another version is
aligned again from scratch (its fingerprints would no longer match).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

VERSION = "2"  # bump when tokens, hashes or thresholds change: stored results are then recomputed
K = 5
WINDOW = 6
MIN_SHARED_FINGERPRINTS = 2
MAX_DOCUMENT_FREQUENCY = 200  # candidate_pairs() only: the per-pair baseline skipped text in more articles
MAX_GAP = 2 * K + 2
MAX_SHIFT = 4
SNAP_WORDS = 3
EDGE_WORDS = 30  # a sentence's edited head or tail (or a whole edited sentence) this long may join its passage
EDGE_SENTENCES = 4  # edited sentences next to a passage that may join it, each way
EDGE_SIMILARITY = 0.4
GAP_WORDS = 15  # two passages of one paragraph this close, with a gap alike, are one
MIN_WORDS = 8
MIN_CHARS = 40
MIN_SIMILARITY = 0.6
MAX_REPEATS = 4  # a shingle repeated more often in one article seeds nothing (lists, tables)
SHORT_LINE = 60  # a line this short ending at a newline is a paragraph (heading, caption)
FINGERPRINT_BITS = 47  # fits SQLite's 6-byte integers
PIECE = 2_000  # characters: the character alignment of a long passage is done piece by piece

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|\n")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂"} | {c: "'" for c in "‘’‚‛‹›′`´"}
                        | {c: "-" for c in "‐‑‒–—―−"}
                        | {c: " " for c in "\t\n\r\x0b\x0c\xa0\u2009\u200a\u202f\u3000"})
# "BAKU, Azerbaijan — ", "LONDON (Reuters) - ": where the story was filed, not part of its first sentence
_DATELINE = re.compile(r"[A-Z][A-Z .'-]+(?:, [\w .'-]{2,40})?(?: \([\w .]{2,20}\))? ?[—–:-]+ ?")
_OPENERS = "\"'“‘„«‹([¿¡"
_MASK = (1 << 64) - 1
_NO_SHINGLE = np.uint64(_MASK)
_P = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_R = np.uint64(0x9E3779B97F4A7C15)  # odd, so invertible mod 2**64
_R_INV = np.uint64(pow(0x9E3779B97F4A7C15, -1, 1 << 64))
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))

_word_table: np.ndarray | None = None


def _is_word_char() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane: does ``\\w`` match it."""
    global _word_table
    if _word_table is None:
        chars = "".join(map(chr, range(0x10000)))
        _word_table = np.zeros(0x10000, dtype=bool)
        _word_table[[m.start() for m in re.finditer(r"\w", chars)]] = True
    return _word_table


def _fold(text: str) -> str:
    """Lower case, one character for one (a character whose lower case is longer stays)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _tokenize(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token starts, ends and 64-bit hashes of the lower-cased tokens, all in numpy:
    a token is a run of ``\\w`` characters, or one CJK character. The hash is the
    polynomial ``sum(c[start + m] * R**m)`` mod 2**64 over the code points, mixed with
    the length: stable across runs and machines (it is stored)."""
    n = len(text)
    if n == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(_fold(text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    table = _is_word_char()
    word = np.zeros(n, dtype=bool)
    bmp = codes < 0x10000
    word[bmp] = table[codes[bmp]]
    if not bmp.all():
        for i in np.nonzero(~bmp)[0].tolist():
            word[i] = text[i].isalnum()
    cjk = np.zeros(n, dtype=bool)
    for lo, hi in _CJK_RANGES:
        cjk |= (codes >= lo) & (codes <= hi)
    prev_word = np.concatenate(([False], word[:-1]))
    prev_cjk = np.concatenate(([False], cjk[:-1]))
    next_word = np.concatenate((word[1:], [False]))
    next_cjk = np.concatenate((cjk[1:], [False]))
    starts = np.nonzero(word & (~prev_word | cjk | prev_cjk))[0]
    ends = np.nonzero(word & (~next_word | cjk | next_cjk))[0] + 1
    with np.errstate(over="ignore"):
        c = codes.astype(np.uint64)
        powers = np.cumprod(np.full(n, _R, dtype=np.uint64))  # R**1 .. R**n
        inverse = np.cumprod(np.full(n, _R_INV, dtype=np.uint64))
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(c * powers, dtype=np.uint64)))
        sums = prefix[ends] - prefix[starts]  # sum c[i] * R**(i+1)
        hashes = sums * inverse[starts] + (ends - starts).astype(np.uint64) * _MIX1  # / R**(start+1)
    return starts.astype(np.int64), ends.astype(np.int64), hashes


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


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

    __slots__ = ("text", "starts", "ends", "segments", "shingles", "segment_bounds", "_positions")

    def __init__(self, text: str, noise: Sequence[tuple[int, int]] = ()):
        self.text = text
        self._positions: tuple[dict[int, int], dict[int, list[int]]] | None = None
        self.starts, self.ends, hashes = _tokenize(text)
        noise = _merged((max(0, s), min(len(text), e)) for s, e in noise if e > s)
        barriers = np.asarray(sorted({*(_paragraph_ends(text)), *(s for s, _ in noise), *(e for _, e in noise)}),
                              dtype=np.int64)
        if noise:
            n_starts = np.asarray([s for s, _ in noise], dtype=np.int64)
            n_ends = np.asarray([e for _, e in noise], dtype=np.int64)
            k = np.searchsorted(n_starts, self.ends, side="left") - 1
            hit = (k >= 0) & (n_ends[np.maximum(k, 0)] > self.starts)
            keep = ~hit
            self.starts, self.ends, hashes = self.starts[keep], self.ends[keep], hashes[keep]
        self.segments = np.searchsorted(barriers, self.starts, side="right")
        # character bounds of each segment: [barrier before, barrier after)
        self.segment_bounds = [0, *barriers.tolist(), len(text)]
        self.shingles = _shingles(hashes, self.segments)

    def positions(self) -> tuple[dict[int, int], dict[int, list[int]]]:
        """Shingle hash -> the token position where it starts, and for the hashes
        found more than once, all their positions (barrier-crossing ones left out)."""
        if self._positions is None:
            hl = self.shingles.tolist()
            first = dict(zip(hl, range(len(hl))))
            repeats: dict[int, list[int]] = {}
            if len(first) < len(hl):
                values, counts = np.unique(self.shingles, return_counts=True)
                for h in values[counts > 1].tolist():
                    repeats[h] = np.nonzero(self.shingles == np.uint64(h))[0].tolist()
            first.pop(_MASK, None)
            repeats.pop(_MASK, None)
            self._positions = (first, repeats)
        return self._positions

    def segment_range(self, token: int) -> tuple[int, int]:
        seg = int(self.segments[token])
        return self.segment_bounds[seg], self.segment_bounds[seg + 1]

    def fingerprints(self) -> np.ndarray:
        """The winnowed fingerprints (unique, sorted, non-negative < 2**47)."""
        return np.unique(self.fingerprint_positions()[0])

    def shingle_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """Every shingle (not only the winnowed ones) as a key of the fingerprints' kind, and
        the character offset where it starts: a cluster's representative is indexed whole."""
        h = self.shingles
        keep = np.nonzero(h != _NO_SHINGLE)[0]
        return (h[keep] >> np.uint64(64 - FINGERPRINT_BITS)).astype(np.int64), self.starts[keep]

    def fingerprint_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """The winnowed fingerprints (non-negative < 2**47) and the character offset
        where each one's shingle starts, in text order (a fingerprint chosen by several
        windows once)."""
        h = self.shingles
        if len(h) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        if len(h) >= WINDOW:
            at = np.lib.stride_tricks.sliding_window_view(h, WINDOW).argmin(axis=1) + np.arange(len(h) - WINDOW + 1)
            at = np.unique(at)
        else:
            at = np.asarray([int(h.argmin())])
        at = at[h[at] != _NO_SHINGLE]
        return (h[at] >> np.uint64(64 - FINGERPRINT_BITS)).astype(np.int64), self.starts[at]


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
    """The per-pair method's candidates (the benchmark's baseline; alignment itself goes
    through :mod:`annotator.core.clusters`): pairs ``(a, b)``, ``a < b``, of documents sharing at least
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
    owners = np.repeat(np.asarray(docs, dtype=np.int64), [len(fingerprints[d]) for d in docs])
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    del order
    old: dict[int, list[int]] = {}
    for h, d in known:
        if d not in fingerprints:
            old.setdefault(h, []).append(d)
    first = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1]))) if len(hashes) else \
        np.empty(0, dtype=np.int64)
    counts = np.diff(np.append(first, len(hashes)))
    shared = counts >= 2
    if old:
        shared |= np.isin(hashes[first], np.fromiter(old, dtype=np.int64, count=len(old)))
    first, counts = first[shared], counts[shared]  # most hashes are in one document only
    uniq = hashes[first]
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


def align_prepared(pa: Prepared, pb: Prepared, b_ranges: Sequence[tuple[int, int]] | None = None,
                   *, repeats: bool = False) -> list[Match]:
    """The passages *pa* and *pb* share; *b_ranges*: only text of *pb* starting inside
    these character ranges seeds a passage (a cluster's representative, say).
    *repeats* (for a cluster's representative, which is reuse already): text *pa* prints
    twice matches the same text of *pb* twice, and one common shingle may start a
    passage (it must still reach :data:`MIN_WORDS` words once grown to its sentences)."""
    seeds = _seeds(pa, pb)
    if b_ranges is not None and seeds:
        mask = np.zeros(len(pb.starts), dtype=bool)
        for start, end in b_ranges:
            mask[np.searchsorted(pb.starts, start):np.searchsorted(pb.starts, end)] = True
        allowed = mask.tolist()
        seeds = [(i, j) for i, j in seeds if allowed[j]]
    if not seeds:
        return []
    chains = _chains(seeds, pa, pb, repeats)
    out = []
    for i0, i1, j0, j1, chain in chains:
        clip = None
        if b_ranges is not None:  # a passage never grows out of the range it was sought in
            at = int(pb.starts[j0])
            clip = next(((s, e) for s, e in b_ranges if s <= at < e), None)
        match = _region(pa, pb, i0, i1, j0, j1, chain, clip)
        if match is not None:
            out.append(match)
    out.sort(key=lambda m: (m.a_start, m.b_start))
    return _bridged(pa, pb, out)


def _bridged(pa: Prepared, pb: Prepared, matches: list[Match]) -> list[Match]:
    """Consecutive passages of one paragraph on both sides joined into one when the
    words between them are the same stretch edited (:func:`_gap_alike`): a sentence with
    several edited words stays one passage instead of falling apart around the edits."""
    out: list[Match] = []
    for m in matches:
        last = out[-1] if out else None
        if (last is not None and last.a_end <= m.a_start and last.b_end <= m.b_start
                and _same_segment(pa, last.a_end, m.a_start) and _same_segment(pb, last.b_end, m.b_start)
                and _gap_alike(pa.text[last.a_end:m.a_start], pb.text[last.b_end:m.b_start])):
            gap = character_blocks(pa.text[last.a_end:m.a_start], pb.text[last.b_end:m.b_start])
            blocks = _joined_blocks([(last.blocks, 0, 0),
                                     (gap, last.a_end - last.a_start, last.b_end - last.b_start),
                                     (m.blocks, m.a_start - last.a_start, m.b_start - last.b_start)])
            same = sum(n for _, _, n in blocks)
            sim = 2 * same / ((m.a_end - last.a_start) + (m.b_end - last.b_start))
            out[-1] = Match(last.a_start, m.a_end, last.b_start, m.b_end, round(min(sim, 1.0), 4), blocks)
        else:
            out.append(m)
    return out


def _joined_blocks(parts: list[tuple[Sequence[tuple[int, int, int]], int, int]]) -> tuple[tuple[int, int, int], ...]:
    """Blocks of consecutive pieces, each shifted by its offsets, runs that touch merged."""
    out: list[tuple[int, int, int]] = []
    for blocks, dx, dy in parts:
        for x, y, n in blocks:
            x, y = x + dx, y + dy
            if out and out[-1][0] + out[-1][2] == x and out[-1][1] + out[-1][2] == y:
                out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n)
            else:
                out.append((x, y, n))
    return tuple(out)


def _same_segment(p: Prepared, start: int, end: int) -> bool:
    """Whether no paragraph end or noise region lies in ``[start, end)``."""
    bounds = p.segment_bounds
    k = bisect.bisect_right(bounds, start)
    return k >= len(bounds) or bounds[k] >= end


def _gap_alike(x: str, y: str) -> bool:
    """The words between two passages are an edited stretch of the same text: at most
    :data:`GAP_WORDS` on each side, about as many on both, the same numbers."""
    wx, wy = _TOKEN.findall(x.lower()), _TOKEN.findall(y.lower())
    if max(len(wx), len(wy)) > GAP_WORDS or abs(len(wx) - len(wy)) > max(3, max(len(wx), len(wy)) // 2):
        return False
    return [w for w in wx if w.isdigit()] == [w for w in wy if w.isdigit()]


def _seeds(pa: Prepared, pb: Prepared) -> list[tuple[int, int]]:
    (in_a, rep_a), (in_b, rep_b) = pa.positions(), pb.positions()
    common = in_b.keys() & in_a.keys() if len(in_a) > len(in_b) else in_a.keys() & in_b.keys()
    seeds = []
    for h in common:
        if h in rep_a or h in rep_b:
            ia, jb = rep_a.get(h) or [in_a[h]], rep_b.get(h) or [in_b[h]]
            if len(ia) <= MAX_REPEATS and len(jb) <= MAX_REPEATS:
                seeds.extend((i, j) for i in ia for j in jb)
        else:
            seeds.append((in_a[h], in_b[h]))
    seeds.sort()
    return seeds


def _chains(seeds: list[tuple[int, int]], pa: Prepared, pb: Prepared, repeats: bool = False) -> list[tuple]:
    """Seeds chained along (near-)diagonals into token regions ``(i0, i_last, j0, j_last,
    seeds)`` covering tokens ``i0 .. i_last + K - 1``; overlapping regions keep the longest."""
    seg_a, seg_b = pa.segments, pb.segments
    chains: list[list] = []  # [i0, j0, i_last, j_last, seeds]
    active: list[list] = []
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
            c = [i, j, i, j, [(i, j)]]
            chains.append(c)
            active.append(c)
        else:
            best[2], best[3] = i, j
            best[4].append((i, j))
    regions = []
    for i0, j0, il, jl, chain in chains:
        if min(il - i0, jl - j0) + K >= (K if repeats else MIN_WORDS):
            regions.append((i0, il, j0, jl, chain))
    regions.sort(key=lambda r: -(r[1] - r[0] + r[3] - r[2]))
    taken_a: list[tuple[int, int]] = []
    taken_b: list[tuple[int, int]] = []
    kept = []
    for region in regions:
        i0, il, j0, jl, _ = region
        a, b = (i0, il + K), (j0, jl + K)
        if any(a[0] < e and s < a[1] for s, e in taken_a) or (
                not repeats and any(b[0] < e and s < b[1] for s, e in taken_b)):
            continue
        taken_a.append(a)
        taken_b.append(b)
        kept.append(region)
    return kept


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """The start of the sentence holding *pos* (not before *floor*)."""
    best = floor
    for m in _SENTENCE_END.finditer(text, floor, pos):
        best = m.end()
    while best < pos and not (text[best].isalnum() or text[best] in _OPENERS):
        best += 1  # white space, bullets, dashes
    dateline = _DATELINE.match(text, best)
    if dateline is None:
        return best
    return dateline.end() if dateline.end() <= pos else pos  # a dateline is never a sentence's head


def _sentence_end(text: str, pos: int, ceiling: int) -> int:
    m = _SENTENCE_END.search(text, pos, ceiling)
    end = ceiling if m is None else (m.start() if m.group() == "\n" else m.end())
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def _words(text: str) -> int:
    return len(_TOKEN.findall(text))


def _alike(x: str, y: str) -> bool:
    """Whether the rest of a sentence, *x* on one side and *y* on the other, is the same
    sentence edited: a few words at most on each side, or up to :data:`EDGE_WORDS` words
    with the same numbers that still match closely word for word (Indel similarity at
    least :data:`EDGE_SIMILARITY`)."""
    wx, wy = _TOKEN.findall(x.lower()), _TOKEN.findall(y.lower())
    if len(wx) <= SNAP_WORDS and len(wy) <= SNAP_WORDS:
        return True
    if max(len(wx), len(wy)) > EDGE_WORDS:
        return False
    if [w for w in wx if w.isdigit()] != [w for w in wy if w.isdigit()]:
        return False
    # words compared on their first four letters: "Sept." is "September", "govt" is "government"
    return Indel.normalized_similarity([w[:4] for w in wx], [w[:4] for w in wy]) >= EDGE_SIMILARITY


def _snap(pa: Prepared, pb: Prepared, i0: int, i_end: int, j0: int, j_end: int,
          clip: tuple[int, int] | None = None) -> tuple[int, int, int, int]:
    """Character range of the token region on each side, widened to sentence ends when
    what lies between is the same sentence edited (:func:`_alike`, on both sides), and
    then sentence by sentence inside the paragraph while the next sentences on the two
    sides are still alike; *clip*: a range of *pb* the passage stays inside."""
    ta, tb = pa.text, pb.text
    a_lo, a_hi = pa.segment_range(i0)
    b_lo, b_hi = pb.segment_range(j0)
    if clip is not None:
        b_lo, b_hi = max(b_lo, clip[0]), min(b_hi, clip[1])
    a0, a1 = int(pa.starts[i0]), int(pa.ends[i_end])
    b0, b1 = int(pb.starts[j0]), int(pb.ends[j_end])
    b0, b1 = max(b0, b_lo), max(min(b1, b_hi), max(b0, b_lo))
    for _ in range(EDGE_SENTENCES):  # sentence by sentence towards the paragraph's start ...
        sa, sb = _sentence_start(ta, a0, a_lo), _sentence_start(tb, b0, b_lo)
        if sa == a0 and sb == b0:  # at a sentence start on both sides: the sentences before
            back_a, back_b = _back(ta, a0, a_lo), _back(tb, b0, b_lo)
            if back_a <= a_lo or back_b <= b_lo:
                break  # the paragraph starts here on one side
            sa, sb = _sentence_start(ta, back_a, a_lo), _sentence_start(tb, back_b, b_lo)
            if sa == a0 or sb == b0:
                break
        if (sa, sb) == (a0, b0) or not _alike(ta[sa:a0], tb[sb:b0]):
            break
        a0, b0 = min(a0, sa), min(b0, sb)
    for _ in range(EDGE_SENTENCES):  # ... and towards its end
        ea, eb = _sentence_end(ta, a1, a_hi), _sentence_end(tb, b1, b_hi)
        if (ea, eb) == (a1, b1) or (_ends_sentence(ta, a1) and _ends_sentence(tb, b1) and (ea == a1 or eb == b1)) \
                or not _alike(ta[a1:ea], tb[b1:eb]):
            break
        a1, b1 = max(a1, ea), max(b1, eb)
    return a0, a1, b0, b1


def _whole_sentences(p: Prepared, start: int, end: int, token: int) -> bool:
    """Whether ``[start, end)`` starts and ends on sentence edges of its paragraph."""
    lo, hi = p.segment_range(token)
    return (_sentence_start(p.text, start, lo) == start and (end >= hi or _ends_sentence(p.text, end)
                                                             or not p.text[end:hi].strip()))


def _ends_sentence(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1] in ".!?…\"'”’»)]"


def _back(text: str, pos: int, floor: int) -> int:
    """*pos* moved back over white space and punctuation (into the sentence before)."""
    while pos > floor and not text[pos - 1].isalnum():
        pos -= 1
    return pos


def _normal(text: str) -> str:
    """Quotes, dashes, spaces and case folded one character for one."""
    out = text.translate(_QUOTES)
    low = out.lower()
    if len(low) == len(out):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in out)


def _region(pa: Prepared, pb: Prepared, i0: int, il: int, j0: int, jl: int,
            chain: list[tuple[int, int]], clip: tuple[int, int] | None = None) -> Match | None:
    a0, a1, b0, b1 = _snap(pa, pb, i0, il + K - 1, j0, jl + K - 1, clip)
    if min(a1 - a0, b1 - b0) < MIN_CHARS or min(
            np.searchsorted(pa.starts, a1) - np.searchsorted(pa.starts, a0),
            np.searchsorted(pb.starts, b1) - np.searchsorted(pb.starts, b0)) < MIN_WORDS:
        return None
    if min(il - i0, jl - j0) + K < MIN_WORDS and not (
            _whole_sentences(pa, a0, a1, i0) and _whole_sentences(pb, b0, b1, j0)):
        return None  # grown from less than a sentence in common: only whole sentences alike count
    # long regions are cut at seeds (the starts of identical shingles) every
    # PIECE characters or so: the character alignment stays small and linear overall
    anchors = [(a0, b0)]
    for i, j in chain:
        x, y = int(pa.starts[i]), int(pb.starts[j])
        if x - anchors[-1][0] >= PIECE and y > anchors[-1][1] and a1 - x >= PIECE // 4:
            anchors.append((x, y))
    anchors.append((a1, b1))
    blocks: list[tuple[int, int, int]] = []
    for (x0, y0), (x1, y1) in zip(anchors, anchors[1:]):
        for x, y, n in character_blocks(pa.text[x0:x1], pb.text[y0:y1]):
            x, y = x + x0 - a0, y + y0 - b0
            if blocks and blocks[-1][0] + blocks[-1][2] == x and blocks[-1][1] + blocks[-1][2] == y:
                blocks[-1] = (blocks[-1][0], blocks[-1][1], blocks[-1][2] + n)
            else:
                blocks.append((x, y, n))
    same = sum(n for _, _, n in blocks)
    similarity = 2 * same / ((a1 - a0) + (b1 - b0))
    if similarity < MIN_SIMILARITY:
        return None
    return Match(a0, a1, b0, b1, round(min(similarity, 1.0), 4), tuple(blocks))


def character_blocks(a: str, b: str) -> tuple[tuple[int, int, int], ...]:
    """Runs of equal characters ``(a_offset, b_offset, length)``, increasing, after
    folding quotes, dashes, spaces and case one character for one."""
    ops = Indel.opcodes(_normal(a), _normal(b))
    return tuple((op.src_start, op.dest_start, op.src_end - op.src_start)
                 for op in ops if op.tag == "equal" and op.src_end > op.src_start)


__all__ = ["K", "MAX_DOCUMENT_FREQUENCY", "MIN_CHARS", "MIN_SHARED_FINGERPRINTS", "MIN_SIMILARITY", "MIN_WORDS",
           "VERSION", "WINDOW", "Match", "Prepared", "align_prepared", "align_texts", "candidate_pairs",
           "character_blocks"]
