"""Command start-up benchmark (a script, not a test; issue 17).

    .venv/bin/python bench/bench_cli.py [--runs 9]

Times, as whole processes, ``annotator --help`` and ``annotator documents`` on the
default project (the five seed articles), against a baseline run alternately with
them: a Python process importing what any command line over SQLite needs
(``python -c "import sqlite3, click"``). Bytecode is cached (in a temporary folder),
as an installed package has it. Prints medians, the ratio, and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def run(args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config", HOME=tmp,
                   PYTHONPYCACHEPREFIX=f"{tmp}/pycache",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        made = subprocess.run([sys.executable, "-c", "from annotator.defaults import ensure_default_project; "
                               "print(ensure_default_project())"], env=env, cwd=ROOT, check=True,
                              capture_output=True, text=True)
        project = made.stdout.strip().splitlines()[-1]
        commands = {
            "annotator --help": ["-m", "annotator.cli", "--help"],
            "annotator documents (default project)": ["-m", "annotator.cli", "documents", project],
        }
        baseline = ["-c", "import sqlite3, click"]
        for argv in [*commands.values(), baseline]:  # warm the bytecode cache; not timed
            run(argv, env)
        print(f"runs start: {load_note()}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        base: list[float] = []
        for _ in range(args.runs):  # alternated, so a busy moment of the machine hits all
            base.append(run(baseline, env))
            for name, argv in commands.items():
                times[name].append(run(argv, env))
        b = statistics.median(base)
        print(f"baseline, python -c 'import sqlite3, click': median {b * 1000:.0f} ms "
              f"(runs {', '.join(f'{x * 1000:.0f}' for x in base)})")
        targets = {"annotator --help": "< 150 ms", "annotator documents (default project)": "< 300 ms"}
        for name, ts in times.items():
            a = statistics.median(ts)
            print(f"{name}: median {a * 1000:.0f} ms (runs {', '.join(f'{x * 1000:.0f}' for x in ts)}); "
                  f"ratio {a / b:.2f}x the baseline   (target {targets[name]})")
        print(f"runs end: {load_note()}")


if __name__ == "__main__":
    main()
