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

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.core.agreement.bootstrap import Bootstrap, bootstrap_agreement
from annotator.core.agreement.project import prepare
from annotator.store.agreement import AgreementInputs


class _Relay(QObject):
    """Carries a job's outcome to the GUI thread (it lives there: the connection is queued)."""

    done = Signal(int, object)  # generation, Bootstrap or an error message (str)


class _Job(QRunnable):
    def __init__(self, generation: int, inputs: AgreementInputs, resamples: int, seed: int, relay: _Relay):
        super().__init__()
        self.setAutoDelete(False)  # the worker keeps it until its outcome arrives
        self.generation, self.inputs, self.resamples, self.seed, self.relay = generation, inputs, resamples, seed, relay

    def run(self) -> None:
        try:
            i = self.inputs
            prepared = prepare(i.lengths, i.spans, i.coders, **i.options)
            outcome: object = bootstrap_agreement(prepared, resamples=self.resamples, seed=self.seed)
        except (ValueError, MemoryError, FloatingPointError) as exc:
            outcome = f"The intervals could not be computed: {exc}"
        try:
            self.relay.done.emit(self.generation, outcome)
        except RuntimeError:  # the dock was closed meanwhile
            pass


class IntervalWorker(QObject):
    """One bootstrap at a time in its own thread; ``finished(Bootstrap)`` or ``failed(message)``
    for the newest job only."""

    finished = Signal(object)  # Bootstrap
    failed = Signal(str)

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

    def start(self, inputs: AgreementInputs, resamples: int, seed: int) -> None:
        """Compute the intervals of *inputs*; any earlier job's outcome will be ignored."""
        self.cancel()
        job = _Job(self.generation, inputs, resamples, seed, self.relay)
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
        if isinstance(outcome, Bootstrap):
            self.finished.emit(outcome)
        else:
            self.failed.emit(str(outcome))
