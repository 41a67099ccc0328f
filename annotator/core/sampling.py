"""Drawing a reliability sample and sharing documents between coders. Pure Python + numpy
(imported when a sample is drawn, so that opening the window does not pay for it).

* :func:`parse_size`: ``"50"`` (documents) or ``"10%"`` (of the population).
* :func:`draw_sample`: a simple or stratified random sample, reproducible from its seed
  (numpy's PCG64 generator). Strata get a share of the sample proportional to their size
  (largest remainders), then documents are drawn without replacement inside each stratum.
* :func:`split_balanced`: a set split between coders without overlap, each coder's total
  length as even as a greedy longest-first assignment makes it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass



class SamplingError(ValueError):
    """A sample that cannot be drawn as asked (size, population); the message says why."""


@dataclass(frozen=True)
class Size:
    """``count`` documents, or ``fraction`` of the population (exactly one is set)."""

    count: int | None = None
    fraction: float | None = None

    def of(self, population: int) -> int:
        if self.count is not None:
            return self.count
        assert self.fraction is not None
        return max(1, int(round(self.fraction * population)))

    def __str__(self) -> str:
        return str(self.count) if self.count is not None else f"{self.fraction * 100:g}%"


def parse_size(text: str) -> Size:
    """``"50"`` -> 50 documents; ``"10%"`` -> a tenth of the population."""
    raw = str(text).strip()
    try:
        if raw.endswith("%"):
            pct = float(raw[:-1])
            if not 0 < pct <= 100:
                raise SamplingError(f"size {raw!r}: a percentage must be above 0 and at most 100")
            return Size(fraction=pct / 100)
        n = int(raw)
    except ValueError:
        raise SamplingError(f"size {raw!r}: give a number of documents (50) or a percentage (10%)") from None
    if n < 1:
        raise SamplingError(f"size {raw!r}: draw at least one document")
    return Size(count=n)


def allocate(strata_sizes: Sequence[int], n: int) -> list[int]:
    """Documents to draw per stratum: proportional to its size, largest remainders first,
    never more than the stratum holds. Ties go to the earlier stratum."""
    import numpy as np  # here, not at import: the window's start does not pay for it

    sizes = np.asarray(strata_sizes, np.int64)
    total = int(sizes.sum())
    if n > total:
        raise SamplingError(f"cannot draw {n} documents from {total}")
    exact = sizes * n / total
    take = np.floor(exact).astype(np.int64)
    remainder = exact - take
    order = sorted(range(len(sizes)), key=lambda i: (-remainder[i], i))
    for i in order[: n - int(take.sum())]:
        take[i] += 1
    return take.tolist()


def draw_sample(
    population: Sequence[tuple[Hashable, Hashable]], size: Size, seed: int
) -> list[Hashable]:
    """Draw from *population* ``[(doc_id, stratum), ...]`` (one stratum for a simple sample).

    Strata are taken in sorted order and documents in the order given, so the same
    population, size and seed always give the same sample. Returns the drawn ids in
    stratum order, then draw order."""
    import numpy as np  # here, not at import: the window's start does not pay for it

    if not population:
        raise SamplingError("no documents to draw from")
    n = size.of(len(population))
    if n > len(population):
        raise SamplingError(f"cannot draw {n} documents from {len(population)}")
    strata: dict[Hashable, list[Hashable]] = {}
    for doc_id, stratum in population:
        strata.setdefault(stratum, []).append(doc_id)
    keys = sorted(strata, key=lambda k: (str(type(k)), str(k)))
    take = allocate([len(strata[k]) for k in keys], n)
    rng = np.random.default_rng(seed)
    drawn: list[Hashable] = []
    for key, k in zip(keys, take):
        members = strata[key]
        picks = rng.choice(len(members), size=k, replace=False) if k else []
        drawn += [members[int(i)] for i in picks]
    return drawn


def split_balanced(
    documents: Sequence[tuple[Hashable, int]], coders: Sequence[Hashable]
) -> dict[Hashable, list[Hashable]]:
    """Each document to one coder, longest first to the coder with the least text so far
    (ties: fewer documents, then the order *coders* are given). Deterministic."""
    if not coders:
        raise SamplingError("name at least one coder")
    load = {c: [0, 0] for c in coders}
    out: dict[Hashable, list[Hashable]] = {c: [] for c in coders}
    rank = {c: i for i, c in enumerate(coders)}
    for doc_id, length in sorted(documents, key=lambda d: -d[1]):
        who = min(coders, key=lambda c: (load[c][0], load[c][1], rank[c]))
        out[who].append(doc_id)
        load[who][0] += length
        load[who][1] += 1
    return out
