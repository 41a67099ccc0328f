"""Inter-annotator agreement: coefficients, unitizing alpha, span F1, project figures.

Pure Python + numpy. Every figure is an :class:`Agreement` (value, or ``None`` with
the reason it is undefined, plus the units and documents it rests on).

* Reliability data (coders x units, ``None``/NaN missing):
  :func:`krippendorff_alpha` (nominal/ordinal/interval/ratio), :func:`cohen_kappa`,
  :func:`fleiss_kappa` (counts, or ``ratings=``), :func:`percent_agreement`,
  :func:`ratings_to_counts`.
* Spans: :func:`unitizing_alpha` (Krippendorff's alpha_U on one continuum),
  :func:`span_f1` (exact / overlap matching).
* A project's codings: :func:`project_agreement` (per code, per document, overall;
  character or token units; noise cut out), :func:`disagreements` (ranges where
  coders differ, largest first), :func:`agreed_spans` (what every coder marked
  identically: adjudication's automatic proposals), :func:`word_tokens`.
"""

from ._result import Agreement
from .coefficients import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    ratings_to_counts,
)
from .disagreements import Disagreement, agreed_spans, disagreements
from .project import CodeAgreement, DocumentAgreement, ProjectAgreement, project_agreement
from .spans import SpanAgreement, SpanF1, span_f1
from .unitizing import UnitizingAlpha, unitizing_alpha
from .units import word_tokens

__all__ = [
    "Agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "percent_agreement",
    "ratings_to_counts",
    "unitizing_alpha",
    "span_f1",
    "disagreements",
    "agreed_spans",
    "word_tokens",
    "Disagreement",
    "project_agreement",
    "ProjectAgreement",
    "DocumentAgreement",
    "CodeAgreement",
    "SpanF1",
    "SpanAgreement",
    "UnitizingAlpha",
]
