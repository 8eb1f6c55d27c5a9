"""Display values for ideas, kept out of templates so they can be tested."""

from carelab.core.presenters import paragraphs
from carelab.ideas.actions import PERSONAL_DATA, RISK
from carelab.ideas.models import Idea, Stage

STAGE_TAG_CLASSES = {
    Stage.PROPOSED: "nhsuk-tag--grey",
    Stage.DEVELOPING: "nhsuk-tag--blue",
    Stage.TESTING: "nhsuk-tag--purple",
    Stage.ADOPTED: "nhsuk-tag--green",
    Stage.ADAPTED: "nhsuk-tag--aqua-green",
    Stage.ABANDONED: "nhsuk-tag--white",
}

# For the lab team's pages.
HOLD_REASON_LABELS = {RISK: "Words suggest the writer may be at risk", PERSONAL_DATA: "May contain personal data"}
# For the author: what they can do about it, in plain words. Risk is met by the help panel instead.
AUTHOR_HOLD_NOTES = {
    PERSONAL_DATA: "It may contain personal details, such as a name, phone number, e-mail or home address. "
    "You can change your idea to take them out.",
}
RISK_LEVEL_WORDS = {"urgent": "Urgent", "possible": "Possible sign of risk"}


def text_paragraphs(text: str) -> list[list[str]]:
    """A person's plain text as paragraphs of lines, for the templates (never as HTML)."""
    return paragraphs(text)


def stage_tag(stage: str) -> dict:
    """The NHS.UK tag for a stage."""
    return {"text": Stage(stage).label, "classes": STAGE_TAG_CLASSES.get(stage, "nhsuk-tag--grey")}


def status_tag(idea: Idea) -> dict | None:
    """The tag for an idea others cannot see, or None for a published one."""
    return {
        Idea.Status.HELD: {"text": "Waiting for the lab team", "classes": "nhsuk-tag--yellow"},
        Idea.Status.REJECTED: {"text": "Not published", "classes": "nhsuk-tag--red"},
        Idea.Status.WITHDRAWN: {"text": "Withdrawn", "classes": "nhsuk-tag--grey"},
    }.get(idea.status)


def status_note(idea: Idea, *, viewer_is_author: bool) -> str:
    """What the author (or the team) is told about an idea others cannot see."""
    if idea.status == Idea.Status.HELD:
        if viewer_is_author:
            return "Only you and the lab team can see this idea until the lab team has checked it."
        return "Held for the lab team to check. Only its author and the lab team can see it."
    if idea.status == Idea.Status.REJECTED:
        who = (
            "Only you and the lab team can see it." if viewer_is_author else "Only its author and the lab team see it."
        )
        return f"The lab team did not publish this idea. {who}"
    if idea.status == Idea.Status.WITHDRAWN:
        return "This idea was withdrawn by its author. Only its author and the lab team can see it."
    return ""


def hold_reason_labels(idea: Idea) -> list[str]:
    return [HOLD_REASON_LABELS.get(reason, reason) for reason in idea.hold_reasons]


def author_hold_notes(idea: Idea) -> list[str]:
    if idea.status != Idea.Status.HELD:
        return []
    return [AUTHOR_HOLD_NOTES[reason] for reason in idea.hold_reasons if reason in AUTHOR_HOLD_NOTES]


def risk_finding(idea: Idea) -> str:
    """What the risk check found, for the lab team: 'Urgent: …'. Empty if nothing."""
    if not idea.risk_level:
        return ""
    level = RISK_LEVEL_WORDS.get(idea.risk_level, idea.risk_level.capitalize())
    reasons = "; ".join(idea.risk_reasons)
    return f"{level}: {reasons}" if reasons else level


def supporters_text(count: int) -> str:
    if count == 0:
        return "No supporters yet"
    return "1 supporter" if count == 1 else f"{count} supporters"


def author_name(idea: Idea) -> str:
    """The public name only: never the e-mail address."""
    return idea.author.public_name if idea.author else "Former member"
