"""The layers below ui/ never load Qt (STYLE.md: only annotator/ui imports PySide6)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_store_io_cli_import_without_qt():
    code = (
        "import sys, pkgutil, importlib, annotator\n"
        "import annotator.core, annotator.store, annotator.io\n"
        "for pkg in (annotator.core, annotator.store, annotator.io):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import annotator.cli, annotator.defaults, annotator.paths\n"
        "from click.testing import CliRunner\n"
        "CliRunner().invoke(annotator.cli.cli, ['--help'])\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold():
    """The import-linter contracts in pyproject.toml: ui -> cli -> io -> store -> core,
    no Qt outside ui, no import cycles inside store."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


#: What running SQL looks like; a module outside annotator/store holding one of these
#: goes around the store (README, "For developers": the store owns SQL). ``db[0]``
#: (a numpy index in core) is not a table.
SQL_MARKERS = re.compile(r"execute\(|executemany\(|\.query\(|\bdb\[(?!\d)")


def test_only_the_store_runs_sql():
    offenders = []
    for path in sorted((ROOT / "annotator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("annotator/store/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL_MARKERS.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "SQL outside annotator/store:\n" + "\n".join(offenders)
