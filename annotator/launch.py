"""The ``annotator`` command's entry point.

With no arguments (the default project in the window, what a researcher double-clicks or
types every morning) the window starts at once: the command line's parser, click and the
definitions of its thirty-odd commands (about 60 ms of a cold start, issue 17) are not
loaded. Anything else, ``--project``, ``--help`` or a command, goes to :mod:`annotator.cli`,
which handles the no-command case the same way (:func:`annotator.ui.app.run` with no
project), so both paths open the same window.
"""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) == 1:
        from annotator.ui.app import run

        sys.exit(run(None))
    from annotator.cli import main as cli_main

    cli_main()
