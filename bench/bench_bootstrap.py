"""Bootstrap benchmark (a script, not a test): python bench/bench_bootstrap.py

Document-level bootstrap intervals (1,000 resamples) and jackknife SEs for every alpha,
kappa and unitizing alpha, per code, pooled and mean over codes, on 1,000 documents x 3
coders x 60,000 spans (bench_agreement.py's synthetic project); target under 10 s.
Baseline, timed in the same run: the point estimates alone (project_agreement without
the per-document breakdown, as `annotator agreement` computes them).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_agreement import CODERS, make_project  # noqa: E402

from annotator.core.agreement.bootstrap import bootstrap_agreement  # noqa: E402
from annotator.core.agreement.project import agreement_of, prepare  # noqa: E402


def timed(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    documents, spans = make_project()
    prepared = prepare(documents, spans, CODERS)
    base, _ = timed(lambda: agreement_of(prepared, "char", per_document=False), 5)
    boot, result = timed(lambda: bootstrap_agreement(prepared, resamples=1000, seed=1, jackknife=False), 3)
    both, result = timed(lambda: bootstrap_agreement(prepared, resamples=1000, seed=1), 3)
    alpha = result.overall["krippendorff_alpha"]
    print(f"{len(documents):,} documents x {len(CODERS)} coders x {len(spans):,} spans, "
          f"{len(prepared.codes)} codes")
    print(f"point estimates (baseline), median of 5: {base * 1000:.0f} ms")
    print(f"bootstrap, 1,000 resamples, every code and measure, median of 3: {boot:.2f} s "
          f"({boot / base:.1f}x the point estimates)   (target < 10 s)")
    print(f"bootstrap + jackknife over the 1,000 documents, median of 3: {both:.2f} s "
          f"({both / base:.1f}x the point estimates)")
    print(f"overall alpha {alpha.estimate:.3f}, 95% CI [{alpha.low:.3f}, {alpha.high:.3f}], "
          f"jackknife SE {alpha.jackknife_se:.4f}")


if __name__ == "__main__":
    main()
