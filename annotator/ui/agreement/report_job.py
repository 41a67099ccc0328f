"""Agreement dock ▸ Export Report, off the GUI thread.

What the report reads from the project (the figures' inputs, the content hash) is read on
the GUI thread when the user asks for it; the slow pure parts (the 1,000-resample bootstrap,
the code confusion and the largest disagreements: ~4 s on 1,000 documents) run in a worker
(:class:`~annotator.ui.agreement.intervals.BackgroundWorker`); titles and texts are read and
the file written (atomically, :func:`annotator.io.report.write_report`) back on the GUI thread.
The intervals are those ``annotator report`` computes: the same inputs, resamples and seed,
so the file is the command's, byte for byte but for its time stamp.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.core.agreement.bootstrap import Bootstrap
from annotator.io.report import Options, report_parts
from annotator.store.reliability import ReliabilityRun
from annotator.ui.agreement.intervals import bootstrap_of


@dataclass(frozen=True)
class ReportJob:
    target: Path
    options: Options
    run: ReliabilityRun  # the figures, without intervals
    project_hash: str  # taken with the figures
    seed: int  # as annotator report chooses it

    def work(self, known: Bootstrap | None = None) -> Callable[[], tuple]:
        """The job for the worker: (run with its intervals, ReportParts). *known*: intervals the
        dock has computed for this run already, reused when their resamples and seed are the report's."""
        run, resamples, seed = self.run, self.options.resamples, self.seed
        reuse = known if known is not None and known.resamples == resamples and known.seed == seed else None

        def compute() -> tuple:
            b = reuse if reuse is not None else bootstrap_of(run.inputs, resamples, seed) if resamples > 0 else None
            full = replace(run, intervals=b)
            return full, report_parts(full)

        return compute
