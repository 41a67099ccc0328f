"""Shared-passage alignment benchmark (a script, not a test).

Builds the store benchmark's articles (``bench_store.article``: about 5 KB of
paragraphs drawn from a small vocabulary) and plants reuse in them: "wire
stories" of 3-6 paragraphs, each taken up by several articles, whole or trimmed,
with curly quotes made straight, a word inserted or dropped, the last sentence cut.
Then times, each with its CPU time and memory:

1. aligning 1,000 such articles from scratch (target < 10 s);
2. aligning 10,000 (target < 120 s);
3. adding one article (with wire paragraphs) to the aligned 10,000-article project
   and aligning it (target < 1 s).

After each full run it prints how many planted pairs of articles (two articles
that took a common paragraph of one wire story) came out linked by a passage, and
how many linked pairs were not planted. Memory: the process's maximum resident
size (ru_maxrss) and how much the step raised it; ``--tracemalloc`` adds the
Python heap peak (and slows Python code, so quote the times without it).

Run: ``python bench/bench_align.py`` (``--small``: 1,000 articles only).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_store  # noqa: E402
from bench_store import WORDS, article, measure  # noqa: E402

from annotator.core.model import NewDocument  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.alignment import align_documents  # noqa: E402

NAMES = ("Aliyev", "Kalbajar", "Aghdam", "Baku", "Yerevan", "Lachin", "Moscow", "Pashinyan")


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 22))
    words[rng.randrange(len(words))] = rng.choice(NAMES)
    if rng.random() < 0.4:
        i = rng.randrange(len(words) - 3)
        words[i] = "“" + words[i]
        words[i + 2] = words[i + 2] + ",”"
    return " ".join(words).capitalize() + "."


def wire_paragraph(rng: random.Random) -> list[str]:
    return [sentence(rng) for _ in range(rng.randint(2, 4))]


def edited(rng: random.Random, sentences: list[str]) -> str:
    """A wire paragraph as an outlet prints it: lightly edited, sometimes trimmed."""
    out = list(sentences)
    if len(out) > 2 and rng.random() < 0.3:
        out = out[:-1]  # trimmed
    text = " ".join(out)
    roll = rng.random()
    if roll < 0.25:
        text = text.replace("“", '"').replace("”", '"')
    elif roll < 0.45:
        words = text.split(" ")
        words.insert(rng.randrange(1, len(words)), rng.choice(WORDS))
        text = " ".join(words)
    elif roll < 0.6:
        words = text.split(" ")
        del words[rng.randrange(1, len(words) - 1)]
        text = " ".join(words)
    return text


def corpus(rng: random.Random, n: int, size: int = 5_000):
    """*n* articles; returns (texts, planted) where planted[i] = {(story, paragraph), ...}."""
    stories = [[wire_paragraph(rng) for _ in range(rng.randint(3, 6))] for _ in range(max(1, n // 8))]
    texts, planted = [], []
    for i in range(n):
        paragraphs = article(rng, i, size).split("\n\n")
        taken: set[tuple[int, int]] = set()
        if rng.random() < 0.6:
            s = rng.randrange(len(stories))
            chosen = sorted(rng.sample(range(len(stories[s])), rng.randint(1, len(stories[s]))))
            at = sorted(rng.sample(range(1, len(paragraphs)), len(chosen)))
            for offset, (k, p) in enumerate(zip(at, chosen)):
                paragraphs.insert(k + offset, edited(rng, stories[s][p]))
                taken.add((s, p))
        texts.append("\n\n".join(paragraphs))
        planted.append(taken)
    return texts, planted, stories


def fill(project: Project, texts: list[str]) -> list[int]:
    with project.transaction():
        return [project.add_document(NewDocument(text=t, title=f"article {i}")) for i, t in enumerate(texts)]


def check(project: Project, ids: list[int], planted: list[set]) -> None:
    index = {d: i for i, d in enumerate(ids)}
    linked = {(index[a], index[b]) for a, b in project.db.execute("SELECT DISTINCT a_id, b_id FROM passages")}
    expected = {(i, j) for i in range(len(ids)) for j in range(i + 1, len(ids)) if planted[i] & planted[j]} \
        if len(ids) <= 2_000 else None
    if expected is None:  # the quadratic loop is too slow at 10,000: group by paragraph
        by_paragraph: dict[tuple[int, int], list[int]] = {}
        for i, taken in enumerate(planted):
            for key in taken:
                by_paragraph.setdefault(key, []).append(i)
        expected = {(x, y) for docs in by_paragraph.values() for k, x in enumerate(docs) for y in docs[k + 1:]}
    found = len(expected & linked)
    passages = project.db.execute("SELECT count(*) FROM passages").fetchone()[0]
    print(f"{'  planted pairs linked (recall)':<46} {found:8,} of {len(expected):,} "
          f"({found / max(len(expected), 1):.1%}); {len(linked - expected)} linked pairs not planted; "
          f"{passages:,} passages", flush=True)


def run(n: int, rng: random.Random, root: Path, *, add_one: bool) -> None:
    texts, planted, stories = corpus(rng, n)
    print(f"corpus: {n:,} articles, {sum(map(len, texts)) / 2**20:.1f} M characters, "
          f"{sum(1 for p in planted if p):,} with wire paragraphs from {len(stories):,} stories", flush=True)
    project = Project(root / f"align{n}.annotator")
    ids = fill(project, texts)
    report = measure(f"align {n:,} articles from scratch", "10 s" if n <= 1_000 else "120 s",
                     lambda: align_documents(project))
    print(f"{'  ' + report.summary():<46}")
    check(project, ids, planted)
    if add_one:
        story = stories[0]
        text = "\n\n".join([article(rng, n, 4_000), edited(rng, story[0]), edited(rng, story[1]),
                            article(rng, n + 1, 1_000)])

        def add() -> object:
            new = project.add_document(NewDocument(text=text, title="one more"))
            return align_documents(project, [new])

        report = measure(f"add + align one article to {n:,}", "1 s", add)
        print(f"{'  ' + report.summary():<46}")
    size = project.path.stat().st_size / 2**20
    fps = project.db.execute("SELECT count(*) FROM align_fingerprints").fetchone()[0]
    print(f"{'  project file':<46} {size:8.1f} MiB, {fps:,} fingerprint rows", flush=True)
    project.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 articles only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tracemalloc", action="store_true", help="also report each step's Python heap peak")
    args = parser.parse_args(argv)
    bench_store.TRACE = args.tracemalloc
    rng = random.Random(args.seed)
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        run(1_000, rng, Path(tmp), add_one=False)
        if not args.small:
            run(10_000, rng, Path(tmp), add_one=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
