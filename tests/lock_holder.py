"""Another process holding a project file's write lock (``BEGIN IMMEDIATE``), as a
colleague's import in a terminal would. For the busy-file tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
seconds = float(sys.argv[2])
if seconds >= 0:
    time.sleep(seconds)
else:
    sys.stdin.readline()  # held until told (a line) or killed
conn.execute("COMMIT")
conn.close()
"""


class LockHolder:
    """``with LockHolder(path) as h: ...``: the lock is held once the block starts."""

    def __init__(self, path: Path, seconds: float = -1):
        self.path = path
        self.seconds = seconds
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "LockHolder":
        self.proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(self.path), str(self.seconds)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"
        return self

    def release(self) -> None:
        """Commit and let go (the holder exits)."""
        if self.proc and self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            self.proc.wait(10)

    def kill(self) -> None:
        """kill -9: the holder dies with its transaction open."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def __exit__(self, *exc: object) -> None:
        self.kill()
        if self.proc is not None:
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    stream.close()
