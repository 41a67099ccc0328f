"""Statistics benchmark (a script, not a test). Prints figures.

    .venv/bin/python bench/bench_statistics.py [--small]

Builds a project of 10,000 articles (about 5,000 characters each, paragraphs
separated by blank lines) and 200,000 spans by three coders over the default
codebook, then times:

1. reading the spans for statistics from the project (one query, no text);
2. recomputing all statistics in memory: frequency tables (counts and union
   coverage per coder and pooled), coders compared, positions of every span,
   co-occurrence by overlap and by article (target < 300 ms), and by paragraph
   (first time: reads the texts once; then cached);
3. one new span: the store commit, then updating the frequency tables from its
   Change (one indexed query for that document, rows of that document only;
   target < 50 ms), then redrawing the frequency plot;
4. drawing the position plot for 500 articles (build the items and paint them
   offscreen; target < 200 ms), then for every article (no cap since the plot scrolls:
   printed as a ratio to the 500-article draw of the same run).

The frequency plot draws every article with spans too (it used to stop at 100).

Each timed step runs several times; the median is printed.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from annotator.core.model import NewDocument  # noqa: E402
from annotator.core.statistics import coder_counts, cooccurrence, positions  # noqa: E402
from annotator.defaults import install_default_codebook  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.spans import SpanRecord  # noqa: E402
from annotator.store.statistics import Filters, FrequencyCache, StatisticsData  # noqa: E402

WORDS = ("the president said on wednesday that forces would rebuild and revive the region after troops "
         "entered territory ceded in a truce ending six weeks of fighting over villages city residents "
         "homes refugees ministry officials reported casualties hundreds thousands peace talks").split()
CODERS = ("ana", "ben", "chen")


def article(rng: random.Random, n: int, size: int) -> str:
    paras = [f"Article {n}: {' '.join(rng.choices(WORDS, k=8))}"]
    length = 0
    while length < size:
        para = " ".join(rng.choices(WORDS, k=rng.randint(30, 90))).capitalize() + "."
        paras.append(para)
        length += len(para) + 2
    return "\n\n".join(paras)


def timed(label: str, target: str, fn: Callable[[], Any], repeat: int = 5) -> Any:
    """Run *fn* *repeat* times and print the median; returns fn's result, or the median
    (seconds) when fn returns None."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    print(f"{label:<58} {statistics.median(times) * 1000:9.1f} ms  (target {target:>7}; "
          f"min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={repeat})", flush=True)
    return statistics.median(times) if result is None else result


def build(path: Path, n_docs: int, n_spans: int, rng: random.Random) -> Project:
    project = Project(path)
    install_default_codebook(project)
    with project.transaction():
        for i in range(n_docs):
            project.add_document(NewDocument(text=article(rng, i, 5_000), title=f"Article {i}: " + " ".join(
                rng.choices(WORDS, k=6))))
    coders = [project.ensure_coder(c).id for c in CODERS]
    codes = [c.id for c in project.codes()]
    lengths = dict(project.db.execute("SELECT id, char_count FROM documents").fetchall())
    docs = list(lengths)

    def records():
        for _ in range(n_spans):
            d = rng.choice(docs)
            start = rng.randrange(lengths[d] - 200)
            yield SpanRecord(d, rng.choice(codes), rng.choice(coders), start, start + rng.randint(5, 200))

    project.add_spans(records())
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 articles and 20,000 spans")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n_docs, n_spans = (1_000, 20_000) if args.small else (10_000, 200_000)
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        project = build(Path(tmp) / "bench.annotator", n_docs, n_spans, rng)
        print(f"corpus: {project.document_count():,} articles, {project.span_count():,} spans, "
              f"{len(project.codes())} codes, {len(CODERS)} coders (built in {time.perf_counter() - t0:.1f} s); "
              f"Python {sys.version.split()[0]}")

        data = timed("read spans for statistics (StatisticsData.load)", "-", lambda: StatisticsData.load(project))
        codes, coders = data.code_ids(), data.coder_ids()
        lengths = data.lengths()

        def recompute_all() -> None:
            cache = FrequencyCache(data, Filters())
            coder_counts(data.spans, codes, coders)
            positions(data.spans, lengths)
            cooccurrence(data.spans, codes, "overlap")
            cooccurrence(data.spans, codes, "article")
            return cache

        cache = timed("recompute all statistics (freq, coders, positions, co-occ.)", "300 ms", recompute_all)
        timed("  of which frequency tables", "-", lambda: FrequencyCache(data, Filters()))
        timed("  of which co-occurrence by overlap", "-", lambda: cooccurrence(data.spans, codes, "overlap"))
        timed("paragraph starts of every article (first time: reads texts)", "-",
              lambda: data.paragraphs(d for d in lengths), repeat=1)
        timed("co-occurrence by paragraph (paragraphs cached)", "-",
              lambda: cooccurrence(data.spans, codes, "paragraph", data.paragraphs(lengths)))

        project.subscribe(lambda change: (data.apply(change), cache.apply(change)))
        ana = project.coder_by_name("ana").id
        docs = list(lengths)

        def new_span() -> None:
            d = rng.choice(docs)
            project.add_span(d, rng.choice(codes), ana, 10, 30)

        timed("one new span: commit + update frequency tables (listener)", "-", new_span, repeat=20)
        project._listeners.clear()  # time the update alone from here on
        pending = []
        project.subscribe(pending.append)

        def update_only() -> None:
            new_span()
            change = pending.pop()
            t0 = time.perf_counter()
            data.apply(change)
            cache.apply(change)
            update_only.times.append(time.perf_counter() - t0)

        update_only.times = []
        for _ in range(20):
            update_only()
        ms = sorted(update_only.times)[len(update_only.times) // 2] * 1000
        print(f"{'one new span: update frequency tables from its Change':<58} {ms:9.1f} ms  (target   50 ms; "
              f"max {max(update_only.times) * 1000:.1f}, n=20)")
        full = FrequencyCache(data, Filters()).table
        assert (full.counts == cache.table.counts).all() and (full.pooled_covered == cache.table.pooled_covered).all()

        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from annotator.ui.statistics.views import FrequencyView, PositionsView, StatsContext

        context = StatsContext(data, Filters(), cache)
        freq = FrequencyView()
        freq.resize(1200, 700)
        freq.show()
        app.processEvents()

        def redraw_frequencies() -> None:
            new_span()
            change = pending.pop()
            data.apply(change)
            cache.apply(change)
            freq.refresh(context)
            freq.plot.grab()

        timed("one new span: update tables + redraw frequency plot", "-", redraw_frequencies)

        view = PositionsView()
        view.resize(1200, 800)
        view.show()
        app.processEvents()
        first500 = Filters(documents=frozenset(docs[:500]))
        context500 = StatsContext(data, first500, cache)

        def draw_positions() -> None:
            view.refresh(context500)
            view.plot.getPlotItem().setYRange(-0.5, 499.5, padding=0)  # paint every row, not one screenful
            view.plot.grab()

        t500 = timed("draw the position plot, 500 articles (all rows painted)", "200 ms", draw_positions)
        print(f"{'  segments drawn':<58} {len(view.span_ids):9,}")

        def draw_all() -> None:
            view.refresh(context)  # every article: the plot scrolls, one screenful in view
            view.plot.grab()

        t_all = timed(f"draw the position plot, all {len(lengths):,} articles (one screenful)", "-", draw_all)
        print(f"{'  segments drawn':<58} {len(view.span_ids):9,}   "
              f"(x{t_all / t500:.1f} the 500-article draw)")
        view.close()
        freq.close()
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
