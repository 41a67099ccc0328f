"""The ``annotator`` command's entry point (annotator.launch): no arguments open the window
without loading the command line's parser; anything else goes through it."""

from __future__ import annotations

import subprocess
import sys

STUBBED = """
import sys
sys.argv = {argv!r}
import annotator.ui.app as app
app.run = lambda *args, **kwargs: print("window", args, kwargs) or 0
from annotator.launch import main
try:
    main()
except SystemExit as exit:
    print("exit", exit.code)
print("loaded", "click" in sys.modules, "annotator.cli" in sys.modules)
"""


def _launch(argv: list[str]) -> list[str]:
    done = subprocess.run([sys.executable, "-c", STUBBED.format(argv=argv)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_no_arguments_open_the_window_without_the_command_line_parser():
    assert _launch(["annotator"]) == ["window (None,) {}", "exit 0", "loaded False False"]


def test_arguments_go_through_the_command_line():
    lines = _launch(["annotator", "--version"])
    assert lines[0].startswith("annotator, version ")
    assert lines[-2:] == ["exit 0", "loaded True True"]


def test_a_project_option_opens_the_window_through_the_command_line(tmp_path):
    project = tmp_path / "study.annotator"
    lines = _launch(["annotator", "--project", str(project), "--create"])
    assert lines[0] == f"window ({project!r},) {{'create': True}}"
    assert lines[-1] == "loaded True True"
