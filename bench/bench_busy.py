"""A coder's edit while an import writes to the same project file (a script, not a test).

An "editor" process stores one small edit every 100 ms (a settings row through
``Project.set_setting``, the same transaction path as a span) while this process
imports a folder of articles into the same file; the editor reports how long each
edit waited for the write lock. Two runs in one go, on fresh copies of the project:

- **baseline**: the import commits every 500 files, as before issue 12;
- **batched**: the import commits about every 0.2 s (``importer.BATCH_SECONDS``).

Printed per run: the import's time, and the editor's waits (median, 95th percentile,
max). The ratio lines compare batched to baseline (import time: < 1.2 is the cost
of the extra commits; edit wait max: the point of the change).

Run: ``python bench/bench_busy.py`` (``--files N``, default 3,000 articles of ~5 KB).

``--align N`` measures instead the shared-passage alignment of N wire articles (the
corpus of ``bench/bench_align.py``, imported without analysis first): the longest
transaction it holds the write lock for, and the editor's waits meanwhile (issue 17:
long CLI writers hold the lock about 0.2 s at a time, so an edit waits ~1 s at most).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.defaults import install_default_codebook
from annotator.io import importer
from annotator.store import Project

WORDS = ("the president said on wednesday that forces would rebuild and revive the region after troops "
         "entered territory ceded in a truce ending six weeks of fighting over villages city residents").split()

_EDITOR = """
import json, sys, time
from annotator.store import Project
waits = []
with Project(sys.argv[1]) as p:
    print("ready", flush=True)
    i = 0
    while not __import__("os").path.exists(sys.argv[2]):
        t = time.perf_counter()
        p.set_setting("bench/edit", str(i))
        waits.append(time.perf_counter() - t)
        i += 1
        time.sleep(0.1)
print(json.dumps(waits), flush=True)
"""


def make_articles(folder: Path, n: int) -> None:
    rng = random.Random(12)
    folder.mkdir()
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(800))
        (folder / f"{i:05}.txt").write_text(f"Article {i}. {text}", encoding="utf-8")


def run(label: str, project: Path, articles: Path, batch_seconds: float) -> tuple[float, list[float]]:
    stop = project.with_suffix(".stop")
    editor = subprocess.Popen([sys.executable, "-c", _EDITOR, str(project), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    assert editor.stdout is not None and editor.stdout.readline().strip() == "ready"
    importer.BATCH_SECONDS = batch_seconds
    if batch_seconds == float("inf"):
        importer.BATCH_FILES = 500  # the baseline: a commit every 500 files, as before issue 12
    with Project(project) as p:
        t0 = time.perf_counter()
        report = importer.import_paths(p, [articles], analyse=False)
        elapsed = time.perf_counter() - t0
    stop.touch()
    waits = json.loads(editor.communicate(timeout=120)[0].strip().splitlines()[-1])
    ms = sorted(w * 1000 for w in waits)
    print(f"{label:<9} import {len(report.documents_added):,} articles {elapsed:7.2f} s   "
          f"{len(ms)} edits meanwhile: wait median {statistics.median(ms):6.1f} ms, "
          f"p95 {ms[int(0.95 * (len(ms) - 1))]:7.1f} ms, max {ms[-1]:7.1f} ms", flush=True)
    return elapsed, ms


def align_run(root: Path, n: int) -> None:
    """Align *n* wire articles while the editor writes; print the longest lock hold."""
    import contextlib

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_align import corpus

    from annotator.store.alignment import align_documents

    records, _ = corpus(n)
    src = root / "wire.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    project = root / "align.annotator"
    with Project(project) as p:
        importer.import_paths(p, [src], analyse=False)
    stop = project.with_suffix(".stop")
    editor = subprocess.Popen([sys.executable, "-c", _EDITOR, str(project), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    assert editor.stdout is not None and editor.stdout.readline().strip() == "ready"
    holds: list[float] = []
    with Project(project) as p:
        plain = p.transaction

        @contextlib.contextmanager
        def timed_transaction():
            outer = not p.db.conn.in_transaction
            t = time.perf_counter()
            with plain():
                if outer:
                    t = time.perf_counter()  # from the moment the lock is ours
                yield p
            if outer:
                holds.append(time.perf_counter() - t)

        p.transaction = timed_transaction  # type: ignore[method-assign]
        t0 = time.perf_counter()
        report = align_documents(p)
        elapsed = time.perf_counter() - t0
    stop.touch()
    waits = json.loads(editor.communicate(timeout=120)[0].strip().splitlines()[-1])
    ms = sorted(w * 1000 for w in waits)
    print(f"align {report.documents:,} articles {elapsed:7.2f} s ({report.passages:,} copies): "
          f"{len(holds)} write transactions, longest {max(holds, default=0):.3f} s, "
          f"total {sum(holds):.3f} s   (target: longest ~0.2 s, < 1 s)")
    print(f"  {len(ms)} edits meanwhile: wait median {statistics.median(ms):6.1f} ms, "
          f"p95 {ms[int(0.95 * (len(ms) - 1))]:7.1f} ms, max {ms[-1]:7.1f} ms", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--align", type=int, default=0, metavar="N",
                        help="measure alignment's lock holds over N wire articles instead (issue 17: 10000)")
    args = parser.parse_args(argv)
    if args.align:
        with tempfile.TemporaryDirectory() as tmp:
            align_run(Path(tmp), args.align)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        articles = root / "articles"
        make_articles(articles, args.files)
        empty = root / "empty.annotator"
        with Project(empty) as p:
            install_default_codebook(p)
        results = {}
        batched_files = importer.BATCH_FILES
        for label, seconds in (("baseline", float("inf")), ("batched", importer.BATCH_SECONDS)):
            importer.BATCH_FILES = batched_files
            project = root / f"{label}.annotator"
            shutil.copy(empty, project)
            results[label] = run(label, project, articles, seconds)
    (base_t, base_w), (new_t, new_w) = results["baseline"], results["batched"]
    median = statistics.median(new_w) / statistics.median(base_w)
    print(f"ratio batched/baseline: import time {new_t / base_t:.2f}, "
          f"edit wait max {new_w[-1] / base_w[-1]:.2f}, median {median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
