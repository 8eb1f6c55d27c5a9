"""Display values for applications, cards and the directory, kept out of templates so they can be tested."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html

from carelab.core.presenters import paragraphs
from carelab.labs.models import Lab
from carelab.participants.forms import CONSENT_STATEMENTS, WHO_LABELS
from carelab.participants.models import (
    Application,
    ApplicationEvent,
    ConsentUse,
    NamesAnOrganisation,
    ProfileCard,
    ProfileCardEvent,
    Visibility,
    Who,
)

NOT_ANSWERED = "Not answered"

_STATUS_TAGS = {
    Application.Status.DRAFT: ("Not sent yet", "grey"),
    Application.Status.SUBMITTED: ("Waiting for the lab team", "blue"),
    Application.Status.MORE_INFO: ("More information needed", "orange"),
    Application.Status.ACCEPTED: ("Accepted", "green"),
    Application.Status.DECLINED: ("Not accepted", "grey"),
}
_VISIBILITY_TAGS = {
    Visibility.TEAM: ("Lab team only", "grey"),
    Visibility.PARTICIPANTS: ("Participants", "blue"),
    Visibility.PUBLIC: ("Public", "green"),
}


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str

    @property
    def params(self) -> dict:
        return {"text": self.text, "classes": f"nhsuk-tag--{self.colour}"}


def status_tag(application: Application) -> Tag:
    return Tag(*_STATUS_TAGS[application.status])


def visibility_tag(card: ProfileCard) -> Tag:
    return Tag(*_VISIBILITY_TAGS[card.visibility])


@dataclass(frozen=True)
class EventView:
    """A step in an application's history, with its message as paragraphs of escaped lines."""

    event: ApplicationEvent

    @property
    def paragraphs(self) -> list[list[str]]:
        return paragraphs(self.event.message)

    @property
    def actor_name(self) -> str:
        return self.event.actor.public_name if self.event.actor else "Someone no longer on CareLab"


def _or_not_answered(text: str) -> str:
    return text if text.strip() else NOT_ANSWERED


def organisation_url(named: NamesAnOrganisation, lab_slug: str) -> str:
    """The page of the organisation in the lab's directory, or "" when it is not listed there."""
    listed = named.listed_organisation
    return reverse("organisations:detail", args=[lab_slug, listed.pk]) if listed is not None else ""


class ApplicationSummary:
    """An application as summary-list rows, with a link to change each answer when `change_url` is given.

    With `link_organisations_in` (the application's lab), a chosen organisation links to its page in
    the lab's directory.
    """

    def __init__(self, application: Application, change_url: str = "", link_organisations_in: Lab | None = None):
        self.application = application
        self.change_url = change_url
        self.link_organisations_in = link_organisations_in

    def _organisation_row(self) -> dict:
        app = self.application
        field_id = "id_organisation" if app.listed_organisation else "id_organisation_name"
        row = self._row("Organisation", _or_not_answered(app.organisation_shown), field_id)
        url = organisation_url(app, self.link_organisations_in.slug) if self.link_organisations_in else ""
        if url:
            row["value"] = {"html": format_html('<a href="{}">{}</a>', url, app.organisation_shown)}
        return row

    def _row(self, label: str, value: str, field_id: str) -> dict:
        row = {"key": {"text": label}, "value": {"text": value}}
        if self.change_url:
            row["actions"] = {
                "items": [{"href": f"{self.change_url}#{field_id}", "text": "Change", "visuallyHiddenText": label}]
            }
        return row

    def about_rows(self) -> list[dict]:
        app = self.application
        interests = [topic.name for topic in app.interests.all()]
        return [
            self._row(
                "Which of these describe you",
                "; ".join(WHO_LABELS[Who(key)] for key in app.who if key in Who.values) or NOT_ANSWERED,
                "id_who",
            ),
            self._organisation_row(),
            self._row("Region", app.region_name if app.region else NOT_ANSWERED, "id_region"),
            self._row("Interests", "; ".join(interests) or NOT_ANSWERED, "id_interests"),
            self._row("What you would like to do", "; ".join(app.activity_labels()) or NOT_ANSWERED, "id_activities"),
            self._row("When you are available", _or_not_answered(app.availability), "id_availability"),
            self._row("What would make it easier to take part", _or_not_answered(app.access_needs), "id_access_needs"),
            self._row("Why you would like to take part", _or_not_answered(app.motivation), "id_motivation"),
            self._row("How you heard about the lab", _or_not_answered(app.how_heard), "id_how_heard"),
        ]

    def consent_rows(self) -> list[dict]:
        app = self.application
        rows = [self._row("Who may see your profile card", Visibility(app.card_visibility).label, "id_card_visibility")]
        for name, statement in CONSENT_STATEMENTS.items():
            rows.append(self._row(statement, "Yes" if name in app.consents else "No", f"id_{name}"))
        return rows


# Profile cards waiting for the lab team


def with_article(kind: str) -> str:
    """'a phone number', 'an email address', 'an NHS number'."""
    return f"an {kind}" if kind[:1].lower() in "aeiou" or kind.startswith(("NHS", "NI ")) else f"a {kind}"


def joined(items: list[str]) -> str:
    """'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def personal_data_words(kinds: list[str]) -> str:
    """'a phone number and an email address'."""
    return joined([with_article(kind) for kind in kinds])


_REVIEW_TAGS = {
    ProfileCard.ReviewStatus.WAITING: ("Waiting for a check", "orange"),
    ProfileCard.ReviewStatus.CHANGES_ASKED: ("Change asked for", "yellow"),
    ProfileCard.ReviewStatus.APPROVED: ("Approved", "green"),
    ProfileCard.ReviewStatus.NOT_NEEDED: ("Shown", "green"),
}


def review_tag(card: ProfileCard) -> Tag:
    return Tag(*_REVIEW_TAGS[card.review_status])


@dataclass(frozen=True)
class CardReviewNotice:
    """What the person sees on their own card page about the lab team's check, in plain words.

    `change_request` is the lab team's latest message asking for a change, if they asked.
    """

    card: ProfileCard
    change_request: str = ""

    @property
    def shown(self) -> bool:
        return self.card.is_held or bool(self.card.found_personal_data and self.card.visibility == Visibility.TEAM)

    @property
    def heading(self) -> str:
        if self.card.review_status == ProfileCard.ReviewStatus.CHANGES_ASKED:
            return "The lab team has asked you to change your card"
        if self.card.is_held:
            return "Your card is waiting for the lab team to check it"
        return "Only the lab team can see your card"

    @property
    def paragraphs(self) -> list[str]:
        card = self.card
        found = []
        if card.found_personal_data:
            found.append(
                f"It seems to include {personal_data_words(card.found_personal_data)}. "
                "The lab team checks cards like this before anyone else sees them, to keep your details private."
            )
        if card.found_risk:
            found.append(
                "Some of the words on your card are ones the lab team reads before a card is shown to others, "
                "in case the person who wrote them would like some support. You have not done anything wrong."
            )
        if not card.is_held:
            return [
                *found[:1],
                "If you share your card with other participants or with everyone, the lab team will check it first.",
            ]
        return [
            *found,
            "Until a lab team member has checked it, only you and the lab team can see your card.",
            "You can change your card below. If the check then finds nothing, it will be shown again straight away.",
        ]


def findings_for_team(card: ProfileCard) -> list[str]:
    """What the last check found on a card, for the lab team: kinds and the risk check's reasons."""
    findings = card.review_findings
    found = []
    if card.found_personal_data:
        found.append(f"Seems to include {personal_data_words(card.found_personal_data)}")
    if card.found_risk:
        level = "urgent (in the safeguarding queue)" if findings.get("risk") == "urgent" else "possible"
        reasons = "; ".join(findings.get("risk_reasons", []))
        found.append(f"Words suggest the person may be at risk, {level}" + (f": {reasons}" if reasons else ""))
    return found


@dataclass(frozen=True)
class CardEventView:
    """A step in a card's review, for the lab team: who (the person, a team member) and the note as lines."""

    event: ProfileCardEvent

    @property
    def actor_name(self) -> str:
        event = self.event
        if event.actor is None:
            return "Someone no longer on CareLab"
        if event.actor_id == event.card.user_id:
            return f"{event.actor.public_name} (their card)"
        return event.actor.public_name

    @property
    def paragraphs(self) -> list[list[str]]:
        return paragraphs(self.event.note)


def own_consent_rows(application: Application, card: ProfileCard | None) -> list[dict]:
    """The person's consents on their application page, each with a link to withdraw it or give it again.

    The card's consent is the card's own once they have one; before that, the application's choice.
    """
    slug = application.lab.slug

    def row(label: str, value: str, use: str, standing: bool) -> dict:
        name = "withdraw_consent" if standing else "give_consent"
        action = "Withdraw" if standing else "Agree"
        return {
            "key": {"text": label},
            "value": {"text": value},
            "actions": {
                "items": [
                    {
                        "href": reverse(f"participants:{name}", args=[slug, use]),
                        "text": action,
                        "visuallyHiddenText": label,
                    }
                ]
            },
        }

    if card is not None:
        shown = not card.is_hidden
        card_value = card.get_visibility_display() if shown else "Nobody: you withdrew your consent"
    else:
        shown = ConsentUse.PROFILE_CARD in application.consents
        card_value = Visibility(application.card_visibility).label if shown else "Nobody: you withdrew your consent"
    rows = [row("Who may see your profile card", card_value, ConsentUse.PROFILE_CARD, shown)]
    for name, statement in CONSENT_STATEMENTS.items():
        given = name in application.consents
        rows.append(row(statement, "Yes" if given else "No", name, given))
    return rows
