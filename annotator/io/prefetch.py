"""Reading files ahead, in one worker thread, while the importer writes to the database.

The importer stores one chunk of :data:`CHUNK` files while the worker reads, decodes and
parses the next (:func:`annotator.io.formats.read_file`): SQLite releases Python's lock
while it writes, so the two overlap. The worker stays at most :data:`AHEAD` chunks and
about :data:`BUDGET_BYTES` (file sizes) ahead, and a file larger than that is read only
once the importer is done with the files before it, so the import holds about one large
file in memory at a time, as it did reading each file in turn. The worker runs in a copy
of the caller's context, so :func:`annotator.io.reading.forced_encoding` holds there too.
What a file's reading raised is raised again when the importer takes that file, so it
is reported as that file's problem, as before.
"""

from __future__ import annotations

import contextvars
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Generic, TypeVar

#: Files read in one go by the worker (one hand-over per chunk: a hand-over costs about
#: what reading a small file does) ...
CHUNK = 64
#: ... and chunks read ahead at most ...
AHEAD = 2
#: ... and bytes (file sizes) held at most, the chunk being stored included.
BUDGET_BYTES = 8 * 1024 * 1024

T = TypeVar("T")


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the reader reports it


def _outcome(read: Callable[[Path], T], path: Path) -> tuple[T | None, BaseException | None]:
    try:
        return read(path), None
    except Exception as exc:  # handed to the importer, which reports it as the file's problem
        return None, exc


class ReadAhead(Generic[T]):
    """``read(path)`` for each of *paths*, in order, in one worker thread; :meth:`take`
    hands each result back in turn (or raises what ``read`` raised). Use as a context
    manager: leaving it drops what was read ahead (the worker finishes its chunk on its own)."""

    def __init__(self, read: Callable[[Path], T], paths: Sequence[Path]):
        self._read = read
        self._paths = paths
        self._chunk, self._ahead, self._budget = CHUNK, AHEAD, BUDGET_BYTES
        self._next = 0  # the next path to hand to the worker
        self._queue: deque[tuple[list[Path], Future[list[tuple[T | None, BaseException | None]]], int]] = deque()
        self._current: deque[tuple[Path, T | None, BaseException | None]] = deque()  # the chunk being taken
        self._held = 0  # bytes handed to the worker and not released by the importer
        self._taken = 0  # bytes of the chunk being taken: held until its last file is stored
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="import-read")
        self._fill()

    def __enter__(self) -> "ReadAhead[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        # a stopped import returns at once: a chunk still being read is finished and dropped
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._queue.clear()
        self._current.clear()

    def _fill(self) -> None:
        while self._next < len(self._paths) and len(self._queue) < self._ahead:
            paths: list[Path] = []
            size = 0
            while self._next < len(self._paths) and len(paths) < self._chunk:
                more = _size(self._paths[self._next])
                if (self._held or paths) and self._held + size + more > self._budget:
                    break
                paths.append(self._paths[self._next])
                size += more
                self._next += 1
            if not paths:
                return
            read = contextvars.copy_context().run
            future = self._pool.submit(read, lambda ps=paths: [_outcome(self._read, p) for p in ps])
            self._queue.append((paths, future, size))
            self._held += size

    def _release(self) -> None:
        if not self._current and self._taken:
            self._held -= self._taken
            self._taken = 0
        self._fill()

    def wait(self, path: Path) -> None:
        """Wait until the result for *path* is ready, if it is the next (without taking it)."""
        self._release()
        if not self._current and self._queue and self._queue[0][0][0] == path:
            wait([self._queue[0][1]])

    def ready(self, path: Path) -> bool:
        """Whether :meth:`take` would hand the result for *path* over at once (True too when
        *path* is not read ahead: it is read when its turn comes)."""
        if self._current or not self._queue or self._queue[0][0][0] != path:
            return True
        return self._queue[0][1].done()

    def take(self, path: Path) -> T:
        """The result for *path*, which must be the next of the paths."""
        self._release()
        if not self._current:
            paths, future, size = self._queue.popleft()
            self._current.extend((p, result, error) for p, (result, error) in zip(paths, future.result()))
            self._taken = size
        queued, result, error = self._current.popleft()
        if queued != path:
            raise RuntimeError(f"read ahead {queued}, asked for {path}")
        if error is not None:
            raise error
        return result  # type: ignore[return-value]
