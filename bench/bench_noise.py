"""Noise (boilerplate) detection benchmark (a script, not a test). Prints figures.

    .venv/bin/python bench/bench_noise.py [--small]

Builds the articles of ``bench_store.py`` (10,000 of about 5 KB: a headline and
paragraphs separated by blank lines), spread over 20 outlets, with page clutter
planted on lines of their own as the seeds have it (advertisements, "Read: ..."
links, share buttons, time stamps, a byline, and a line every article of its outlet
carries). Then times, each with its CPU time and peak memory:

1. :func:`annotator.core.boilerplate.detect` alone over every text (pure Python);
2. ``detect_noise(project)`` over the whole project, as after an import: read the
   texts, count each outlet's repeated lines, write the rows, one transaction;
3. ``detect_noise(project, [new])`` after adding one article to an outlet of 500:
   that article, plus the outlet's repeated lines counted again (reads its 500 texts);
4. ``noise_ranges`` for all documents (what statistics and agreement read);
   then corpus search with hits in clutter left out (the default) against the same
   search with ``include_noise`` (the baseline, no noise lookups), median of 5 each.

5. for comparison, ``detect_noise`` over ``bench_store.py``'s own articles as they are
   (no clutter, no outlet): what the lead's import of that benchmark would add.

The article text is made hard on purpose: paragraphs end in agency tags ("(Reuters)"),
the first opens with a dateline, and sentences start "By Tuesday, ...". Checks that every
planted line was marked and nothing else.

First, precision and recall on the labelled corpus of ``tests/data/clutter`` (pages of
many outlets, every line marked clutter or text), per part and in all; the test
``tests/core/test_boilerplate_corpus.py`` asserts 0.995 for both.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import importlib.util  # noqa: E402

from bench_store import article  # noqa: E402

from annotator.core.boilerplate import detect  # noqa: E402
from annotator.core.model import NewDocument  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.noise import detect_noise  # noqa: E402
from annotator.store.passages import noise_ranges  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "clutter"
OUTLETS = 20
TAGS = (" (Reuters)", " (AP)", " (AFP)", " (PTI)", ". (ANI)")
BY_SENTENCES = ("By Tuesday, Kenya and Uganda had closed {n} border crossings.", "By Monday Armenia had withdrawn {n} troops.",
                "By law, the president must sign bill {n} within 14 days.", "By Wednesday evening, {n} trucks were queued.")
CLUTTER = ("Advertisement", "Story continues below advertisement", "Read: Troops enter further territory",
           "Short Url", "  • share", "Updated 25 November 2020", "(Image Credit: AP)")


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(label: str, fn: Callable[[], Any]) -> Any:
    before = _maxrss_mib()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    print(f"{label:<58} {elapsed:8.3f} s  cpu {_cpu() - cpu0:7.3f} s  max RSS {_maxrss_mib():6.0f} MiB"
          f" (+{_maxrss_mib() - before:4.0f})", flush=True)
    return result


def cluttered(rng: random.Random, n: int, outlet: int) -> tuple[str, int]:
    """An article of bench_store with clutter lines planted between paragraphs; (text, lines planted)."""
    lines = article(rng, n, 5_000).split("\n")
    planted = ["By Jane Doe", f"Outlet {outlet} is part of the Example Media Group"]
    planted += rng.sample(CLUTTER, 4)
    out = [lines[0], "", planted[0]]
    rest = [line + rng.choice(TAGS) if line and rng.random() < 0.3 else line for line in lines[1:]]
    first = next(i for i, line in enumerate(rest) if line)
    rest[first] = f"NAIROBI, March 12 (Reuters) - {rest[first]}"
    rest[rng.randrange(first, len(rest))] += "\n\n" + rng.choice(BY_SENTENCES).format(n=n)
    slots = sorted(rng.sample(range(1, len(rest)), len(planted) - 1))
    prev = 0
    for slot, line in zip(slots, planted[1:]):
        out += rest[prev:slot] + [line]
        prev = slot
    out += rest[prev:]
    return "\n".join(out), len(planted)


SEARCHES = ("president", '"peace talks"', "terr*", "advertisement", "(?i)troops? entered")


def search_ratios(project: Project) -> None:
    """Search with clutter left out vs included: median milliseconds of 5 runs, and the ratio."""
    from annotator.store.search import search

    search(project, "warm up")
    for query in SEARCHES:
        regex = query.startswith("(?i)")
        times: dict[bool, list[float]] = {False: [], True: []}
        results = {}
        for _ in range(5):
            for include in (False, True):
                t0 = time.perf_counter()
                results[include] = search(project, query, regex=regex, include_noise=include)
                times[include].append(time.perf_counter() - t0)
        out, base = statistics.median(times[False]) * 1000, statistics.median(times[True]) * 1000
        print(f"search {query!r:<22} noise left out {out:7.1f} ms  included {base:7.1f} ms  ratio {out / base:5.2f}"
              f"   {results[False].summary()} / {results[True].summary()}")


def corpus_scores() -> None:
    """Print precision and recall on the labelled corpus, per part and in all."""
    spec = importlib.util.spec_from_file_location("clutter_labelled", CORPUS / "labelled.py")
    assert spec is not None and spec.loader is not None
    labelled = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = labelled
    spec.loader.exec_module(labelled)
    articles = labelled.load()
    by_part: dict[str, list] = {}
    for path in sorted(CORPUS.glob("corpus_*.txt")):
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "corpus_x.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            by_part[path.stem] = labelled.load(Path(tmp))
    for name, part in [*by_part.items(), ("all", articles)]:
        score = labelled.score(part)
        print(f"labelled corpus {name:<9} {len(part):3} articles {score.clutter:4} clutter {score.text:4} text lines:"
              f"  precision {score.precision:.4f}  recall {score.recall:.4f}"
              f"  ({len(score.false_alarms)} false alarms, {len(score.misses)} missed)")
    t0 = time.perf_counter()
    for _ in range(20):
        labelled.score(articles)
    print(f"  detect() over the corpus: {(time.perf_counter() - t0) / 20 * 1000:.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 articles")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n_docs = 1_000 if args.small else 10_000
    corpus_scores()
    rng = random.Random(args.seed)
    docs, planted = [], 0
    for i in range(n_docs):
        text, n = cluttered(rng, i, i % OUTLETS)
        planted += n
        docs.append(NewDocument(text=text, title=f"a{i}", source=f"Outlet {i % OUTLETS}"))
    print(f"corpus: {n_docs:,} articles in {OUTLETS} outlets, {sum(len(d.text) for d in docs) / 2**20:.1f} M "
          f"characters, {planted:,} clutter lines planted; Python {sys.version.split()[0]}")

    found = measure(f"core detect() over {n_docs:,} texts", lambda: sum(len(detect(d.text)) for d in docs))
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp) / "bench.annotator")
        with project.transaction():
            for d in docs[:-1]:
                project.add_document(d)
        added = measure(f"detect_noise(project): {n_docs - 1:,} new articles", lambda: detect_noise(project))
        new = project.add_document(docs[-1])
        more = measure(f"detect_noise(project, [new]): one more in an outlet of {n_docs // OUTLETS}",
                       lambda: detect_noise(project, [new]))
        ranges = measure("noise_ranges(project) for every document", lambda: noise_ranges(project))
        search_ratios(project)
        rows = project.db.execute("SELECT count(*) FROM noise").fetchone()[0]
        print(f"core found {found:,} lines without outlet repeats; the store marked {added + more:,} "
              f"({rows:,} rows, {sum(map(len, ranges.values())):,} merged ranges); planted {planted:,}")
        assert added + more == planted, (added + more, planted)
        project.close()
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp) / "plain.annotator")
        plain = random.Random(args.seed)
        with project.transaction():
            for i in range(n_docs):
                project.add_document(NewDocument(text=article(plain, i, 5_000), title=f"p{i}"))
        none = measure(f"detect_noise: bench_store's {n_docs:,} articles (no clutter)", lambda: detect_noise(project))
        assert none == 0, none
        project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
