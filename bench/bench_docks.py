"""Dock benchmarks, offscreen: the four docks over a project of many spans (a script, not a test).

    .venv/bin/python bench/bench_docks.py [--spans 200000]

1. Building the four docks (the span list reads its first page of spans; issue 17).
2. One span created, edited and deleted: what the docks do with the change
   (the span list row update; counts are coalesced, then flushed and timed too).
3. Filtering the span list (one word), sorting it by code, and back.

Issue 17: each figure is printed with its baseline, measured in the same run (medians):
building the docks against a bare ``QMainWindow`` + ``QPlainTextEdit`` showing the first
seed article; filtering against one Python pass testing the same word in the casefolded
excerpt of every span (the floor for a filter in Python). The load average is printed.

The spans go into the five seed articles, so each holds some 40,000: far more than
a real article, which makes the per-article recount in 2. a worst case.

Figures on the 2-CPU build machine, 200,000 spans: docks built and shown 1.26 s;
one span change 5.4 ms (store write included); the coalesced recount afterwards
31 ms; filter by one word 0.8 s; sort by code 0.4 s; back to text order 0.3 s.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402
import os.path  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit  # noqa: E402

from annotator.defaults import populate_default  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.operations import CreateSpan, DeleteSpans, UpdateSpan  # noqa: E402
from annotator.store.spans import SpanRecord  # noqa: E402
from annotator.ui.docks import CodebookDock, DetailDock, DocumentsDock, SpansDock  # noqa: E402
from annotator.ui.models import spans as spans_module  # noqa: E402
from annotator.ui.session import Session  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def build(path: Path, n: int) -> None:
    project = Project(path)
    populate_default(project)
    coder = project.ensure_coder("ana").id
    docs = [(d.id, d.char_count) for d in project.documents()]
    codes = [c.id for c in project.codes()]
    rng = random.Random(1)
    records = []
    for _ in range(n):
        doc, length = rng.choice(docs)
        start = rng.randrange(length - 40)
        records.append(SpanRecord(doc, rng.choice(codes), coder, start, start + rng.randint(1, 40)))
    project.add_spans(records)
    project.close()


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def bare_window(app: QApplication, text: str) -> float:
    t = time.perf_counter()
    w = QMainWindow()
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setPlainText(text)
    w.setCentralWidget(view)
    w.show()
    app.processEvents()
    elapsed = time.perf_counter() - t
    w.close()
    w.deleteLater()
    app.processEvents()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spans", type=int, default=200_000)
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.annotator"
        build(path, args.spans)
        project = Project(path)
        session = Session(project, "ana")

        print(load_note())
        article = project.document(project.documents()[0].id).text
        bare, built = [], []
        for run in range(3):  # alternated with the baseline; the last docks built are the ones used below
            bare.append(bare_window(app, article))
            if run:
                for dock in docks:
                    dock.close()
                    dock.deleteLater()
                app.processEvents()
            t = time.perf_counter()
            docks = [cls(session) for cls in (CodebookDock, DocumentsDock, SpansDock, DetailDock)]
            for dock in docks:
                dock.show()
            app.processEvents()
            built.append(time.perf_counter() - t)
        a, b = statistics.median(built), statistics.median(bare)
        print(f"four docks over {project.span_count():,} spans built and shown: median {ms(a)} "
              f"(runs {', '.join(ms(x) for x in built)}); bare window with the article: median {ms(b)}; "
              f"ratio {a / b:.2f}x")
        codebook, documents, spans, _detail = docks
        print(f"  span list rows read when shown: {spans.model.rowCount():,} of {spans.model.total():,}")
        t = time.perf_counter()
        spans.model.set_filter("kalbajar")
        app.processEvents()
        print(f"first filter by one word, the spans not read yet read first: {ms(time.perf_counter() - t)} "
              f"({spans.model.rowCount():,} rows)")
        spans.model.set_filter("")
        app.processEvents()
        # the same, when the rest is left to the idle turns of the event loop (the window's case)
        for dock in docks:
            dock.close()
            dock.deleteLater()
        app.processEvents()
        docks = [cls(session) for cls in (CodebookDock, DocumentsDock, SpansDock, DetailDock)]
        for dock in docks:
            dock.show()
        app.processEvents()
        codebook, documents, spans, _detail = docks
        t = time.perf_counter()
        while spans.model.canFetchMore():
            app.processEvents()
        print(f"  the rest read on idle turns of the event loop (after a {spans_module.IDLE_START_MS} ms pause): "
              f"{ms(time.perf_counter() - t)}, pages of {spans_module.IDLE_PAGE:,}")

        quote = project.code_by_path("quote").id
        change, counts = [], []
        for i in range(20):
            t = time.perf_counter()
            op = CreateSpan(1, quote, session.coder.id, i, i + 10)
            session.push(op)
            session.push(UpdateSpan(op.span.id, {"memo": "m"}))
            session.push(DeleteSpans([op.span.id]))
            app.processEvents()
            change.append((time.perf_counter() - t) / 3)
            t = time.perf_counter()
            codebook.model.flush()
            documents.model.flush()
            counts.append(time.perf_counter() - t)
        print(f"one span change (create/edit/delete, store write included), median: {ms(statistics.median(change))}")
        print(f"coalesced recount of the changed article afterwards, median: {ms(statistics.median(counts))}")

        excerpts = [r.excerpt for r in project.span_listing(session.visible_coder_id())]
        ours, floor = [], []
        for word in ("kalbajar", "troops", "said"):
            t = time.perf_counter()
            found = sum(1 for e in excerpts if word in e.casefold())
            floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            spans.model.set_filter(word)
            app.processEvents()
            ours.append(time.perf_counter() - t)
            spans.model.set_filter("")
            assert spans.model.rowCount() == spans.model.total() and found >= 0
        a, b = statistics.median(ours), statistics.median(floor)
        print(f"filter the span list by one word: median {ms(a)} (runs {', '.join(ms(x) for x in ours)}); "
              f"one Python pass over the excerpts: median {ms(b)}; ratio {a / b:.2f}x   (target < 500 ms)")
        print(load_note())

        for label, action in (
            ("filter the span list by one word", lambda: spans.model.set_filter("kalbajar")),
            ("clear the filter", lambda: spans.model.set_filter("")),
            ("sort the span list by code", lambda: spans.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)),
            ("back to text order", lambda: spans.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)),
        ):
            t = time.perf_counter()
            action()
            app.processEvents()
            print(f"{label}: {ms(time.perf_counter() - t)} ({spans.model.rowCount():,} rows)")
        session.close()
        project.close()


if __name__ == "__main__":
    main()
