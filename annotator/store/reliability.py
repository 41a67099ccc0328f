"""One reliability computation for the CLI, the report and the window: the agreement
figures, their bootstrap intervals, the document set behind them, warnings and the
method statement, all from the same inputs.

Which documents: a named document set (``set_name``), else the project's newest
reliability set when there is one, else every document; then ``documents="done"``
(marked done by every compared coder) or ``"any"`` (each compared coder has a span).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from annotator.core.agreement import ProjectAgreement
from annotator.core.agreement.bootstrap import DEFAULT_RESAMPLES, Bootstrap, bootstrap_agreement
from annotator.core.agreement.project import agreement_of, prepare
from annotator.store.agreement import AgreementInputs, agreement_inputs, method_text
from annotator.store.project import Project
from annotator.store.sets import DocumentSet, find_set, reliability_set, set_documents

SEED_SETTING = "reliability.bootstrap_seed"
#: The bootstrap seed when none is given or set in the project: fixed, so that a read-only
#: run (which never writes the project file) gives the same intervals every time.
DEFAULT_SEED = 20_070_101
ALL = "all documents"
FEW_DOCUMENTS = 10  # below this, say that the bootstrap intervals are not to be trusted


def bootstrap_seed(project: Project, seed: int | None = None) -> int:
    """*seed* if given, else the seed set in the project (``SEED_SETTING``), else
    :data:`DEFAULT_SEED`: the same project gives the same intervals on every run, and
    computing them writes nothing (agreement and report are read-only commands)."""
    if seed is not None:
        return seed
    stored = project.setting(SEED_SETTING)
    return int(stored) if stored.isdigit() else DEFAULT_SEED


@dataclass(frozen=True)
class ReliabilityRun:
    result: ProjectAgreement
    intervals: Bootstrap | None
    document_set: DocumentSet | None
    candidates: int  # documents in play before the done/any rule
    dropped: int  # under documents="any": candidates dropped because a compared coder marked nothing
    unit: str
    documents: str
    include_noise: bool
    mean_over_codes: dict[str, float | None]
    inputs: AgreementInputs  # what the figures were computed from (the report reuses them)

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.documents == "any" and self.dropped:
            out.append(f"--documents any dropped {self.dropped} of {self.candidates} documents where a "
                       "compared coder marked nothing; leaving out documents coders agree are empty "
                       "usually raises agreement. Report --documents done where you can.")
        n = len(self.result.documents)
        if self.intervals is not None and 0 < n < FEW_DOCUMENTS:
            out.append(f"the intervals rest on only {n} document{'s' if n > 1 else ''}: a bootstrap over "
                       f"fewer than {FEW_DOCUMENTS} documents understates the uncertainty.")
        return out

    def method(self) -> str:
        text = method_text(self.unit, self.documents, self.include_noise)
        if self.document_set is not None:
            text += (f" Documents are those of the set {self.document_set.name!r} "
                     f"({self.document_set.size} documents) that qualify.")
        text += (" \"mean over codes\" is the unweighted mean of the per-code figures (codes where the "
                 "figure is defined); \"overall\" pools every (code, unit) pair, so frequent codes weigh most.")
        if self.intervals is not None:
            text += " " + self.intervals.method()
        return text


def choose_set(project: Project, set_name: str | None) -> DocumentSet | None:
    """*set_name*; ``None``: the newest reliability set, if any; :data:`ALL`: no set."""
    if set_name == ALL:
        return None
    if set_name:
        return find_set(project, set_name)
    return reliability_set(project)


def _mean(values: list[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return float(np.mean(defined)) if defined else None


def run_reliability(
    project: Project,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    *,
    unit: Literal["char", "token"] = "char",
    documents: Literal["done", "any"] = "done",
    include_noise: bool = False,
    set_name: str | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int | None = None,
    per_document: bool = False,
) -> ReliabilityRun:
    """Figures, intervals (``resamples`` 0: none) and the method statement, from one set of inputs."""
    chosen = choose_set(project, set_name)
    ids = set_documents(project, chosen.id) if chosen is not None else None
    inputs = agreement_inputs(project, coders, codes, unit=unit, documents=documents,
                              include_noise=include_noise, document_ids=ids)
    prepared = prepare(inputs.lengths, inputs.spans, inputs.coders, **inputs.options)
    result = agreement_of(prepared, unit, per_document)
    intervals = None
    if resamples > 0:
        intervals = bootstrap_agreement(prepared, resamples=resamples, seed=bootstrap_seed(project, seed))
    measures = ("krippendorff_alpha", "cohen_kappa", "fleiss_kappa", "unitizing_alpha")
    mean = {}
    for m in measures:
        per_code = [getattr(ca, m) for ca in result.codes.values()]
        if per_code and per_code[0] is not None:
            mean[m] = _mean([a.value for a in per_code])
    return ReliabilityRun(result, intervals, chosen, len(inputs.lengths),
                          len(inputs.lengths) - len(result.documents), unit, documents, include_noise, mean,
                          inputs)
