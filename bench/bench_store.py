"""Store and import/export benchmark (a script, not a test).

Generates 10,000 articles of about 5 KB (``.txt`` files in a temporary folder)
and 200,000 spans, then times, each with its peak memory:

1. importing the articles with a progress callback (target < 10 s);
2. importing the 200,000 spans from JSONL (target < 5 s), against a baseline run in the
   same process, alternated with it (median of ``--runs``): parse the same JSONL, map
   sha256 to document id, ``executemany`` into a plain table with one index (issue 17);
3. ``project.spans_for_document`` for one document (median of many; target < 5 ms);
4. a stats query over the whole project, counts per document x code x coder
   joined to names (target < 300 ms);
5. exporting the 200,000 spans to CSV (target < 5 s), against ``sqlite3 -csv`` of the
   SELECT the export used before issue 17 (context cut by ``substr`` per span), alternated.

Run: ``python bench/bench_store.py`` (``--small`` for a quick run: 1,000 articles,
20,000 spans). Memory is the process's maximum resident size after each step
(ru_maxrss) and how much the step raised it; ``--tracemalloc`` adds each step's
Python heap peak, but slows Python code down, so its times are not the ones to
quote. Each step also prints its CPU time (user + system): on a busy machine the
wall-clock time says more about the neighbours than about the code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.core.text import sha256_text
from annotator.defaults import install_default_codebook
from annotator.io.export import export_spans
from annotator.io.importer import import_paths
from annotator.store import Project
from annotator.store.analysis import analyse_documents

WORDS = ("the president said on wednesday that forces would rebuild and revive the region after troops "
         "entered territory ceded in a truce ending six weeks of fighting over villages city residents "
         "homes refugees ministry officials reported casualties hundreds thousands peace talks").split()
CODERS = ("ana", "ben", "chen")


def article(rng: random.Random, n: int, size: int) -> str:
    lines = [f"Article {n}: {' '.join(rng.choices(WORDS, k=8))}", ""]
    length = 0
    while length < size:
        para = " ".join(rng.choices(WORDS, k=rng.randint(30, 90))).capitalize() + "."
        lines.append(para)
        lines.append("")
        length += len(para) + 2
    return "\n".join(lines)


TRACE = False
report_time = [0.0]  # the last measure()'s wall-clock time


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(label: str, target: str, fn: Callable[[], Any]) -> Any:
    """Run *fn*; print its time and memory (see the module docstring)."""
    if TRACE:
        tracemalloc.start()
    before = _maxrss_mib()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    memory = f"cpu {cpu:7.3f} s  max RSS {_maxrss_mib():6.0f} MiB (+{_maxrss_mib() - before:4.0f})"
    if TRACE:
        memory += f"  peak heap {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MiB"
        tracemalloc.stop()
    print(f"{label:<46} {elapsed:8.3f} s  (target {target:>6})  {memory}", flush=True)
    report_time[0] = elapsed
    return result


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def raw_span_insert(project_path: Path, spans_file: Path, out: Path) -> None:
    """The span import's baseline: parse the JSONL, map sha256 to id, executemany into a
    plain table with one index, one transaction."""
    src = sqlite3.connect(project_path)
    ids = {sha: i for i, sha in src.execute("SELECT id, sha256 FROM documents")}
    src.close()
    out.unlink(missing_ok=True)
    db = sqlite3.connect(out)
    db.execute('CREATE TABLE s (id INTEGER PRIMARY KEY, document_id INT, coder TEXT, code TEXT, start INT,'
               ' "end" INT, text TEXT, memo TEXT)')
    db.execute("CREATE INDEX s_doc ON s (document_id, start)")

    def rows():
        with spans_file.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                yield (ids[r["document_sha256"]], r["coder"], r["code"], r["start"], r["end"], r["text"], r["memo"])

    with db:
        db.executemany('INSERT INTO s (document_id, coder, code, start, "end", text, memo) VALUES (?,?,?,?,?,?,?)',
                       rows())
    db.close()


OLD_EXPORT_SELECT = """
SELECT s.document_id, d.sha256, d.title, d.source, r.name, s.code_id, s.start, s."end", s.text,
       max(s.start - 40, 0), substr(d.text, max(s.start - 40, 0) + 1, s."end" + 40 - max(s.start - 40, 0)),
       s.memo, s.attributes, s.created, s.modified, s.guid
FROM spans s JOIN documents d ON d.id = s.document_id JOIN coders r ON r.id = s.coder_id
ORDER BY s.document_id, s.start, s.id
"""


def raw_csv_export(project_path: Path, out: Path) -> None:
    """The CSV export's baseline: ``sqlite3 -csv`` of the same spans (Python's csv module
    over the same query when the sqlite3 shell is not installed)."""
    if shutil.which("sqlite3"):
        with out.open("w", encoding="utf-8") as fh:
            subprocess.run(["sqlite3", "-csv", str(project_path), OLD_EXPORT_SELECT], stdout=fh, check=True)
        return
    import csv

    db = sqlite3.connect(project_path)
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(db.execute(OLD_EXPORT_SELECT))
    db.close()


DOCS_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, title TEXT NOT NULL DEFAULT '',
  filename TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, char_count INTEGER NOT NULL);
CREATE VIRTUAL TABLE documents_fts USING fts5 (text, tokenize='unicode61 remove_diacritics 2', content='documents');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, text) VALUES (new.rowid, new.text); END;
"""


def raw_article_insert(corpus: Path, out: Path) -> None:
    """The article import's baseline (issue 17): read every .txt, sha256 it, ``executemany``
    into a documents table with an external-content FTS5 index (same tokenizer, kept by
    an insert trigger), one transaction."""
    import hashlib
    import uuid

    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(out)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(DOCS_SCHEMA)

    def rows():
        for path in sorted(corpus.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            yield (uuid.uuid4().hex, path.stem, path.name, text,
                   hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text))

    with db:
        db.executemany("INSERT INTO documents (guid, title, filename, text, sha256, char_count)"
                       " VALUES (?,?,?,?,?,?)", rows())
    db.close()


def ours_article_import(corpus: Path, out: Path) -> tuple[float, float, int]:
    """``annotator import`` without alignment: the import, then clutter detection.
    Returns (import + clutter seconds, alignment seconds, documents)."""
    from annotator.store.alignment import align_documents
    from annotator.store.noise import detect_noise

    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    project = Project(out)
    t0 = time.perf_counter()
    report = import_paths(project, [corpus], analyse=False)
    detect_noise(project, [d for _, d in report.documents_added])
    t1 = time.perf_counter()
    align_documents(project, [d for _, d in report.documents_added])
    t2 = time.perf_counter()
    assert not report.errors, report.summary()
    project.close()
    return t1 - t0, t2 - t1, len(report.documents_added)


def article_import_ratio(root: Path, corpus: Path, runs: int) -> None:
    """Issue 17's article import target: ours (clutter included, alignment apart) against
    the raw insert, alternated, median of *runs*."""
    ours, raw, align = [], [], []
    print(f"article import runs start: {load_note()}")
    for _ in range(runs):
        raw.append(timed(lambda: raw_article_insert(corpus, root / "raw-articles.sqlite")))
        seconds, aligned, count = ours_article_import(corpus, root / "ours-articles.annotator")
        ours.append(seconds)
        align.append(aligned)
    print(ratio_line(f"import {count:,} .txt articles + clutter (alignment apart)", ours, raw, "<= 3x"))
    print(f"  alignment of the same, timed apart: median {statistics.median(align):.3f} s")
    print(f"article import runs end: {load_note()}")


def peak_import_rss(root: Path, n_docs: int, seed: int) -> None:
    """Issue 17's memory target: ``annotator import`` (clutter and alignment included) of
    *n_docs* articles in a fresh process; its peak resident size (ru_maxrss)."""
    corpus = root / f"corpus-{n_docs}"
    corpus.mkdir(exist_ok=True)
    rng = random.Random(seed)
    for i in range(n_docs):
        (corpus / f"{i:05d}.txt").write_text(article(rng, i, 5_000), encoding="utf-8")
    code = ("import resource, sys\n"
            "from annotator.cli import cli\n"
            "try:\n"
            "    cli(['import', sys.argv[1], sys.argv[2]], prog_name='annotator')\n"
            "except SystemExit as exc:\n"
            "    assert not exc.code, exc.code\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n")
    print(f"peak RSS run start: {load_note()}")
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(root / f"peak-{n_docs}.annotator"), str(corpus)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
        raise SystemExit(f"the {n_docs:,}-article import failed")
    peak = float(done.stdout.strip().splitlines()[-1])
    print(f"import {n_docs:,} articles in a subprocess (alignment included): {elapsed:.1f} s, "
          f"peak RSS {peak:.0f} MiB (target < 500 MiB)   {load_note()}")


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def ratio_line(label: str, ours: list[float], base: list[float], target: str) -> str:
    a, b = statistics.median(ours), statistics.median(base)
    return (f"{label}: median {a:.3f} s (runs {', '.join(f'{x:.2f}' for x in ours)}); baseline median {b:.3f} s "
            f"(runs {', '.join(f'{x:.2f}' for x in base)}); ratio {a / b:.2f}x   (target {target})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 articles and 20,000 spans")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tracemalloc", action="store_true", help="also report each step's Python heap peak")
    parser.add_argument("--runs", type=int, default=3, help="runs of the span import and CSV export, each "
                        "alternated with its baseline (default 3)")
    parser.add_argument("--articles", action="store_true", help="only the article import against its baseline")
    parser.add_argument("--peak", type=int, default=0, metavar="N", help="only the peak memory of importing N "
                        "articles in a subprocess (issue 17: 50000)")
    args = parser.parse_args(argv)
    global TRACE
    TRACE = args.tracemalloc
    n_docs, n_spans = (1_000, 20_000) if args.small else (10_000, 200_000)
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        texts = {}
        for i in range(n_docs):
            text = article(rng, i, 5_000)
            texts[i] = text
            (corpus / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        print(load_note())
        if args.peak:
            peak_import_rss(root, args.peak, args.seed)
            return 0
        print(f"corpus: {n_docs:,} articles, {sum(map(len, texts.values())) / 2**20:.1f} M characters; "
              f"{n_spans:,} spans; Python {sys.version.split()[0]}")

        article_import_ratio(root, corpus, args.runs)
        if args.articles:
            return 0
        project = Project(root / "bench.annotator")
        install_default_codebook(project)
        paths = sorted(project.code_paths().values())
        calls = [0]

        def progress(done: int, total: int, path: Path) -> None:
            calls[0] += 1

        report = measure(f"import {n_docs:,} .txt articles (progress on)", "10 s",
                         lambda: import_paths(project, [corpus], progress=progress, analyse=False))
        assert len(report.documents_added) == n_docs and not report.errors, report.summary()
        assert calls[0] == n_docs
        # what `annotator import` and the window do next (bench_noise/bench_align time each part)
        analysis = measure(f"  then find clutter and shared passages in the {n_docs:,}", "-",
                           lambda: analyse_documents(project))
        print(f"  {analysis.summary()}")

        shas = {i: sha256_text(t) for i, t in texts.items()}
        spans_file = root / "spans.jsonl"
        with spans_file.open("w", encoding="utf-8") as fh:
            for _ in range(n_spans):
                i = rng.randrange(n_docs)
                text = texts[i]
                start = rng.randrange(len(text) - 200)
                end = start + rng.randint(5, 200)
                fh.write(json.dumps({"document_sha256": shas[i], "coder": rng.choice(CODERS),
                                     "code": rng.choice(paths), "start": start, "end": end,
                                     "text": text[start:end], "memo": ""}) + "\n")
        del texts
        project.close()
        base = root / "articles-only.annotator"
        shutil.copy(root / "bench.annotator", base)
        ours, raw = [], []
        print(f"span import runs start: {load_note()}")
        for run in range(args.runs):  # alternated, so a busy moment of the machine hits both
            raw.append(timed(lambda: raw_span_insert(base, spans_file, root / "raw.sqlite")))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{root / 'bench.annotator'}{suffix}").unlink(missing_ok=True)
            shutil.copy(base, root / "bench.annotator")
            project = Project(root / "bench.annotator")
            report = measure(f"import {n_spans:,} spans from JSONL (run {run + 1})", "5 s",
                             lambda: import_paths(project, [spans_file]))
            assert report.spans_added == n_spans and not report.errors, report.summary()
            ours.append(report_time[0])
            if run + 1 < args.runs:
                project.close()
        print(ratio_line(f"import {n_spans:,} spans from JSONL", ours, raw, "< 5 s"))
        print(f"span import runs end: {load_note()}")

        doc_ids = [d for (d,) in project.db.execute("SELECT id FROM documents")]

        def one_document() -> float:
            times = []
            for doc_id in rng.sample(doc_ids, min(500, len(doc_ids))):
                t0 = time.perf_counter()
                project.spans_for_document(doc_id)
                times.append(time.perf_counter() - t0)
            return statistics.median(times)

        median = measure("spans_for_document x 500", "-", one_document)
        print(f"{'  median per document':<46} {median * 1000:8.3f} ms (target     5 ms); "
              f"{n_spans / n_docs:.0f} spans per document on average")

        def stats() -> int:
            rows = project.db.execute(
                "SELECT d.title, c.name, r.name, n FROM (SELECT document_id, code_id, coder_id, count(*) AS n"
                " FROM spans GROUP BY 1, 2, 3) g JOIN documents d ON d.id = g.document_id"
                " JOIN codes c ON c.id = g.code_id JOIN coders r ON r.id = g.coder_id").fetchall()
            return len(rows)

        groups = measure("stats: count per document x code x coder", "0.3 s", stats)
        print(f"{'  groups':<46} {groups:8,}")

        out = root / "spans.csv"
        ours, raw = [], []
        for run in range(args.runs):
            raw.append(timed(lambda: raw_csv_export(root / "bench.annotator", root / "raw.csv")))
            count = measure(f"export {n_spans:,} spans to CSV (run {run + 1})", "5 s",
                            lambda: export_spans(project, "csv", out))
            assert count == n_spans
            ours.append(report_time[0])
        print(ratio_line(f"export {n_spans:,} spans to CSV", ours, raw, "< 5 s"))
        print(f"{'  CSV size':<46} {out.stat().st_size / 2**20:8.1f} MiB (baseline's "
              f"{(root / 'raw.csv').stat().st_size / 2**20:.1f} MiB)   {load_note()}")
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
