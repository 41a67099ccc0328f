"""The agreement dock's bootstrap intervals, computed off the GUI thread.

The figures appear at once; the 95% intervals (a document-level bootstrap,
:func:`annotator.core.agreement.bootstrap.bootstrap_agreement`) follow when a worker
thread has them, so the window never freezes on a large project. The worker gets the
inputs the figures were computed from (:class:`~annotator.store.agreement.AgreementInputs`,
gathered on the GUI thread: no database access off it) and the seed and resamples
``annotator agreement`` uses by default, so the dock's intervals are the command's,
digit for digit.

Each :meth:`IntervalWorker.start` supersedes the jobs before it: a job not yet started
is dropped, and a result of an older job is ignored.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.core.agreement.bootstrap import Bootstrap, bootstrap_agreement
from annotator.core.agreement.project import prepare
from annotator.store.agreement import AgreementInputs


class _Relay(QObject):
    """Carries a job's outcome to the GUI thread (it lives there: the connection is queued)."""

    done = Signal(int, object)  # generation, Bootstrap or an error message (str)


class _Job(QRunnable):
    def __init__(self, generation: int, work: Callable[[], object], failure: str, relay: _Relay):
        super().__init__()
        self.setAutoDelete(False)  # the worker keeps it until its outcome arrives
        self.generation, self.work, self.failure, self.relay = generation, work, failure, relay

    def run(self) -> None:
        try:
            outcome: object = self.work()
        except (ValueError, MemoryError, FloatingPointError) as exc:
            outcome = _Failure(f"{self.failure}: {exc}")
        try:
            self.relay.done.emit(self.generation, outcome)
        except RuntimeError:  # the dock was closed meanwhile
            pass


class _Failure(str):
    """A job's error message (a job's own result may be anything else)."""


def bootstrap_of(inputs: AgreementInputs, resamples: int, seed: int) -> Bootstrap:
    """The bootstrap ``annotator agreement`` computes for *inputs* (pure: any thread)."""
    prepared = prepare(inputs.lengths, inputs.spans, inputs.coders, **inputs.options)
    return bootstrap_agreement(prepared, resamples=resamples, seed=seed)


class BackgroundWorker(QObject):
    """One job at a time in its own thread; ``finished(result)`` or ``failed(message)`` for
    the newest job only. A job is a callable that touches no project and no widget."""

    finished = Signal(object)
    failed = Signal(str)
    failure = "The job failed"  # the start of a failed job's message

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # created before the relay: on destruction the pool (waiting for a running job) goes first
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay(self)
        self.relay.done.connect(self._done)
        self.generation = 0
        self.running = False
        self._jobs: dict[int, _Job] = {}

    def start_job(self, work: Callable[[], object]) -> None:
        """Run *work* in the thread; any earlier job's outcome will be ignored."""
        self.cancel()
        job = _Job(self.generation, work, self.failure, self.relay)
        self._jobs[self.generation] = job
        self.running = True
        self.pool.start(job)

    def cancel(self) -> None:
        """Forget the current job (its outcome is dropped); a queued one never starts."""
        self.generation += 1
        self.running = False
        for generation, job in list(self._jobs.items()):
            if self.pool.tryTake(job):  # queued, never started: nothing will report it
                del self._jobs[generation]

    def wait(self) -> None:
        """Block until the running job is done (for scripts and screenshots)."""
        self.pool.waitForDone()

    def _done(self, generation: int, outcome: object) -> None:
        self._jobs.pop(generation, None)
        if generation != self.generation:
            return
        self.running = False
        if isinstance(outcome, _Failure):
            self.failed.emit(str(outcome))
        else:
            self.finished.emit(outcome)


class IntervalWorker(BackgroundWorker):
    """The 95% intervals: ``finished(Bootstrap)`` or ``failed(message)`` for the newest job only."""

    failure = "The intervals could not be computed"

    def start(self, inputs: AgreementInputs, resamples: int, seed: int) -> None:
        """Compute the intervals of *inputs*; any earlier job's outcome will be ignored."""
        self.start_job(lambda: bootstrap_of(inputs, resamples, seed))
