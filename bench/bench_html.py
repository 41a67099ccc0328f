"""HTML import benchmark (a script, not a test): a hostile 8 MB page of a million tags.

Writes a page of ``--tags`` tags (default 1,000,000: paragraphs of short bold, italic and
link runs, with comments, scripts and line breaks in between, about 9 MB), then measures,
each step in a fresh Python process so that its peak memory (max RSS) is its own:

- baseline 1: reading the file as text (:func:`annotator.io.reading.read_text`);
- baseline 2: that, plus lxml parsing it into a tree (``lxml.html.document_fromstring``);
- :func:`annotator.io.html_text.extract_html`: read, parse and walk the page to its text;
- ``import``: :func:`annotator.io.importer.import_paths` of the file into a new project,
  without, then with the article's analysis (page clutter, shared passages) as
  ``annotator import`` runs it.

Each is run ``--runs`` times (median wall-clock and CPU time: on a machine shared with
other jobs the CPU time is the steadier figure; max of the peak memories). Targets (issue 12):
the import under 10 s and under 500 MB. ``--bs4 N`` also times BeautifulSoup's
``html.parser`` (what the importer used before) on a page of N tags, for comparison.

Run: ``python bench/bench_html.py`` (``--tags 200000`` for a quick look).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEPS = {
    "read": """
from annotator.io.reading import read_text
text, _, _ = read_text(PATH)
""",
    "read+lxml parse": """
import lxml.html
from annotator.io.reading import read_text
text, _, _ = read_text(PATH)
parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
""",
    "extract_html": """
from annotator.io.html_text import extract_html
from annotator.io.reading import read_text
text, _, _ = read_text(PATH)
page = extract_html(text)
assert len(page.text) > 1000
""",
    "import (no analysis)": """
from annotator.defaults import install_default_codebook
from annotator.io.importer import import_paths
from annotator.store import Project
with Project(Path(tempfile.mkdtemp(dir=Path(PATH).parent)) / "plain.annotator") as project:
    install_default_codebook(project)
    report = import_paths(project, [PATH], analyse=False)
    assert report.ok and len(report.documents_added) == 1, report.summary()
""",
    "import (with analysis)": """
from annotator.defaults import install_default_codebook
from annotator.io.importer import import_paths
from annotator.store import Project
with Project(Path(tempfile.mkdtemp(dir=Path(PATH).parent)) / "analysed.annotator") as project:
    install_default_codebook(project)
    report = import_paths(project, [PATH])
    assert report.ok and len(report.documents_added) == 1, report.summary()
""",
    "bs4 html.parser (old)": """
from bs4 import BeautifulSoup
from annotator.io.reading import read_text
text, _, _ = read_text(PATH)
soup = BeautifulSoup(text, "html.parser")
""",
}

HARNESS = """
import resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {root!r})
PATH = {path!r}
t0, c0 = time.perf_counter(), time.process_time()
{body}
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
import json
print(json.dumps({{"seconds": elapsed, "cpu": cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def write_page(path: Path, tags: int) -> None:
    """About 8 bytes of markup per tag: one unit is 12 tags (start and end tags, a comment, a script)."""
    unit = ('<p>Troops <b>entered</b> <i>Kalbajar</i> at <a href="#">dawn</a><!-- c -->.'
            '<script>x</script><br></p>\n')
    units = max(1, tags // 12)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<!doctype html><html><head><title>A hostile page</title>"
                 '<meta property="og:site_name" content="Bench"></head><body><nav>menu</nav><article>\n')
        for _ in range(units):
            fh.write(unit)
        fh.write("</article><footer>footer</footer></body></html>\n")


def measure(step: str, path: Path) -> dict:
    code = HARNESS.format(root=str(ROOT), path=str(path), body=STEPS[step])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(step: str, path: Path, runs: int) -> tuple[float, float, float]:
    results = [measure(step, path) for _ in range(runs)]
    seconds = statistics.median(r["seconds"] for r in results)
    cpu = statistics.median(r["cpu"] for r in results)
    peak = max(r["peak_mb"] for r in results)
    times = ", ".join(f"{r['seconds']:.2f}" for r in results)
    print(f"{step:<26} median {seconds:6.2f} s wall, {cpu:6.2f} s CPU   peak {peak:5.0f} MB   (wall: {times})")
    return seconds, cpu, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tags", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bs4", type=int, default=0, metavar="N", help="also time BeautifulSoup on a page of N tags")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hostile.html"
        write_page(path, args.tags)
        print(f"page: {args.tags:,} tags, {path.stat().st_size / 1e6:.1f} MB")
        report("read", path, args.runs)
        _, parse_cpu, parse_mb = report("read+lxml parse", path, args.runs)
        _, extract_cpu, extract_mb = report("extract_html", path, args.runs)
        report("import (no analysis)", path, args.runs)
        import_s, import_cpu, import_mb = report("import (with analysis)", path, args.runs)
        print(f"extract_html / (read + lxml parse): {extract_cpu / parse_cpu:.2f}x CPU time, "
              f"{extract_mb / parse_mb:.2f}x memory")
        print(f"import / (read + lxml parse):       {import_cpu / parse_cpu:.2f}x CPU time, "
              f"{import_mb / parse_mb:.2f}x memory")
        for label, value in (("wall", import_s), ("CPU", import_cpu)):
            verdict = "met" if value < 10 and import_mb < 500 else "NOT met"
            print(f"import against the targets, {label} time: {value:.1f} s of 10 s, {import_mb:.0f} MB of 500 MB "
                  f"({verdict})")
        if args.bs4:
            small = Path(tmp) / "small.html"
            write_page(small, args.bs4)
            print(f"page: {args.bs4:,} tags, {small.stat().st_size / 1e6:.1f} MB")
            report("read+lxml parse", small, 1)
            report("bs4 html.parser (old)", small, 1)


if __name__ == "__main__":
    main()
