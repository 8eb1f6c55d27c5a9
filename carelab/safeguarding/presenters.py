"""Display values for safeguarding flags, kept out of templates so they can be tested.

What a flag says in words comes from its reasons and details (instrument ids, the lab's own risk
phrases, question names) and from the survey's questions. Never from what the person wrote:
the flag does not hold it.
"""

from dataclasses import dataclass
from datetime import datetime

from carelab.core.presenters import format_date
from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.lib.survey_definition import SurveyDefinition
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag

PHQ9_ITEM9 = "phq9_item9_positive"
MOST_SEVERE_BAND = "most_severe_band"
RISK_PHRASE = "risk_phrase"
RISK_WORDS = "risk_words"

STATUS_TAGS = {
    SafeguardingFlag.Status.NEW: {"text": "New", "classes": "nhsuk-tag--red"},
    SafeguardingFlag.Status.IN_REVIEW: {"text": "In review", "classes": "nhsuk-tag--yellow"},
    SafeguardingFlag.Status.CLOSED: {"text": "Closed", "classes": "nhsuk-tag--grey"},
}

FORMER_MEMBER = "Someone no longer on CareLab"
AUTOMATIC = "CareLab (automatic check)"
# Events CareLab's own checks record; their note is the reasons found, as stored codes.
AUTOMATIC_ACTIONS = (FlagEvent.Action.RAISED, FlagEvent.Action.UPDATED, FlagEvent.Action.REOPENED_AUTOMATICALLY)

REASON_WORDS = {
    PHQ9_ITEM9: "Self-harm question (PHQ-9 question 9) answered above 0",
    MOST_SEVERE_BAND: "Score in the most severe band",
    RISK_PHRASE: "Words matched a risk phrase",
    RISK_WORDS: "Words suggest the person may be at risk",
}


def _risk_reasons(flag: SafeguardingFlag) -> list[str]:
    return list((flag.details.get("risk") or {}).get("reasons") or [])


def _risk_questions(flag: SafeguardingFlag) -> list[str]:
    """The survey questions whose answers the risk check found urgent (their names, never the answers)."""
    return list((flag.details.get("risk") or {}).get("questions") or [])


def format_when(moment: datetime | None) -> str:
    """'3 October 2026 at 2:05pm', in UK time (Europe/London)."""
    return format_date(moment, "datetime")


def actor_name(user, action: str = "") -> str:
    """Who did it. Flags are raised by CareLab itself; a missing person has deleted their account."""
    if user is not None:
        return user.public_name
    if action in AUTOMATIC_ACTIONS:
        return AUTOMATIC
    return FORMER_MEMBER


def quoted(items) -> str:
    """“a”, “b” and “c”."""
    items = [f"“{item}”" for item in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _instrument(instrument_id: str, definition: SurveyDefinition | None):
    version = None
    if definition is not None:
        version = next(
            (
                section.instrument.version
                for section in definition.sections
                if section.instrument is not None and section.instrument.id == instrument_id
            ),
            None,
        )
    try:
        return get_instrument(instrument_id, version)
    except UnknownInstrumentError:
        try:
            return get_instrument(instrument_id)
        except UnknownInstrumentError:
            return None  # an instrument a deploying organisation loaded under its own licence


def instrument_name(instrument_id: str, definition: SurveyDefinition | None = None) -> str:
    """The short name people know an instrument by: 'PHQ-8' from 'PHQ-8 (Patient Health Questionnaire)'."""
    instrument = _instrument(instrument_id, definition)
    if instrument is None:
        return instrument_id
    return instrument.title.split(" (")[0]


def _instruments_for(flag: SafeguardingFlag, reason: str) -> list[str]:
    return list((flag.details.get("instruments") or {}).get(reason, []))


def reason_summaries(flag: SafeguardingFlag) -> list[str]:
    """One short line per reason, for the queue."""
    lines = []
    for reason in flag.reasons:
        if reason == MOST_SEVERE_BAND:
            names = [instrument_name(instrument_id) for instrument_id in _instruments_for(flag, reason)]
            lines.append(REASON_WORDS[reason] + (f": {', '.join(names)}" if names else ""))
        elif reason == RISK_PHRASE:
            phrases = flag.details.get("phrases") or []
            lines.append(REASON_WORDS[reason] + (f": {quoted(phrases)}" if phrases else ""))
        elif reason == RISK_WORDS:
            found = _risk_reasons(flag)
            lines.append(REASON_WORDS[reason] + (f" ({'; '.join(found)})" if found else ""))
        else:
            lines.append(_label(reason))
    return lines


def _label(reason: str) -> str:
    return REASON_WORDS.get(reason) or dict(SafeguardingFlag.Reason.choices).get(reason, reason)


def event_note(event: FlagEvent) -> str:
    """What the history shows beside an event: the reasons in words for CareLab's checks, else the note."""
    if event.action in AUTOMATIC_ACTIONS:
        return "; ".join(_label(code.strip()) for code in event.note.split(",") if code.strip())
    return event.note


def _question_label(definition: SurveyDefinition | None, answer_name: str) -> str:
    """The question a stored answer belongs to, as the person saw it; its name if the survey is gone."""
    if definition is None:
        return f"the question named {answer_name}"
    for question in definition.questions():
        if answer_name in question.answer_names:
            label = question.label or question.name
            if answer_name == question.other_answer_name:
                return f"“{label}” (the “Other, please say” answer)"
            return f"“{label}”"
    return f"the question named {answer_name}"


@dataclass(frozen=True)
class Explanation:
    heading: str
    text: str


def reason_explanations(flag: SafeguardingFlag, definition: SurveyDefinition | None = None) -> list[Explanation]:
    """Each reason in full, for the flag's page: which instrument and band, or which of the lab's phrases."""
    explanations = []
    for reason in flag.reasons:
        if reason == PHQ9_ITEM9:
            item = _instrument("phq9", definition)
            wording = f" (“{item.items[8].text}”)" if item is not None and len(item.items) > 8 else ""
            explanations.append(
                Explanation(
                    "Self-harm question answered above 0",
                    f"The answer to PHQ-9 question 9{wording} was above “Not at all”.",
                )
            )
        elif reason == MOST_SEVERE_BAND:
            for instrument_id in _instruments_for(flag, reason) or [""]:
                explanations.append(Explanation(REASON_WORDS[reason], _band_text(instrument_id, definition)))
        elif reason == RISK_PHRASE:
            phrases = flag.details.get("phrases") or []
            questions = [_question_label(definition, name) for name in flag.details.get("questions") or []]
            text = f"An answer contained the lab's risk phrase {quoted(phrases)}." if len(phrases) == 1 else ""
            if len(phrases) > 1:
                text = f"Answers contained the lab's risk phrases {quoted(phrases)}."
            if questions:
                text += " Found in the answer to " + " and ".join(questions) + "."
            explanations.append(Explanation(REASON_WORDS[reason], text.strip() or _label(reason)))
        elif reason == RISK_WORDS:
            where = flag.get_source_kind_display().lower()
            found = _risk_reasons(flag)
            text = f"CareLab's risk check found, in the {where}: {'; '.join(found)}." if found else ""
            questions = [_question_label(definition, name) for name in _risk_questions(flag)]
            if questions:
                text += " Found in the answer to " + " and ".join(questions) + "."
            explanations.append(Explanation(REASON_WORDS[reason], text.strip() or _label(reason)))
        else:
            explanations.append(Explanation(_label(reason), ""))
    return explanations


def _band_text(instrument_id: str, definition: SurveyDefinition | None) -> str:
    if not instrument_id:
        return "A total was in an instrument's most severe band."
    instrument = _instrument(instrument_id, definition)
    if instrument is None:
        return f"The {instrument_id} total was in its most severe band."
    name = instrument.title.split(" (")[0]
    band = next((band for band in instrument.scoring.bands if band.id == instrument.safety_band), None)
    if band is None:
        return f"The {name} total was in its most severe band."
    return f"The {name} total was in the “{band.label}” band ({band.min:g} to {band.max:g})."


def contact_answer(response) -> str:
    """Whether the person agreed to be contacted: yes or no, never how. `response` is None once deleted."""
    if response is None:
        return "Not known: the response has been deleted"
    if "contact" not in (response.consents or {}):
        return "No"
    if not response.has_consent("contact"):
        return "No: they have since withdrawn their agreement, and their contact details are deleted"
    if not hasattr(response, "contact"):  # the details are kept apart and can be deleted on their own
        return "Yes, but their contact details have since been deleted"
    return "Yes"


def last_change_text(action: str | None, when: datetime | None) -> str:
    """'Note added, 3 October 2026 at 2:05pm', from the queue's annotations."""
    if not action:
        return ""
    label = dict(FlagEvent.Action.choices).get(action, action)
    return f"{label}, {format_when(when)}" if when else label


SURVEY = SafeguardingFlag.Source.SURVEY_RESPONSE

# What the link to a flag's source says, and what shows instead once the source has gone.
SOURCE_LINK_TEXT = {
    SafeguardingFlag.Source.COMMENT: "Open the comment",
    SafeguardingFlag.Source.PROFILE_CARD: "Open the profile card",
    SafeguardingFlag.Source.APPLICATION: "Open the application",
    SafeguardingFlag.Source.EVENT_REGISTRATION: "Open the event's registrations",
    SafeguardingFlag.Source.EVIDENCE_SUBMISSION: "Open the example or story",
    SafeguardingFlag.Source.IDEA: "Open the idea",
}
SOURCE_GONE_TEXT = {
    SafeguardingFlag.Source.SURVEY_RESPONSE: "The response has since been deleted",
    SafeguardingFlag.Source.COMMENT: "The comment has since been deleted",
    SafeguardingFlag.Source.PROFILE_CARD: "The profile card has since been deleted",
    SafeguardingFlag.Source.CONNECT_MESSAGE: "The message has since been deleted",
    SafeguardingFlag.Source.APPLICATION: "The application has since been deleted",
    SafeguardingFlag.Source.EVENT_REGISTRATION: "The registration has since been deleted",
    SafeguardingFlag.Source.EVIDENCE_SUBMISSION: "The example or story has since been deleted",
    SafeguardingFlag.Source.IDEA: "The idea has since been deleted",
}


def source_label(flag: SafeguardingFlag) -> str:
    """Where the words were written, never the words: 'Comment on “Launch”', 'Survey answers: Share your
    experience, response ABC123'. Survey flags are named from the survey and the response's reference."""
    if flag.source_kind == SURVEY:
        survey = flag.survey.title if flag.survey else "a survey that has been deleted"
        reference = f", response {flag.response_reference}" if flag.response_reference else ""
        return f"Survey answers: {survey}{reference}"
    return flag.source_title or flag.get_source_kind_display()


def source_link(flag: SafeguardingFlag, exists: bool) -> dict | None:
    """The lab team's page for the source while it exists ({"href", "text"}), else None."""
    if flag.source_kind == SURVEY or not exists or not flag.source_url:
        return None
    return {"href": flag.source_url, "text": SOURCE_LINK_TEXT.get(flag.source_kind, "Open where it was written")}


def source_gone(flag: SafeguardingFlag, exists: bool) -> str:
    """Said in place of the link once the source has been deleted (its flag and history stay)."""
    if exists or flag.source_kind == SURVEY:
        return ""
    return SOURCE_GONE_TEXT.get(flag.source_kind, "It has since been deleted")


def writer_name(flag: SafeguardingFlag) -> str:
    """Who wrote the words, for sources the lab team already sees with a name (comments, applications,
    registrations, cards, reported messages). Never for survey answers, which the team reads without
    names (decisions/0010, 0019). Everything but a survey needs an account, so no person means deleted."""
    if flag.source_kind == SURVEY:
        return ""
    return flag.person.public_name if flag.person is not None else FORMER_MEMBER


@dataclass
class FlagRow:
    """One row of the queue."""

    flag: SafeguardingFlag

    @property
    def is_survey(self) -> bool:
        return self.flag.source_kind == SURVEY

    @property
    def source_label(self) -> str:
        return source_label(self.flag)

    @property
    def source_link(self) -> dict | None:
        return source_link(self.flag, bool(getattr(self.flag, "source_exists", True)))

    @property
    def source_gone(self) -> str:
        return source_gone(self.flag, bool(getattr(self.flag, "source_exists", True)))

    @property
    def writer(self) -> str:
        return writer_name(self.flag)

    @property
    def status_tag(self) -> dict:
        return STATUS_TAGS[self.flag.status]

    @property
    def reasons(self) -> list[str]:
        return reason_summaries(self.flag)

    @property
    def survey_title(self) -> str:
        return self.flag.survey.title if self.flag.survey else "A survey that has been deleted"

    @property
    def reference(self) -> str:
        return self.flag.response_reference or "No reference"

    @property
    def last_change(self) -> str:
        return last_change_text(getattr(self.flag, "last_action", None), getattr(self.flag, "last_action_at", None))
