"""The agreement dock's intervals off the GUI thread (a script, not a test):

    .venv/bin/python bench/bench_intervals_ui.py

On bench_agreement.py's synthetic project (1,000 documents x 3 coders x 60,000 spans),
the 1,000-resample bootstrap runs in the dock's worker (annotator/ui/agreement/intervals.py)
while a 10 ms timer ticks on the GUI thread. Printed: how long the bootstrap took, and the
longest the event loop went without a tick meanwhile (what a user would feel as a frozen
window), as a share of the bootstrap. Baseline in the same run: the same bootstrap on the
GUI thread, which blocks the loop for all of it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from bench_agreement import CODERS, make_project  # noqa: E402

from annotator.core.agreement.bootstrap import bootstrap_agreement  # noqa: E402
from annotator.core.agreement.project import prepare  # noqa: E402
from annotator.store.agreement import AgreementInputs  # noqa: E402

TICK_MS = 10


def main() -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.agreement.intervals import IntervalWorker

    app = QApplication.instance() or QApplication([])
    documents, spans = make_project()
    inputs = AgreementInputs(documents, spans, list(CODERS), {})

    t0 = time.perf_counter()
    bootstrap_agreement(prepare(documents, spans, CODERS), resamples=1000, seed=1)
    blocking = time.perf_counter() - t0

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    worker = IntervalWorker()
    loop = QEventLoop()
    worker.finished.connect(lambda _b: loop.quit())
    worker.failed.connect(lambda message: (print(message), loop.quit()))
    timer.start()
    t0 = time.perf_counter()
    ticks.append(t0)
    worker.start(inputs, 1000, 1)
    loop.exec()
    total = time.perf_counter() - t0
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    longest = max(gaps) if gaps else total
    gaps.sort()
    print(f"bootstrap on the GUI thread (baseline): {blocking:.2f} s with the event loop blocked throughout")
    print(f"bootstrap in the worker: {total:.2f} s ({total / blocking:.2f}x the baseline); "
          f"event loop ticks every {TICK_MS} ms: {len(ticks) - 1:,} ticks, median gap "
          f"{1000 * gaps[len(gaps) // 2]:.0f} ms, longest {1000 * longest:.0f} ms "
          f"({longest / blocking:.1%} of the blocking baseline)")
    del app


if __name__ == "__main__":
    main()
