"""Inter-annotator agreement: coefficients, unitizing alpha, span F1, project figures."""

from ._result import Agreement
from .coefficients import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    ratings_to_counts,
)
from .disagreements import Disagreement, disagreements
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
