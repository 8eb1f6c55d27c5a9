"""The one check for a person's words wherever they are published or read by others.

Comments, profile cards, Connect messages, survey free text, applications and event registrations
all call `check_words`, so they hold, warn and signpost by the same rules: `carelab.lib.risk` for
signs that someone may be at risk (with the lab's own phrases added) and
`carelab.lib.text_checks` for personal data. `flag_if_urgent` puts urgent risk in the lab team's
one safeguarding review queue, naming where the words were written and never copying them.
"""

from dataclasses import dataclass

from carelab.lib.risk import RiskAssessment, assess_risk
from carelab.lib.text_checks import find_personal_data
from carelab.safeguarding.actions import FlagSource, raise_flag
from carelab.safeguarding.models import SafeguardingFlag


@dataclass(frozen=True)
class WordsCheck:
    risk: RiskAssessment
    personal_data: tuple[str, ...] = ()

    @property
    def has_risk(self) -> bool:
        """Show the writer crisis resources at once, and hold anything public for review."""
        return self.risk.is_risk

    @property
    def has_personal_data(self) -> bool:
        return bool(self.personal_data)

    @property
    def needs_review(self) -> bool:
        """Public words like these wait for a person to review them before anyone else sees them."""
        return self.has_risk or self.has_personal_data


def check_words(lab, *texts: str) -> WordsCheck:
    """Risk and personal data in the texts, read together (a card's fields, a form's answers)."""
    text = "\n".join(text for text in texts if text)
    return WordsCheck(
        risk=assess_risk(text, lab.risk_phrase_list() if lab is not None else ()),
        personal_data=find_personal_data(text),
    )


def risk_details(risk: RiskAssessment) -> dict:
    """What a flag keeps of a risk assessment: the level and the patterns' names, never the words."""
    return {"risk": {"level": risk.level, "reasons": list(risk.reasons)}}


def flag_if_urgent(
    *, lab, check: WordsCheck, source: FlagSource, person=None, written_again: bool = False
) -> SafeguardingFlag | None:
    """Urgent risk always reaches the safeguarding review queue, whatever the source.

    `written_again`: the record's words were sent anew (see `raise_flag`), so a closed flag reopens.
    """
    if not check.risk.is_urgent:
        return None
    return raise_flag(
        lab=lab,
        source=source,
        person=person,
        reasons=[SafeguardingFlag.Reason.RISK_WORDS],
        details=risk_details(check.risk),
        written_again=written_again,
    )
