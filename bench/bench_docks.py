"""Dock benchmarks, offscreen: the four docks over a project of many spans (a script, not a test).

    /work/venv/bin/python bench/bench_docks.py [--spans 200000]

1. Building the four docks (the span list reads every span of the coder).
2. One span created, edited and deleted: what the docks do with the change
   (the span list row update; counts are coalesced, then flushed and timed too).
3. Filtering the span list (one word), sorting it by code, and back.

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
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.defaults import populate_default  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.operations import CreateSpan, DeleteSpans, UpdateSpan  # noqa: E402
from annotator.store.spans import SpanRecord  # noqa: E402
from annotator.ui.docks import CodebookDock, DetailDock, DocumentsDock, SpansDock  # noqa: E402
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

        t = time.perf_counter()
        docks = [cls(session) for cls in (CodebookDock, DocumentsDock, SpansDock, DetailDock)]
        for dock in docks:
            dock.show()
        app.processEvents()
        print(f"four docks over {project.span_count():,} spans built and shown: {ms(time.perf_counter() - t)}")
        codebook, documents, spans, _detail = docks

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
