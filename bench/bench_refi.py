"""REFI-QDA import benchmark (a script, not a test): what deciding how a file counts
offsets (issue 11) costs next to reading the file and writing the project. Prints figures.

    .venv/bin/python bench/bench_refi.py [--articles 2000] [--runs 5]

Builds articles of about 5 KB (``bench_store.py``'s, with an emoji in every
paragraph), 15 spans each on whole words, exports them as ``.qdpx``, and rewrites
the archive the way NVivo writes one (BOM, CRLF, offsets in UTF-16 units, no
selection names): the hardest case, where every reading is tried and only word
boundaries decide. Times, median of the runs:

1. ``parse_qdpx``: read and check the archive (the baseline);
2. ``resolve``: score every reading of every source and map the selections;
3. the import's writing into an empty project.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "io" / "refi"))

from bench_store import article  # noqa: E402
from conventions import NVIVO, convert  # noqa: E402

from annotator.core.model import NewDocument  # noqa: E402
from annotator.io.refi import export_qdpx, import_qdpx  # noqa: E402
from annotator.io.refi.project_read import parse_qdpx, resolve  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.spans import SpanRecord  # noqa: E402


def build(folder: Path, n: int) -> Path:
    rng = random.Random(11)
    with Project(folder / "source.annotator") as p:
        code, coder = p.add_code("theme"), p.ensure_coder("ana")
        records = []
        with p.transaction():
            for i in range(n):
                text = article(rng, i, 5000).replace(".\n", " 😀.\n")
                doc = p.add_document(NewDocument(text, title=f"article {i}"))
                starts = sorted(rng.sample([j + 1 for j, ch in enumerate(text) if ch == " "], 15))
                for s in starts:
                    end = text.find(" ", s + 12)
                    records.append(SpanRecord(doc, code.id, coder.id, s, end if end > s else len(text)))
        p.add_spans(records)
        exported = export_qdpx(p, folder / "annotator.qdpx")
    return convert(exported, NVIVO, folder / "nvivo.qdpx")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = build(folder, args.articles)
        parse, decide, write = [], [], []
        for run in range(args.runs):
            t0 = time.perf_counter()
            parsed = parse_qdpx(path)
            t1 = time.perf_counter()
            decisions = resolve(parsed)
            t2 = time.perf_counter()
            with Project(folder / f"run{run}.annotator") as p:
                report = import_qdpx(p, path, parsed=parsed)
            t3 = time.perf_counter()
            parse.append(t1 - t0)
            decide.append(t2 - t1)
            write.append(t3 - t2)
        spans = report.spans_added
        assert spans == 15 * args.articles and not report.problems, report.summary()
        assert all(d.reading.utf16 for d in decisions)
    m = statistics.median
    print(f"{args.articles:,} sources, {spans:,} selections (NVivo convention, decided by word boundaries)")
    print(f"parse_qdpx (baseline): median {m(parse) * 1000:.0f} ms")
    print(f"resolve (every reading scored, selections mapped): median {m(decide) * 1000:.0f} ms"
          f" = {m(decide) / m(parse):.2f}x parse")
    print(f"writing the project: median {m(write) * 1000:.0f} ms")
    print(f"deciding is {m(decide) / (m(parse) + m(decide) + m(write)):.0%} of the whole import")


if __name__ == "__main__":
    main()
