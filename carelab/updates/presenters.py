"""Display values for updates pages and e-mails, kept out of templates so they can be tested."""

from collections.abc import Iterable
from dataclasses import dataclass

from carelab.core.presenters import format_date
from carelab.lib.regions import region_name
from carelab.participants.models import Activity, Who
from carelab.updates.models import Delivery, Update

EVERY_PARTICIPANT = "Every participant"

# How each answer reads in a sentence about the audience: "Who are carers or people with lived experience".
WHO_WORDS = {
    Who.LIVED_EXPERIENCE: "people with lived experience",
    Who.CARER: "carers",
    Who.PROFESSIONAL: "people who work in health or care",
    Who.ORGANISATION: "people here for an organisation",
}
ACTIVITY_WORDS = {
    Activity.RESEARCH: "research (interviews, surveys and focus groups)",
    Activity.WORKSHOPS: "workshops and webinars",
    Activity.TESTING: "testing ideas in practice",
}


def count_text(number: int, noun: str = "person", plural: str = "people") -> str:
    return f"{number:,} {noun if number == 1 else plural}"


def either(words: Iterable[str]) -> str:
    """'Wales', 'Wales or Scotland', 'Wales, Scotland or London'."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def audience_lines(update: Update) -> list[str]:
    """The audience in words, one line a question, for the lab team and readers.

    A sent update reads from the summary written when it was sent, so renaming or deleting a
    topic later does not change what the record says it was for.
    """
    if update.is_sent and update.audience_summary:
        return update.audience_summary.splitlines()
    lines = []
    if update.audience_regions:
        lines.append("In " + either(region_name(code) for code in update.audience_regions))
    who = [WHO_WORDS[key] for key in update.audience_who if key in WHO_WORDS]
    if who:
        lines.append("Who are " + either(who))
    topics = [topic.name for topic in update.audience_topics.all()]
    if topics:
        lines.append("Interested in " + either(topics))
    activities = [ACTIVITY_WORDS[key] for key in update.audience_activities if key in ACTIVITY_WORDS]
    if activities:
        lines.append("Who would like to take part in " + either(activities))
    return lines or [EVERY_PARTICIPANT]


def audience_sentence(lines: list[str]) -> str:
    """The audience lines as words in a sentence: 'every participant', 'participants in Wales who are carers'."""
    if lines == [EVERY_PARTICIPANT]:
        return "every participant"
    return "participants " + ", ".join(line[:1].lower() + line[1:] for line in lines)


def status_tag(update: Update) -> dict:
    if update.is_sent:
        return {"text": "Sent", "classes": "nhsuk-tag--green"}
    return {"text": "Draft", "classes": "nhsuk-tag--grey"}


def sent_text(update: Update) -> str:
    """'Sent on 3 October 2026 at 10:05am', or 'Not sent yet'."""
    return f"Sent on {format_date(update.sent_at, 'datetime')}" if update.sent_at else "Not sent yet"


@dataclass(frozen=True)
class DeliveryCounts:
    """How the e-mails of one sent update went."""

    emailed: int = 0
    waiting: int = 0
    not_sent: int = 0

    @classmethod
    def of(cls, counts_by_status: dict[str, int]) -> "DeliveryCounts":
        return cls(
            emailed=counts_by_status.get(Delivery.Status.SENT, 0),
            waiting=counts_by_status.get(Delivery.Status.QUEUED, 0),
            not_sent=counts_by_status.get(Delivery.Status.SKIPPED, 0),
        )

    @property
    def total(self) -> int:
        return self.emailed + self.waiting + self.not_sent


def recipients_text(update: Update) -> str:
    """For the team's list (needs `for_team_list()`): '40 of 42 people e-mailed', or for a draft 'Nobody yet'."""
    if not update.is_sent:
        return "Nobody yet"
    if update.delivery_count == 0:
        return "Nobody e-mailed"
    if update.emailed_count == update.delivery_count:
        return f"{count_text(update.delivery_count)} e-mailed"
    return f"{update.emailed_count:,} of {count_text(update.delivery_count)} e-mailed"


def email_choice_text(wants: bool) -> str:
    if wants:
        return "You get the lab team's updates by e-mail."
    return "You do not get the lab team's updates by e-mail. You can read them here."
