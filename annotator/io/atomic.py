"""Writing an output file so that it is never seen half-written."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def replaced_atomically(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Yield a file beside *path* to write; when the block ends without an error it is
    flushed to disk and renamed over *path*. On any error it is removed and *path* is
    left as it was. Text files are UTF-8 with newlines written as given."""
    path = Path(path)
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
