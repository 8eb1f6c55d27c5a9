"""A person's applications to become a lab participant (every answer and consent), the messages about
them, their profile cards and the lab team's checks of them, and their decisions on other people's
applications and cards for a lab team, for
"Your data" (carelab/accounts/your_data.py). Lab-team members are never named: a message says what
happened and what the person was sent."""

from django.db.models import Count, Max

from carelab.accounts.your_data import Record, Section, counted_records
from carelab.participants.models import Application, ApplicationEvent, MessageTemplate, ProfileCard, ProfileCardEvent
from carelab.participants.presenters import ApplicationSummary, status_tag


def _application_record(application: Application) -> Record:
    summary = ApplicationSummary(application)
    record: Record = [
        ("Lab", application.lab.title),
        ("Status", status_tag(application).text),
        ("Started", application.created_at),
        ("Sent", application.submitted_at),
        ("Decided", application.decided_at),
    ]
    record.extend((row["key"]["text"], row["value"]["text"]) for row in summary.about_rows())
    record.extend((row["key"]["text"], row["value"]["text"]) for row in summary.consent_rows())
    record.append(("Agreed", application.consented_at))
    return record


def _card_record(card: ProfileCard) -> Record:
    return [
        ("Lab", card.lab.title),
        ("Name on the card", card.display_name),
        ("Describes you as", card.get_role_display()),
        ("More about your role", card.role_detail),
        ("Organisation", card.organisation_shown),
        ("Region", card.region_name),
        ("Interests", [topic.name for topic in card.interests.all()]),
        ("Ask me about", card.ask_me_about),
        ("Who can see it", card.get_visibility_display()),
        ("The lab team's check", card.get_review_status_display()),
        ("What you agreed to about who can see it", card.visibility_consent.get("wording", "")),
        ("Made", card.created_at),
        ("Last changed", card.updated_at),
    ]


def sections(user) -> list[Section]:
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("lab", "organisation")
        .prefetch_related("interests", "events")
        .order_by("created_at", "pk")
    )
    cards = (
        ProfileCard.objects.filter(user=user)
        .select_related("lab", "organisation")
        .prefetch_related("interests", "review_events")
        .order_by("pk")
    )
    found = [
        Section(
            key="participant_applications",
            title="Your applications to become a lab participant",
            on_deletion="Deleted.",
            records=[_application_record(application) for application in applications],
        ),
        Section(
            key="participant_application_messages",
            title="Messages about your applications",
            on_deletion="Deleted.",
            records=[
                [
                    ("Lab", application.lab.title),
                    ("What happened", event.get_action_display()),
                    ("When", event.created_at),
                    ("Message", event.message),
                ]
                for application in applications
                for event in application.events.all()
            ],
        ),
        Section(
            key="participant_profile_cards",
            title="Your profile cards",
            on_deletion="Deleted.",
            records=[_card_record(card) for card in cards],
        ),
        Section(
            key="participant_card_checks",
            title="Checks of your profile cards",
            on_deletion="Deleted.",
            # What happened and what the lab team wrote to the person; never which team member it was.
            records=[
                [
                    ("Lab", card.lab.title),
                    ("What happened", event.get_action_display()),
                    ("When", event.created_at),
                    ("Note", event.note),
                ]
                for card in cards
                for event in card.review_events.all()
            ],
        ),
    ]
    # Decisions on other people's applications: those on the person's own go with their applications.
    decisions = (
        ApplicationEvent.objects.filter(actor=user)
        .exclude(application__applicant=user)
        .values("action")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("action")
    )
    templates = MessageTemplate.objects.filter(updated_by=user).aggregate(count=Count("pk"), latest=Max("updated_at"))
    card_checks = (
        ProfileCardEvent.objects.filter(actor=user, action__in=ProfileCardEvent.TEAM_ACTIONS)
        .exclude(card__user=user)
        .values("action")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("action")
    )
    counted = [
        (ApplicationEvent.Action(row["action"]).label, row["count"], row["latest"])
        for row in decisions
        if row["action"] in ApplicationEvent.Action.values
    ]
    counted.append(("Last changed a lab's message for a decision", templates["count"], templates["latest"]))
    counted.extend(
        (f"Profile card check: {ProfileCardEvent.Action(row['action']).label}", row["count"], row["latest"])
        for row in card_checks
    )
    if records := counted_records(counted):
        found.append(
            Section(
                key="participant_review_work",
                title="Your decisions on applications and profile cards for a lab team",
                on_deletion=(
                    "Kept in each application's and card's history without your name, "
                    "with the message you sent, so the lab can still see what was decided."
                ),
                kept_after_deletion=True,
                records=records,
            )
        )
    return found
