"""Agreement dock ▸ Export Report without a frozen window (a script, not a test):

    .venv/bin/python bench/bench_report_ui.py [--documents 1000] [--spans 60000]

Builds a project of 1,000 articles (~5,000 characters) with 60,000 spans by three coders
(bench_statistics.py's generator), opens the agreement dock on *Any with spans of every
coder* and waits for its figures and intervals. Then, while a 10 ms timer ticks on the
GUI thread, Export Report writes an HTML report: once reusing the dock's intervals, once
computing its own (the dock's resamples changed so they do not fit). Printed: how long
each took and the longest the event loop went without a tick (what a user feels as a
frozen window), against the baseline measured in the same run: the same report built and
written on the GUI thread, as the dock did before (build_report + write_report), which
blocks the loop for all of it. Medians of --runs runs.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from bench_statistics import build  # noqa: E402

TICK_MS = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--spans", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.io.report import Options, build_report, write_report
    from annotator.ui.agreement import AgreementDock
    from annotator.ui.session import Session

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        project = build(Path(tmp) / "bench.annotator", args.documents, args.spans, random.Random(1))
        session = Session(project, "ana")
        dock = AgreementDock(session)
        dock.resize(1000, 700)
        dock.documents.setCurrentIndex(dock.documents.findData("any"))
        dock.show()
        dock.recompute(force=True)
        dock.intervals.wait()
        app.processEvents()
        options = Options(dock.chosen_coders(), None, dock.unit_choice(), dock.documents_choice(),
                          dock.include_noise.isChecked(), set_name=dock.document_set.set_name())
        print(f"{args.documents:,} articles, {args.spans:,} spans, coders {', '.join(dock.chosen_coders())}; "
              f"{len(dock.result.documents):,} documents compared", flush=True)

        def blocking() -> float:
            t0 = time.perf_counter()
            target = Path(tmp) / "baseline.html"
            write_report(build_report(project, target, options), target)
            return time.perf_counter() - t0

        def exported() -> tuple[float, float]:
            ticks: list[float] = []
            timer = QTimer()
            timer.setInterval(TICK_MS)
            timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
            loop = QEventLoop()
            dock.report_done.connect(loop.quit)
            timer.start()
            t0 = time.perf_counter()
            ticks.append(t0)
            dock.export_report(str(Path(tmp) / "dock.html"))
            loop.exec()
            total = time.perf_counter() - t0
            timer.stop()
            dock.report_done.disconnect(loop.quit)
            ticks.append(time.perf_counter())
            return total, max(b - a for a, b in zip(ticks, ticks[1:]))

        base = statistics.median(blocking() for _ in range(args.runs))
        print(f"baseline, report built and written on the GUI thread: {base:.2f} s, event loop blocked throughout")
        for label in ("reusing the dock's intervals", "computing its own intervals"):
            if label.startswith("computing"):
                dock.resamples = 999  # the dock's intervals no longer fit the report's 1,000 resamples
                dock.recompute(force=True)
                dock.intervals.wait()
                app.processEvents()
            runs = [exported() for _ in range(args.runs)]
            total = statistics.median(r[0] for r in runs)
            longest = statistics.median(r[1] for r in runs)
            print(f"Export Report, {label}: {total:.2f} s ({total / base:.2f}x the baseline); longest event-loop "
                  f"gap {1000 * longest:.0f} ms ({longest / base:.1%} of the blocking baseline)", flush=True)
        dock.close()
        session.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
