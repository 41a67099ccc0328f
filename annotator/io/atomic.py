"""Writing an output file so that it is never seen half-written.

A file is written as a hidden ``.NAME.PID.partial`` beside its target and renamed over
it when complete. A process killed mid-way (kill -9, power cut) cannot remove its
temporary file, so every export first sweeps its folder for our own stale ones
(:func:`remove_stale_partials`): hidden, named like ours, and either left by a process
that no longer runs (POSIX) or not written to for :data:`STALE_SECONDS`.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

#: A temporary file not written to for this long belongs to no export in progress.
STALE_SECONDS = 3600.0
_OURS = re.compile(r"\..+\.(?P<pid>\d+)\.partial")


def _running(pid: int) -> bool:
    """Whether process *pid* may still be writing (True when that cannot be told)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # on Windows os.kill(pid, 0) would send Ctrl+C: rely on the age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is another user's, or cannot be asked
        return True
    return True


def remove_stale_partials(folder: str | Path) -> list[Path]:
    """Remove our own stale temporary files in *folder* (see the module docstring);
    return those removed. Never raises: a file that cannot be removed is left."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = _OURS.fullmatch(entry.name)
        if found is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            if old or not _running(int(found["pid"])):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def replaced_atomically(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Yield a file beside *path* to write; when the block ends without an error it is
    flushed to disk and renamed over *path*. On any error it is removed and *path* is
    left as it was. Text files are UTF-8 with newlines written as given. Stale temporary
    files of earlier, killed exports in the same folder are removed first."""
    path = Path(path)
    remove_stale_partials(path.parent)
    temp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with (temp.open("wb") if binary else temp.open("w", encoding="utf-8", newline="")) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
