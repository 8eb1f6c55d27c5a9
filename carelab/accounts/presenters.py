"""Display values for the "Your data" pages and the JSON download, kept out of templates so they can be tested.

The same sections (carelab/core/your_data.py) feed the readable page, the JSON file and the
account deletion page, so the three never disagree.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from markupsafe import Markup

from carelab.core.presenters import format_date, paragraphs
from carelab.core.your_data import Consent, Section, Value

NOTHING = "None"
ONLY_DELETED = "Deleted."


def value_for_page(value: Value) -> str | Markup:
    """A value as a person reads it: dates in words (UK time), Yes or No, lists as bullets, text in paragraphs.

    Text is escaped here and only wrapped in our own tags, so what a person typed never runs as HTML.
    """
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_date(value, "datetime")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        items = Markup("").join(Markup("<li>{}</li>").format(item) for item in value)
        return Markup('<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>').format(items)
    text = str(value)
    if "\n" not in text:
        return text
    return Markup("").join(Markup("<p>{}</p>").format(Markup("<br>").join(lines)) for lines in paragraphs(text))


def value_for_json(value: Value):
    """A value for the JSON file: dates and times in ISO 8601 (times in UK time, with the offset)."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_as_dict(record: list[tuple[str, Value]]) -> dict:
    """A record as {label: value}. A label that comes twice (two questions worded alike) gets a number."""
    result: dict = {}
    for label, value in record:
        key, number = label, 1
        while key in result:
            number += 1
            key = f"{label} ({number})"
        result[key] = value_for_json(value)
    return result


def consent_as_dict(consent: Consent) -> dict:
    return {
        "lab": consent.lab,
        "for": consent.use,
        "wording": consent.wording,
        "wording_version": consent.version,
        "given_at": value_for_json(consent.given_at),
        "withdrawn_at": value_for_json(consent.withdrawn_at),
    }


def as_json(sections: list[Section], generated_at: datetime) -> dict:
    return {
        "generated_at": value_for_json(generated_at),
        "sections": {
            section.key: {
                "title": section.title,
                "on_deletion": section.on_deletion,
                "kept_after_deletion": section.kept_after_deletion,
                "records": [record_as_dict(record) for record in section.records],
                "consents": [consent_as_dict(consent) for consent in section.consents],
            }
            for section in sections
        },
    }


def download_filename(generated_at: datetime) -> str:
    return f"carelab-your-data-{timezone.localdate(generated_at).isoformat()}.json"


@dataclass(frozen=True)
class SectionView:
    """One section as the page shows it: a heading, what deleting the account does, and a summary list per record."""

    section: Section

    @property
    def anchor(self) -> str:
        return "section-" + self.section.key.replace("_", "-")

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def count(self) -> int:
        return len(self.section.records)

    @property
    def count_text(self) -> str:
        return "none" if not self.count else str(self.count)

    @property
    def deletion_sentence(self) -> str:
        return self.section.on_deletion

    @property
    def says_more_than_deleted(self) -> bool:
        return self.section.on_deletion != ONLY_DELETED

    def record_title(self, number: int) -> str:
        return f"{self.section.title}: {number} of {self.count}"

    def record_rows(self) -> list[list[dict]]:
        rows = []
        for record in self.section.records:
            record_rows = []
            for label, value in record:
                shown = value_for_page(value)
                record_rows.append(
                    {"key": {"text": label}, "value": {"html": shown} if isinstance(shown, Markup) else {"text": shown}}
                )
            rows.append(record_rows)
        return rows


def section_views(sections: list[Section]) -> list[SectionView]:
    return [SectionView(section) for section in sections]


@dataclass(frozen=True)
class ConsentView:
    """One consent on the "Your data" page: a heading and a summary list, with the link to withdraw or give it again."""

    consent: Consent

    @property
    def heading(self) -> str:
        return f"{self.consent.use} ({self.consent.lab})"

    @property
    def status_text(self) -> str:
        if self.consent.stands:
            return "You agreed to this"
        return f"Withdrawn {format_date(self.consent.withdrawn_at, 'datetime')}"

    def rows(self) -> list[dict]:
        consent = self.consent
        rows = [
            {"key": {"text": "What you agreed to"}, "value": {"text": consent.wording or NOTHING}},
            {"key": {"text": "Wording version"}, "value": {"text": consent.version or "Not recorded"}},
            {"key": {"text": "Given"}, "value": {"text": value_for_page(consent.given_at)}},
            {"key": {"text": "Now"}, "value": {"text": self.status_text}},
        ]
        action = None
        if consent.stands and consent.withdraw_url:
            action = {"href": consent.withdraw_url, "text": "Withdraw", "visuallyHiddenText": self.heading}
        elif not consent.stands and consent.give_again_url:
            action = {"href": consent.give_again_url, "text": "Give again", "visuallyHiddenText": self.heading}
        if action:
            rows[-1]["actions"] = {"items": [action]}
        return rows


def consent_views(consents: list[Consent]) -> list[ConsentView]:
    return [ConsentView(consent) for consent in consents]
