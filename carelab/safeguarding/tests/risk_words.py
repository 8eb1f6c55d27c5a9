"""Words for tests of the places that check a person's words, read by the real risk check.

Urgent risk is made deterministically with the lab's own phrases (`lab.risk_phrases`, one per line),
which the risk check always treats as urgent; `UNMISTAKABLE` is urgent by the built-in check alone.
`POSSIBLE` is a sign of risk the built-in check rates "possible": held and signposted, never flagged.
Each is checked against `carelab.lib.risk` when a test uses it, so the tests stay true to the detector.
"""

from carelab.lib.risk import assess_risk

UNMISTAKABLE = "I am going to kill myself tonight"
URGENT_PHRASE = "walking into the sea"  # set as the lab's phrase: urgent by the lab's own choice
POSSIBLE = "Honestly I feel like such a burden to everyone lately"


def make_urgent_by_the_labs_phrase(lab, phrase: str = URGENT_PHRASE) -> str:
    lab.risk_phrases = f"{lab.risk_phrases}\n{phrase}".strip()
    lab.save(update_fields=["risk_phrases"])
    return phrase


def possible_risk() -> str:
    """Words the risk check rates "possible" (and not urgent)."""
    assert assess_risk(POSSIBLE).level == "possible", assess_risk(POSSIBLE)
    return POSSIBLE


def unmistakable() -> str:
    """Words the risk check rates urgent with no lab phrases at all."""
    assert assess_risk(UNMISTAKABLE).is_urgent, assess_risk(UNMISTAKABLE)
    return UNMISTAKABLE
