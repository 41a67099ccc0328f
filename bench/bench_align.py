"""Shared-passage benchmark at wire-agency scale (a script, not a test).

The corpus of issue 14: a pool of 200 wire paragraphs (2-4 sentences each); every
article prints 3-8 of them, lightly edited (0-2 word edits, curly quotes made
straight, now and then the last sentence cut), between 2-5 paragraphs of its own.
Outlets are drawn from 40 names. Words come from a 5,000-word vocabulary, so the
outlets' own text is not shared by chance.

For 1,000, 2,000 and 10,000 articles, each in a fresh process (so its peak RSS is
its own), it times ``import_paths`` of one JSONL file:

* baseline: the raw import, without clutter detection and alignment;
* the import with clutter and alignment (what ``annotator import`` does);

and prints both, their ratio, the growth ratio from one size to the next (doubling
1k -> 2k must cost <= 2.3x), then the time to add 100 more articles to the
10,000-article project (target < 5 s). Quality on the corpus (characters of
wire copy that another article also printed, against the text alignment marks as
shared) is printed as recall and precision, and again on a corpus with 5 word edits
per copy (issue 14, section 2: recall >= 0.97, precision >= 0.99).

``--pairwise``: also time the old per-pair aligner (candidate pairs by shared
fingerprints, each pair aligned) on the 1,000-article corpus, as a second baseline.

Run: ``.venv/bin/python bench/bench_align.py`` (``--sizes 1000 2000`` for fewer).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POOL = 200
OUTLETS = 40


def vocabulary(rng: random.Random, n: int = 5_000) -> list[str]:
    syllables = ["ka", "lo", "ri", "ba", "ne", "tu", "mo", "sa", "vi", "de", "po", "gra", "shi", "ul", "en", "ar"]
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choices(syllables, k=rng.randint(1, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str]) -> str:
    w = rng.choices(words, k=rng.randint(10, 22))
    if rng.random() < 0.3:
        w[rng.randrange(len(w))] = str(rng.randint(2, 9_999))
    if rng.random() < 0.3:
        i = rng.randrange(len(w) - 3)
        w[i], w[i + 2] = "“" + w[i], w[i + 2] + ",”"
    return " ".join(w).capitalize() + "."


def edited(rng: random.Random, words: list[str], sentences: list[str], edits: int) -> str:
    out = list(sentences)
    if edits <= 2 and len(out) > 2 and rng.random() < 0.2:
        out = out[:-1]
    w = " ".join(out).split(" ")
    if rng.random() < 0.3:
        w = [x.replace("“", '"').replace("”", '"') for x in w]
    for _ in range(edits):
        k = rng.randrange(1, len(w) - 1)
        roll = rng.random()
        if roll < 0.5:
            w[k] = rng.choice(words) + ("." if w[k].endswith(".") else "")
        elif roll < 0.75:
            w.insert(k, rng.choice(words))
        elif not w[k].endswith("."):
            del w[k]
    return " ".join(w)


def corpus(n: int, seed: int = 1, edits: int | None = None, offset: int = 0):
    """(records, truth): *truth* per article, the character ranges of its wire copies and their pool index."""
    rng = random.Random(seed)
    words = vocabulary(random.Random(0))
    pool = [[sentence(rng, words) for _ in range(rng.randint(2, 4))] for _ in range(POOL)]
    records, truth = [], []
    for i in range(offset, offset + n):
        paragraphs = [(" ".join(sentence(rng, words) for _ in range(rng.randint(2, 5))), None)
                      for _ in range(rng.randint(2, 5))]
        for p in rng.sample(range(POOL), rng.randint(3, 8)):
            e = edits if edits is not None else rng.choice((0, 0, 1, 1, 2))
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), (edited(rng, words, pool[p], e), p))
        text, ranges = "", []
        for body, p in paragraphs:
            if text:
                text += "\n\n"
            if p is not None:
                ranges.append((len(text), len(text) + len(body), p))
            text += body
        records.append({"text": text, "title": f"article {i}", "source": f"Outlet {rng.randrange(OUTLETS)}"})
        truth.append(ranges)
    return records, truth


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quality(project, ids: list[int], truth: list) -> tuple[float, float]:
    """Character recall and precision of shared wire text (copies another article also printed)."""
    from annotator.store.passages import cluster_members

    printed: dict[int, int] = {}
    for ranges in truth:
        for p in {p for _, _, p in ranges}:
            printed[p] = printed.get(p, 0) + 1
    found: dict[int, list[tuple[int, int]]] = {}
    members = cluster_members(project)
    docs_of: dict[int, set[int]] = {}
    for m in members:
        docs_of.setdefault(m.cluster_id, set()).add(m.document_id)
    for m in members:
        if len(docs_of[m.cluster_id]) > 1:
            found.setdefault(m.document_id, []).append((m.start, m.end))
    hit = true_n = found_n = 0
    for doc, ranges in zip(ids, truth):
        marks = bytearray(0 if not ranges else max(e for _, e, _ in ranges) + 1)
        shared = [(s, e) for s, e, p in ranges if printed[p] > 1]
        length = max([e for _, e in found.get(doc, [])] + [e for _, e in shared] + [0])
        marks = bytearray(length)
        for s, e in shared:
            marks[s:e] = b"\x01" * (e - s)
        for s, e in found.get(doc, []):
            for k in range(s, e):
                marks[k] |= 2
        true_n += sum(1 for x in marks if x & 1)
        found_n += sum(1 for x in marks if x & 2)
        hit += sum(1 for x in marks if x == 3)
    return hit / max(true_n, 1), hit / max(found_n, 1)


def one(n: int, analyse: bool, add: int, edits: int | None, seed: int) -> dict:
    """One measurement, in this process: import *n* articles (and then *add* more)."""
    from annotator.io.importer import import_paths
    from annotator.store import Project

    records, truth = corpus(n, seed, edits)
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        project = Project(Path(tmp) / "bench.annotator")
        t0 = time.perf_counter()
        report = import_paths(project, [src], analyse=analyse)
        out["seconds"] = time.perf_counter() - t0
        out["rss"] = _maxrss_mib()
        assert len(report.documents_added) == n, report.summary()
        if analyse:
            ids = [d for _, d in report.documents_added]
            out["recall"], out["precision"] = quality(project, ids, truth)
            out["clusters"] = project.db.execute("SELECT count(*) FROM passage_clusters").fetchone()[0]
            out["members"] = project.db.execute("SELECT count(*) FROM passage_members").fetchone()[0]
        if add:
            more, _ = corpus(add, seed + 1, edits, offset=n)
            src2 = Path(tmp) / "more.jsonl"
            src2.write_text("".join(json.dumps(r) + "\n" for r in more), encoding="utf-8")
            t0 = time.perf_counter()
            import_paths(project, [src2], analyse=analyse)
            out["add_seconds"] = time.perf_counter() - t0
        project.close()
    return out


def pairwise(n: int, seed: int) -> float:
    """Seconds the per-pair method takes to align *n* articles (every candidate pair aligned)."""
    from annotator.core.alignment import Prepared, align_prepared, candidate_pairs

    records, _ = corpus(n, seed)
    t0 = time.perf_counter()
    prepared = [Prepared(r["text"]) for r in records]
    pairs = candidate_pairs({i: p.fingerprints() for i, p in enumerate(prepared)})
    for a, b in pairs:
        align_prepared(prepared[a], prepared[b])
    return time.perf_counter() - t0


def child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 2_000, 10_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairwise", action="store_true", help="also time the old per-pair aligner on 1,000")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        n, analyse, add, edits, seed = args.child
        print(json.dumps(one(int(n), analyse == "1", int(add), None if edits == "-" else int(edits), int(seed))))
        return 0
    print(f"Python {sys.version.split()[0]}; each line a fresh process (peak RSS is its own)", flush=True)
    print(f"{'articles':>8}  {'raw import':>10}  {'+ clutter + alignment':>22}  {'ratio':>6}  {'growth':>7}  "
          f"{'peak RSS':>9}  {'recall':>6}  {'precision':>9}  clusters / copies")
    last = None
    for n in args.sizes:
        base = child(str(n), "0", "0", "-", str(args.seed))
        full = child(str(n), "1", "100" if n == max(args.sizes) else "0", "-", str(args.seed))
        growth = f"{full['seconds'] / last[1]:.2f}x" if last else "-"
        if last:
            growth += f"/{n / last[0]:.0f}"
        print(f"{n:>8,}  {base['seconds']:>9.1f}s  {full['seconds']:>21.1f}s  {full['seconds'] / base['seconds']:>5.1f}x"
              f"  {growth:>7}  {full['rss']:>6.0f} MiB  {full['recall']:>6.3f}  {full['precision']:>9.4f}"
              f"  {full['clusters']:,} / {full['members']:,}", flush=True)
        if "add_seconds" in full:
            print(f"{'':>8}  then 100 more articles imported and aligned into the {n:,}: "
                  f"{full['add_seconds']:.2f} s (target < 5 s)", flush=True)
        last = (n, full["seconds"])
    for edits in (5, 8):
        q = child("1000", "1", "0", str(edits), str(args.seed))
        print(f"{edits} word edits per copy, 1,000 articles: recall {q['recall']:.3f}, precision {q['precision']:.4f}"
              + ("  (target recall >= 0.97, precision >= 0.99)" if edits == 5 else ""), flush=True)
    if args.pairwise:
        seconds = pairwise(1_000, args.seed)
        print(f"old per-pair aligner (alignment only), 1,000 articles: {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
