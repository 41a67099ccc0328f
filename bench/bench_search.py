"""Corpus search benchmark (a script, not a test).

Builds 10,000 articles of about 5 KB (bench_store's generator: a small vocabulary, so
its words are in nearly every article) with a rare word and an accented name planted
in a few, then times each query several times: median and max milliseconds, with
:func:`annotator.store.search.search` at its default limit (1,000 hits listed) and at
100. Target: < 50 ms per word/phrase/prefix query. Regex mode reads every text.
Last, "code all hits" (:class:`CodeHits`) over 1,000 hits, and its undo.

Run: ``python bench/bench_search.py`` (``--small`` for 1,000 articles).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_store import article  # noqa: E402

from annotator.core.model import NewDocument  # noqa: E402
from annotator.defaults import install_default_codebook  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.search import CodeHits, hit_ranges, search  # noqa: E402

QUERIES = (
    ("common word", "president", False),
    ("common word, other case", "PRESIDENT", False),
    ("rare word (diacritics folded)", "schutzenpanzer", False),
    ("accented name, typed plain", "geneve", False),
    ("common phrase", '"peace talks"', False),
    ("rarer phrase (3 words)", '"said on wednesday"', False),
    ("prefix", "terr*", False),
    ("two words, both required", "refugees casualties", False),
    ("no hit", "zeppelin", False),
    ("regex, rare", r"\bSch\w+", True),
    ("regex, common, ignoring case", r"(?i)peace talks", True),
)


def build(path: Path, n_docs: int, seed: int) -> Project:
    rng = random.Random(seed)
    project = Project(path)
    install_default_codebook(project)
    outlets = ("AP", "Reuters", "BBC", "Arab News", "Global News")
    with project.transaction():
        for i in range(n_docs):
            text = article(rng, i, 5_000)
            if i % 50 == 0:
                text = text.replace("peace talks", "peace talks in Genève", 1) + "\n\nTalks in Genève resumed."
            if i % 997 == 0:
                text += "\n\nThe Schützenpanzer rolled in."
            project.add_document(NewDocument(text=text, title=f"Article {i}", source=rng.choice(outlets)))
    return project


def timed(fn, repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 articles")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n_docs = 1_000 if args.small else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        project = build(Path(tmp) / "bench.annotator", n_docs, args.seed)
        chars = project.db.execute("SELECT sum(char_count) FROM documents").fetchone()[0]
        print(f"corpus: {n_docs:,} articles, {chars / 2**20:.1f} M characters, built and indexed in "
              f"{time.perf_counter() - t0:.1f} s; SQLite {__import__('sqlite3').sqlite_version}; "
              f"Python {sys.version.split()[0]}")
        search(project, "warm up")  # the per-connection vocabulary tables
        print(f"{'query':<32} {'':<22} {'limit 1000: median':>18} {'max':>8}   {'limit 100: median':>17} {'max':>8}   result")
        medians = []
        for label, query, regex in QUERIES:
            repeat = max(2, args.repeat // 3) if regex else args.repeat
            med, worst, result = timed(lambda: search(project, query, regex=regex), repeat)
            med100, worst100, _ = timed(lambda: search(project, query, regex=regex, limit=100), repeat)
            if not regex:
                medians.append(med)
            print(f"{label:<32} {query:<22} {med:15.1f} ms {worst:6.1f} ms   {med100:14.1f} ms {worst100:6.1f} ms"
                  f"   {result.summary()}", flush=True)
        print(f"word/phrase/prefix queries: median of medians {statistics.median(medians):.1f} ms, "
              f"worst median {max(medians):.1f} ms (target < 50 ms)")

        coder = project.ensure_coder("ana")
        code = project.code_by_path("claim")
        hits = hit_ranges(search(project, "refugees", limit=1_000).hits)
        op = CodeHits(code.id, coder.id, hits)
        t0 = time.perf_counter()
        op.apply(project)
        applied = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        op.revert(project)
        reverted = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        op.apply(project)
        redone = (time.perf_counter() - t0) * 1000
        print(f"code all hits: {len(op.created):,} spans created in {applied:.0f} ms, undone in {reverted:.0f} ms, "
              f"redone in {redone:.0f} ms")
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
