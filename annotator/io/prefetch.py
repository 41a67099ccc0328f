"""Reading files ahead, in one worker thread, while the importer writes to the database.

The importer stores file *k* while the worker reads, decodes and parses file *k+1*
(:func:`annotator.io.formats.read_file`): SQLite releases Python's lock while it
writes, so the two overlap. The worker stays a few files and about
:data:`BUDGET_BYTES` ahead, and a file larger than that is read only once the
importer is done with the one before, so the import never holds much more in memory
than one file at a time. The worker runs in a copy of the caller's context, so
:func:`annotator.io.reading.forced_encoding` holds there too.
"""

from __future__ import annotations

import contextvars
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Generic, TypeVar

#: Files read ahead at most ...
AHEAD = 16
#: ... and bytes (file sizes) held at most, the file being stored included.
BUDGET_BYTES = 8 * 1024 * 1024

T = TypeVar("T")


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the reader reports it


class ReadAhead(Generic[T]):
    """``read(path)`` for each of *paths*, in order, in one worker thread; :meth:`take`
    hands each result back in turn (or raises what ``read`` raised). Use as a context
    manager: leaving it drops what was read ahead and waits for the worker."""

    def __init__(self, read: Callable[[Path], T], paths: Sequence[Path], *, ahead: int = AHEAD,
                 budget: int = BUDGET_BYTES):
        self._read = read
        self._paths = paths
        self._ahead = ahead
        self._budget = budget
        self._next = 0  # the next path to hand to the worker
        self._queue: deque[tuple[Path, Future[T], int]] = deque()
        self._held = 0  # bytes handed to the worker and not released by the importer
        self._taken = 0  # bytes of the result taken last: held until the next take
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="import-read")
        self._fill()

    def __enter__(self) -> "ReadAhead[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._queue.clear()

    def _fill(self) -> None:
        while self._next < len(self._paths) and len(self._queue) < self._ahead:
            path = self._paths[self._next]
            size = _size(path)
            if self._held and self._held + size > self._budget:
                return
            future = self._pool.submit(contextvars.copy_context().run, self._read, path)
            self._queue.append((path, future, size))
            self._held += size
            self._next += 1

    def _release(self) -> None:
        self._held -= self._taken
        self._taken = 0
        self._fill()

    def wait(self, path: Path) -> None:
        """Wait until the result for *path* is ready, if it is the next (without taking it)."""
        self._release()
        if self._queue and self._queue[0][0] == path:
            wait([self._queue[0][1]])

    def take(self, path: Path) -> T:
        """The result for *path*, which must be the next of the paths."""
        self._release()
        queued, future, size = self._queue.popleft()
        if queued != path:
            raise RuntimeError(f"read ahead {queued}, asked for {path}")
        self._taken = size
        return future.result()
