"""Does a message suggest its writer may be at risk? An explainable, offline check.

`assess_risk(text, extra_phrases=())` gives a `RiskAssessment`: a level ("none", "possible" or
"urgent") and short human-readable reasons, each naming what matched. The lab's own phrases add
to the built-in patterns; they never replace them. Software flags; people decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carelab.lib.text_checks import find_risk_phrases

NONE = "none"
POSSIBLE = "possible"
URGENT = "urgent"
LEVELS = (NONE, POSSIBLE, URGENT)


@dataclass(frozen=True)
class RiskAssessment:
    level: str = NONE
    reasons: tuple[str, ...] = ()

    @property
    def is_risk(self) -> bool:
        """Held for a person to review, with crisis resources shown to the writer."""
        return self.level != NONE

    @property
    def is_urgent(self) -> bool:
        """Always reaches the safeguarding review queue."""
        return self.level == URGENT


def assess_risk(text: str, extra_phrases: Iterable[str] = ()) -> RiskAssessment:
    """How likely the text is to come from someone at risk, and why."""
    matched = find_risk_phrases(text or "", list(extra_phrases))
    if not matched:
        return RiskAssessment()
    return RiskAssessment(URGENT, tuple(f"the lab's phrase “{phrase}”" for phrase in matched))
