"""Agreement benchmark (a script, not a test): python bench/bench_agreement.py

1. project_agreement on 1,000 documents x 3 coders x 60,000 spans, every measure per
   code, per document and overall; target under 2 s; peak memory via tracemalloc.
2. krippendorff_alpha on a 5 x 100,000 matrix with missing values, timed side by side
   with the `krippendorff` package.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from annotator.core.agreement import krippendorff_alpha, project_agreement

N_DOCS, CODERS, N_SPANS, N_CODES = 1_000, ("ana", "ben", "cem"), 60_000, 10


def make_project(seed: int = 1):
    """Coders who mostly agree: each coder's spans are jittered copies of shared ones."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(2_000, 8_000, N_DOCS)
    documents = {f"doc{i}": int(n) for i, n in enumerate(lengths)}
    per_coder = N_SPANS // len(CODERS)
    doc = rng.integers(0, N_DOCS, per_coder)
    code = rng.integers(0, N_CODES, per_coder)
    width = rng.integers(5, 400, per_coder)
    start = (rng.random(per_coder) * (lengths[doc] - width)).astype(np.int64)
    spans = []
    for coder in CODERS:
        s = np.clip(start + rng.integers(-15, 16, per_coder), 0, None)
        e = np.minimum(np.maximum(s + 1, start + width + rng.integers(-15, 16, per_coder)),
                       lengths[doc])
        recode = rng.random(per_coder) < 0.1  # one span in ten gets another code
        c = np.where(recode, rng.integers(0, N_CODES, per_coder), code)
        spans += [(f"doc{d}", f"code{k}", coder, int(a), int(b))
                  for d, k, a, b in zip(doc.tolist(), c.tolist(), s.tolist(), e.tolist())]
    return documents, spans


def bench_project() -> None:
    documents, spans = make_project()
    project_agreement(documents, spans[:1000], CODERS)  # warm-up
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = project_agreement(documents, spans, CODERS)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    project_agreement(documents, spans, CODERS, per_document=False)
    codes_only = time.perf_counter() - t0
    tokens = {d: np.stack([np.arange(0, n - 5, 6), np.arange(0, n - 5, 6) + 5], axis=1)
              for d, n in documents.items()}  # a 5-letter word every 6 characters
    t0 = time.perf_counter()
    project_agreement(documents, spans, CODERS, unit="token", tokens=tokens)
    token_time = time.perf_counter() - t0
    excluded = {d: [(0, 200)] for d in documents}  # e.g. a boilerplate header as noise
    t0 = time.perf_counter()
    project_agreement(documents, spans, CODERS, excluded=excluded)
    noise_time = time.perf_counter() - t0
    tracemalloc.start()
    project_agreement(documents, spans, CODERS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"project_agreement: {N_DOCS:,} documents x {len(CODERS)} coders x {len(spans):,} spans, "
          f"{N_CODES} codes, {sum(documents.values()):,} characters")
    print(f"  all measures, per code + per document + overall: best {min(times):.3f} s "
          f"(runs: {', '.join(f'{t:.3f}' for t in times)}) target < 2 s")
    print(f"  per code + overall only (per_document=False): {codes_only:.3f} s")
    print(f"  token level ({sum(len(t) for t in tokens.values()):,} tokens): {token_time:.3f} s; "
          f"character level with a noise region per document: {noise_time:.3f} s")
    print(f"  peak memory (tracemalloc): {peak / 2**20:.1f} MiB")
    o = result.overall
    print(f"  overall: alpha {o.krippendorff_alpha.value:.4f}  fleiss {o.fleiss_kappa.value:.4f}  "
          f"u-alpha {o.unitizing_alpha.value:.4f}  F1 exact {o.f1_exact.f1.value:.4f}  "
          f"F1 overlap {o.f1_overlap.f1.value:.4f}  units {o.units:,}")


def bench_alpha() -> None:
    import krippendorff

    rng = np.random.default_rng(2)
    truth = rng.integers(1, 6, 100_000)
    data = np.where(rng.random((5, 100_000)) < 0.8, truth, rng.integers(1, 6, (5, 100_000)))
    data = data.astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    print("krippendorff_alpha on 5 x 100,000 (values 1-5, 10% missing):")
    for level in ("nominal", "ordinal", "interval", "ratio"):
        ours_t, theirs_t = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            ours = krippendorff_alpha(data, level).value
            ours_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
            theirs_t.append(time.perf_counter() - t0)
        print(f"  {level:8s} ours {min(ours_t) * 1000:7.1f} ms  "
              f"krippendorff {min(theirs_t) * 1000:7.1f} ms"
              f"  ratio (theirs/ours) {min(theirs_t) / min(ours_t):5.2f}  "
              f"alpha {ours:.6f} vs {theirs:.6f}")


if __name__ == "__main__":
    bench_project()
    bench_alpha()
