"""The instruments CareLab ships: free to reproduce, worded exactly as published.

PHQ-9, PHQ-8, PHQ-2, GAD-7 and GAD-2 use the standard English wording of the
Pfizer PHQ and GAD-7 screeners (phqscreeners.com). PHQ-8 is PHQ-9 items 1–8
and PHQ-2 is items 1–2, with the same item ids, so the same answer scores on
each. The pain scale is a generic 0–10 numerical rating scale, worded for
CareLab. STarT Back is the Keele STarT Back Screening Tool (9-item version),
free for non-commercial use with its copyright statement; it is switchable and
never offered unless a lab turns it on.

No licensed instrument (WEMWBS, EQ-5D, Keele STarT MSK, Oswestry, Neck
Disability Index, …) is here: an organisation loads those from a definition
file under its own licence (see ``definitions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import (
    PHQ9_ITEM9_POSITIVE,
    Band,
    Evaluation,
    Instrument,
    InstrumentDefinitionError,
    Item,
    ItemFlag,
    Option,
    SumScoring,
)

PHQ_GAD_CREDIT = (
    "Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc.; no permission required to reproduce, translate, "
    "display or distribute."
)
PHQ_GAD_LICENCE = "No permission required to reproduce, translate, display or distribute. Keep the credit line."

_FREQUENCY = (
    Option("0", "Not at all", 0),
    Option("1", "Several days", 1),
    Option("2", "More than half the days", 2),
    Option("3", "Nearly every day", 3),
)

PHQ_STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
GAD_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"

_PHQ_TEXTS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
_GAD_TEXTS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

PHQ_ITEMS = tuple(
    Item(f"phq_{number}", text, _FREQUENCY, asks_about_self_harm=number == 9)
    for number, text in enumerate(_PHQ_TEXTS, start=1)
)
GAD_ITEMS = tuple(Item(f"gad_{number}", text, _FREQUENCY) for number, text in enumerate(_GAD_TEXTS, start=1))


def _severity_bands(top: int, *, moderately_severe: bool) -> tuple[Band, ...]:
    bands = [Band("minimal", "Minimal", 0, 4), Band("mild", "Mild", 5, 9), Band("moderate", "Moderate", 10, 14)]
    if moderately_severe:
        bands += [Band("moderately_severe", "Moderately severe", 15, 19), Band("severe", "Severe", 20, top)]
    else:
        bands += [Band("severe", "Severe", 15, top)]
    return tuple(bands)


_SCREEN_BANDS = (Band("negative", "Negative screen", 0, 2), Band("positive", "Positive screen", 3, 6))

PHQ9 = Instrument(
    id="phq9",
    version="1.0",
    title="PHQ-9 (Patient Health Questionnaire)",
    instructions=PHQ_STEM,
    recall_period="the last 2 weeks",
    items=PHQ_ITEMS,
    credit=PHQ_GAD_CREDIT,
    licence=PHQ_GAD_LICENCE,
    scoring=SumScoring(bands=_severity_bands(27, moderately_severe=True)),
    safety_band="severe",
    item_flags=(ItemFlag("phq_9", 1, PHQ9_ITEM9_POSITIVE),),
)

PHQ8 = Instrument(
    id="phq8",
    version="1.0",
    title="PHQ-8 (Patient Health Questionnaire)",
    instructions=PHQ_STEM,
    recall_period="the last 2 weeks",
    items=PHQ_ITEMS[:8],
    credit=PHQ_GAD_CREDIT,
    licence=PHQ_GAD_LICENCE,
    scoring=SumScoring(bands=_severity_bands(24, moderately_severe=True)),
    safety_band="severe",
)

PHQ2 = Instrument(
    id="phq2",
    version="1.0",
    title="PHQ-2 (Patient Health Questionnaire)",
    instructions=PHQ_STEM,
    recall_period="the last 2 weeks",
    items=PHQ_ITEMS[:2],
    credit=PHQ_GAD_CREDIT,
    licence=PHQ_GAD_LICENCE,
    scoring=SumScoring(bands=_SCREEN_BANDS),
)

GAD7 = Instrument(
    id="gad7",
    version="1.0",
    title="GAD-7 (Generalised Anxiety Disorder Assessment)",
    instructions=GAD_STEM,
    recall_period="the last 2 weeks",
    items=GAD_ITEMS,
    credit=PHQ_GAD_CREDIT,
    licence=PHQ_GAD_LICENCE,
    scoring=SumScoring(bands=_severity_bands(21, moderately_severe=False)),
    safety_band="severe",
)

GAD2 = Instrument(
    id="gad2",
    version="1.0",
    title="GAD-2 (Generalised Anxiety Disorder Assessment)",
    instructions=GAD_STEM,
    recall_period="the last 2 weeks",
    items=GAD_ITEMS[:2],
    credit=PHQ_GAD_CREDIT,
    licence=PHQ_GAD_LICENCE,
    scoring=SumScoring(bands=_SCREEN_BANDS),
)

PAIN_NRS = Instrument(
    id="pain_nrs",
    version="1.0",
    title="Pain intensity (0 to 10)",
    instructions="Choose the one number that best describes your pain. "
    "0 is no pain and 10 is the worst pain imaginable.",
    recall_period="on average over the last week",
    items=(
        Item(
            "pain_intensity",
            "On average over the last week, how bad has your pain been?",
            tuple(Option(str(number), str(number), number) for number in range(11)),
            anchors=("No pain", "Worst pain imaginable"),
        ),
    ),
    credit="A 0 to 10 numerical rating scale for pain intensity. The scale is in general use and owned by no one; "
    "this wording was written for CareLab.",
    licence="Free to use.",
    scoring=SumScoring(
        bands=(
            Band("none", "No pain", 0, 0),
            Band("mild", "Mild", 1, 3),
            Band("moderate", "Moderate", 4, 6),
            Band("severe", "Severe", 7, 10),
        )
    ),
)

START_BACK_COPYRIGHT = "© Keele University 01/08/07. Funded by Arthritis Research UK."

_AGREEMENT = (Option("disagree", "Disagree", 0), Option("agree", "Agree", 1))
_BOTHERSOME = (
    Option("not_at_all", "Not at all", 0),
    Option("slightly", "Slightly", 0),
    Option("moderately", "Moderately", 0),
    Option("very_much", "Very much", 1),
    Option("extremely", "Extremely", 1),
)
_START_BACK_STATEMENTS = (
    "My back pain has spread down my leg(s) at some time in the last 2 weeks",
    "I have had pain in the shoulder or neck at some time in the last 2 weeks",
    "I have only walked short distances because of my back pain",
    "In the last 2 weeks, I have dressed more slowly than usual because of back pain",
    "It’s not really safe for a person with a condition like mine to be physically active",
    "Worrying thoughts have been going through my mind a lot of the time",
    "I feel that my back pain is terrible and it’s never going to get any better",
    "In general I have not enjoyed all the things I used to enjoy",
)
START_BACK_ITEMS = (
    *(Item(f"startback_{n}", text, _AGREEMENT) for n, text in enumerate(_START_BACK_STATEMENTS, start=1)),
    Item("startback_9", "Overall, how bothersome has your back pain been in the last 2 weeks?", _BOTHERSOME),
)

START_BACK_LOW = Band("low_risk", "Low risk", 0, 3, "Total 3 or less")
START_BACK_MEDIUM = Band("medium_risk", "Medium risk", 4, 9, "Total 4 or more and psychosocial subscore 3 or less")
START_BACK_HIGH = Band("high_risk", "High risk", 4, 9, "Psychosocial subscore 4 or more")


@dataclass(frozen=True)
class StartBackScoring:
    """Total 0–9 and a psychosocial subscore (items 5–9, 0–5) place a person in a risk group.

    Subscore 4 or more: high risk; otherwise total 4 or more: medium risk;
    otherwise low risk. With any answer missing there is no total and no
    group; the subscore is still recorded when items 5–9 are all answered.
    """

    psychosocial_items: tuple[str, ...] = tuple(f"startback_{n}" for n in range(5, 10))
    method: str = field(default="startback", init=False)

    @property
    def bands(self) -> tuple[Band, ...]:
        return (START_BACK_LOW, START_BACK_MEDIUM, START_BACK_HIGH)

    @staticmethod
    def group(total: int, psychosocial: int) -> Band:
        if psychosocial >= 4:
            return START_BACK_HIGH
        return START_BACK_MEDIUM if total >= 4 else START_BACK_LOW

    def check(self, items: tuple[Item, ...]) -> None:
        absent = sorted(set(self.psychosocial_items) - {item.id for item in items})
        if absent:
            raise InstrumentDefinitionError("scoring.psychosocial_items", f"{absent[0]!r} is not an item")

    def evaluate(self, items: tuple[Item, ...], scores: Mapping[str, int]) -> Evaluation:
        psychosocial = (
            sum(scores[item_id] for item_id in self.psychosocial_items)
            if all(item_id in scores for item_id in self.psychosocial_items)
            else None
        )
        if len(scores) < len(items):
            return Evaluation(total=None, subscores={"psychosocial": psychosocial})
        total = sum(scores.values())
        band = self.group(total, psychosocial or 0)
        return Evaluation(
            total=total, raw_total=total, band=band, subscores={"psychosocial": psychosocial}, certain_band=band
        )


START_BACK = Instrument(
    id="startback",
    version="1.0",
    title="Keele STarT Back Screening Tool",
    instructions="Thinking about the last 2 weeks tick your response to the following questions:",
    recall_period="the last 2 weeks",
    items=START_BACK_ITEMS,
    credit=START_BACK_COPYRIGHT,
    licence="Free for non-commercial use provided the copyright and funding statement is kept with the tool. "
    "Other use needs permission from Keele University. For low back pain only.",
    scoring=StartBackScoring(),
    requires_opt_in=True,
)

STANDARD_INSTRUMENTS: tuple[Instrument, ...] = (PHQ9, PHQ8, PHQ2, GAD7, GAD2, PAIN_NRS, START_BACK)
