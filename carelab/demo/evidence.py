"""The demo lab's evidence library: about forty items written for CareLab (carelab/demo/evidence_content.py).

Studies, reviews, data sets and guidance are added by the lab team; practice examples from the demo's local
organisations (loaded first, carelab/demo/organisations.py) and lived-experience stories arrive as
submissions the team accepted, with the consents to use and to quote recorded as the submission form
records them. Safe to run again: items are found by their title and updated.

The writes are the model's own (no library action exists for a seeded item yet); each item's
`search_text` is set as the library's search asks (`EvidenceItem.text_for_search`).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from carelab.accounts.models import User
from carelab.demo import evidence_content as content
from carelab.evidence.models import EvidenceItem, EvidenceTag
from carelab.labs.models import Lab
from carelab.organisations.models import Organisation

# What the evidence submission form asks people to agree to, and the version of that wording. The demo
# records the same so its submissions look as a sent one would; LEAD: use the form's constants once merged.
SUBMISSION_CONSENT_VERSION = "evidence-submission-1"
SUBMISSION_CONSENT_STATEMENTS = {
    "use": (
        "The lab team may add what I sent to the lab's evidence library, use it in the lab's work and share it "
        "with the lab's participants."
    ),
    "quote": "The lab team may quote my words anonymously in what the lab publishes (optional).",
}

# Who sent each story (a demo participant's e-mail), and whether they agreed to be quoted.
STORY_SENDERS = {
    "Telling my story once": ("participant@example.org", True),
    "The walking group saved my winter": ("participant08@example.org", True),
    "Being believed": ("participant06@example.org", True),
    "Caring for my husband": ("participant03@example.org", False),
    "Bad days and missed appointments": ("participant13@example.org", True),
    "Pacing, slowly": ("participant10@example.org", True),
}
# Stories the team has not (yet) shared with the lab's participants.
STORIES_KEPT_TO_THE_TEAM = {"Caring for my husband"}
# A practice example is sent by someone at its organisation where the demo has one; otherwise by the
# partner charity's peer support worker, who collected examples from local branches.
PRACTICE_SENDERS = {
    "Tyneside Mind and Body Network": "participant12@example.org",  # Liam
    "Thames Side Peer Support": "participant18@example.org",  # Rosa
}
DEFAULT_PRACTICE_SENDER = "alex@example.org"


def _at(lab: Lab, days: int) -> datetime:
    return timezone.make_aware(datetime.combine(lab.starts_on, time(10))) + timedelta(days=days)


def submission_consents(given_at: datetime, *, quote: bool) -> dict:
    """Consents as the submission form records them: each with its wording, version and when it was given."""
    names = ["use", "quote"] if quote else ["use"]
    return {
        name: {
            "wording": SUBMISSION_CONSENT_STATEMENTS[name],
            "version": SUBMISSION_CONSENT_VERSION,
            "given_at": given_at.isoformat(),
        }
        for name in names
    }


def _save_item(lab: Lab, title: str, tags: list[str], **fields) -> EvidenceItem:
    item, _ = EvidenceItem.objects.update_or_create(lab=lab, title=title, defaults=fields)
    item.tags.set([EvidenceTag.objects.get_or_create(lab=lab, name=name)[0] for name in tags])
    item.search_text = item.text_for_search([attachment.extracted_text for attachment in item.attachments.all()])
    item.save(update_fields=["search_text"])
    return item


def _research(lab: Lab, team) -> None:
    for kind, title, authors, year, source, doi, summary, keywords, tags, _org, region, shared in content.ITEMS:
        _save_item(
            lab,
            title,
            tags,
            kind=kind,
            authors=authors,
            year=year,
            source=source,
            doi=doi,
            abstract=summary,
            keywords=keywords,
            region=region,
            shared_with_participants=shared,
            origin=EvidenceItem.Origin.TEAM,
            review=EvidenceItem.Review.ACCEPTED,
            created_by=team,
        )


def _submitted(lab: Lab, team, *, title, tags, sender, given_at, quote, **fields) -> EvidenceItem:
    return _save_item(
        lab,
        title,
        tags,
        origin=EvidenceItem.Origin.SUBMISSION,
        review=EvidenceItem.Review.ACCEPTED,  # the team reviewed and accepted it
        submitted_by=sender,
        consents=submission_consents(given_at, quote=quote),
        created_by=team,
        **fields,
    )


def _practice(lab: Lab, team, people: dict) -> None:
    organisations = {organisation.name: organisation for organisation in Organisation.objects.for_lab(lab)}
    for number, (title, summary, tags, organisation_name) in enumerate(content.PRACTICE_EXAMPLES):
        organisation = organisations.get(organisation_name)
        sender = people.get(PRACTICE_SENDERS.get(organisation_name, DEFAULT_PRACTICE_SENDER))
        _submitted(
            lab,
            team,
            title=title,
            tags=tags,
            sender=sender,
            given_at=_at(lab, 20 + 3 * number),
            quote=True,
            kind=EvidenceItem.Kind.PRACTICE,
            abstract=summary,
            organisation=organisation,
            region=organisation.region if organisation else "",
            shared_with_participants=True,
        )


def _stories(lab: Lab, team, people: dict) -> None:
    for number, (title, story, tags, region) in enumerate(content.STORIES):
        email, quote = STORY_SENDERS[title]
        _submitted(
            lab,
            team,
            title=title,
            tags=tags,
            sender=people.get(email),
            given_at=_at(lab, 25 + 4 * number),
            quote=quote,
            kind=EvidenceItem.Kind.STORY,
            abstract=story,
            region=region,
            notes="An invented composite story written for the CareLab demo: no real person.",
            shared_with_participants=title not in STORIES_KEPT_TO_THE_TEAM,
        )


def _lab_outputs(lab: Lab, team) -> None:
    for kind, entries in [
        (EvidenceItem.Kind.SURVEY_FINDING, content.SURVEY_FINDINGS),
        (EvidenceItem.Kind.WORKSHOP_OUTPUT, content.WORKSHOP_OUTPUTS),
    ]:
        for title, summary, tags in entries:
            _save_item(
                lab,
                title,
                tags,
                kind=kind,
                source=lab.title,
                abstract=summary,
                shared_with_participants=True,
                origin=EvidenceItem.Origin.TEAM,
                review=EvidenceItem.Review.ACCEPTED,
                created_by=team,
            )


@transaction.atomic
def load_demo_evidence(lab: Lab) -> None:
    """The library: research and data, practice examples, stories and the lab's own outputs."""
    emails = {
        "team@example.org",
        DEFAULT_PRACTICE_SENDER,
        *PRACTICE_SENDERS.values(),
        *(email for email, _quote in STORY_SENDERS.values()),
    }
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    team = people["team@example.org"]
    _research(lab, team)
    _practice(lab, team, people)
    _stories(lab, team, people)
    _lab_outputs(lab, team)
