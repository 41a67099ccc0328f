"""The result object every agreement function returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    """One agreement figure and what it rests on.

    ``value`` is ``None`` exactly when the coefficient is undefined for the data
    (no variation, too few pairable values, zero expected disagreement ...); then
    ``reason`` says why, in words a methods section can quote. A defined value never
    carries a reason. ``units`` counts the units (items, characters, tokens, spans)
    the figure rests on; ``documents`` the documents, where that applies.
    ``observed`` and ``expected`` are the coefficient's two ingredients where it has
    them (observed/expected agreement for kappas, disagreement for the alphas).
    """

    value: float | None
    reason: str | None = None
    units: int = 0
    documents: int | None = None
    observed: float | None = None
    expected: float | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("an Agreement has either a value or a reason, not both or neither")

    @property
    def defined(self) -> bool:
        return self.value is not None

    @classmethod
    def undefined(cls, reason: str, units: int = 0, **kw: object) -> Agreement:
        return cls(None, reason, units, **kw)  # type: ignore[arg-type]
