"""Helpers for tests of the places that check a person's words.

Urgent risk is made deterministically with the lab's own phrases (`lab.risk_phrases`, one per line),
which the risk check always treats as urgent. A "possible" sign of risk has no phrase to set it: the
detector decides. `possible_risk_for(monkeypatch, marker)` makes the risk check read any text
containing the marker as possible risk (and leaves every other text to the real check), so a test can
follow what each place does with "possible" without depending on the detector's wording.
"""

from carelab.lib import risk

# Unmistakable words that any risk detector must treat as urgent. Tests that use them also check that
# the detector did, so they stay valid as the detector changes.
UNMISTAKABLE = "I am going to kill myself tonight"
URGENT_PHRASE = "walking into the sea"  # set as the lab's phrase: urgent by the lab's own choice
POSSIBLE_MARKER = "nothing feels worth it lately"


def make_urgent_by_the_labs_phrase(lab, phrase: str = URGENT_PHRASE) -> str:
    lab.risk_phrases = f"{lab.risk_phrases}\n{phrase}".strip()
    lab.save(update_fields=["risk_phrases"])
    return phrase


def possible_risk_for(monkeypatch, marker: str = POSSIBLE_MARKER) -> str:
    real = risk.assess_risk

    def assess(text, extra_phrases=()):
        found = real(text, extra_phrases)
        if marker in (text or "") and not found.is_urgent:
            return risk.RiskAssessment(risk.POSSIBLE, (*found.reasons, "words that may suggest low mood"))
        return found

    for module in ("carelab.safeguarding.checks", "carelab.surveys.forms_answering"):
        monkeypatch.setattr(f"{module}.assess_risk", assess)
    return marker
