"""A person's applications to become a lab participant (every answer and consent), the messages about
them, their profile cards and the lab team's checks of them, and their decisions on other people's
applications and cards for a lab team, for
"Your data" (carelab/core/your_data.py). Lab-team members are never named: a message says what
happened and what the person was sent."""

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.http import urlencode

from carelab.core.your_data import Consent, Privacy, Record, Section, counted_records
from carelab.lib.consent import recorded_at
from carelab.participants.models import (
    Application,
    ApplicationEvent,
    ConsentUse,
    ConsentWithdrawal,
    MessageTemplate,
    ProfileCard,
    ProfileCardEvent,
)
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
    cards = list(
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
            consents=_application_consents(applications, cards),
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
            consents=[_card_consent(card) for card in cards if not card.is_hidden],
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
        _withdrawals(user, applications, cards),
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


# Consents (decision 0018): those standing come from the applications and cards, those withdrawn
# from the withdrawal records, which outlive an application deleted by withdrawing it.


def _consent_url(name: str, lab_slug: str, use: str) -> str:
    """The page to withdraw or give a consent, coming back to the consents on "Your data" afterwards."""
    back = urlencode({"next": reverse("accounts:your_data") + "#your-consents"})
    return f"{reverse(f'participants:{name}', args=[lab_slug, use])}?{back}"


def _latest_sent(applications: list[Application]) -> set[int]:
    """The pk of each lab's latest sent application: the one its consent pages act on."""
    latest: dict[int, Application] = {}
    for application in applications:
        if application.status == Application.Status.DRAFT:
            continue
        current = latest.get(application.lab_id)
        if current is None or (application.submitted_at, application.pk) > (current.submitted_at, current.pk):
            latest[application.lab_id] = application
    return {application.pk for application in latest.values()}


def _application_consents(applications: list[Application], cards: list[ProfileCard]) -> list[Consent]:
    latest = _latest_sent(applications)
    labs_with_cards = {card.lab_id for card in cards}
    consents = []
    for application in applications:
        for use, given in application.consents.items():
            if use == ConsentUse.PROFILE_CARD and application.lab_id in labs_with_cards:
                continue  # once there is a card, its own consent is the one that counts
            consents.append(
                Consent(
                    lab=application.lab.title,
                    use=ConsentUse(use).label if use in ConsentUse.values else use,
                    wording=given.get("wording", ""),
                    version=given.get("version", ""),
                    given_at=recorded_at(given, fallback=application.consented_at),
                    withdraw_url=(
                        _consent_url("withdraw_consent", application.lab.slug, use)
                        if application.pk in latest and use in ConsentUse.values
                        else ""
                    ),
                )
            )
    return consents


def _card_consent(card: ProfileCard) -> Consent:
    consent = card.visibility_consent
    return Consent(
        lab=card.lab.title,
        use=ConsentUse.PROFILE_CARD.label,
        wording=consent.get("wording", ""),
        version=consent.get("version", ""),
        given_at=recorded_at(consent, fallback=card.created_at),
        withdraw_url=_consent_url("withdraw_consent", card.lab.slug, ConsentUse.PROFILE_CARD),
    )


def _withdrawals(user, applications: list[Application], cards: list[ProfileCard]) -> Section:
    withdrawals = list(ConsentWithdrawal.objects.filter(user=user).select_related("lab").order_by("withdrawn_at", "pk"))
    # Offer to give a consent again from its latest withdrawal, while it is still withdrawn.
    hidden_cards = {card.pk for card in cards if card.is_hidden}
    open_applications = {
        application.pk: application for application in applications if application.pk in _latest_sent(applications)
    }
    latest_withdrawal = {(withdrawal.lab_id, withdrawal.use): withdrawal.pk for withdrawal in withdrawals}

    def give_again_url(withdrawal: ConsentWithdrawal) -> str:
        if latest_withdrawal[(withdrawal.lab_id, withdrawal.use)] != withdrawal.pk:
            return ""
        application = open_applications.get(withdrawal.application_id)
        still_withdrawn = withdrawal.card_id in hidden_cards or (
            application is not None and withdrawal.use not in application.consents
        )
        return _consent_url("give_consent", withdrawal.lab.slug, withdrawal.use) if still_withdrawn else ""

    return Section(
        key="participant_consent_withdrawals",
        title="Consents you withdrew on an application or profile card",
        on_deletion="Deleted.",
        records=[
            [
                ("Lab", withdrawal.lab.title),
                ("What it was for", withdrawal.get_use_display()),
                ("What you had agreed to", withdrawal.wording),
                ("Wording version", withdrawal.version),
                ("Given", withdrawal.given_at),
                ("Withdrawn", withdrawal.withdrawn_at),
            ]
            for withdrawal in withdrawals
        ],
        consents=[
            Consent(
                lab=withdrawal.lab.title,
                use=withdrawal.get_use_display(),
                wording=withdrawal.wording,
                version=withdrawal.version,
                given_at=withdrawal.given_at,
                withdrawn_at=withdrawal.withdrawn_at,
                give_again_url=give_again_url(withdrawal),
            )
            for withdrawal in withdrawals
        ],
    )


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("participant_applications", "participant_application_messages", "participant_consent_withdrawals"),
            title="Applications to become a lab participant",
            held=(
                "What you tell us when you apply: how you describe yourself, your organisation, region, interests, "
                "what you would like to do, when you are available, what would make taking part easier (which may "
                "be about your health), why you would like to take part and how you heard of the lab. We also keep "
                "each consent with the words you were shown, their version and when you agreed or withdrew, and "
                "the lab team's messages about your application."
            ),
            why=(
                "To decide on your application and arrange your taking part. We rely on your explicit consent, "
                "given on the form, because your answers may be about your health. Emails about the lab's "
                "activities and quoting what you say each need their own consent."
            ),
            who_sees=(
                "You and the lab team of that lab. The lab team sees your name and answers, but not your email "
                "address on these pages; CareLab emails you their decision."
            ),
            kept_for=(
                f"An application you have not sent is deleted {settings.CARELAB_APPLICATION_DRAFT_DAYS} days after "
                "you last saved it. A sent application is kept until you delete your account, or until you withdraw "
                "your consent to its use while the lab team has not yet decided, when it is deleted at once."
            ),
            your_choices=(
                "Withdraw any consent on your application page or on Your data: it takes effect at once. After you "
                "are accepted, withdrawing consent to the use of your application hides its answers from the lab "
                "team. Deleting your account deletes your applications."
            ),
        ),
        Privacy(
            covers=("participant_profile_cards", "participant_card_checks"),
            title="Profile cards",
            held=(
                "Your card: display name, how you describe yourself, your organisation if you name one, region, "
                "interests, what people can ask you about, who may see it, and the words you agreed to about that. "
                "When a card you share with others seems to include personal details, or words suggesting you may "
                "be at risk, we keep a record of the lab team's check: what it found (never your words), when, and "
                "any message the lab team wrote to you."
            ),
            why=(
                "To help lab participants find each other. We rely on your consent, which you give when you choose who "
                "may see it."
            ),
            who_sees=(
                "Whoever you chose: the lab team only, the lab's participants and team, or anyone. Never your email "
                "address. A card waiting for the lab team's check is seen only by you and the lab team. If you "
                "withdraw your consent, nobody sees it, the lab team included."
            ),
            kept_for="Until you delete your account, or you stop being part of the lab (it is no longer shown).",
            your_choices=(
                "Change it or who sees it on your card's page. Stop showing it to anyone there or on Your data, at "
                "once, and show it again whenever you like. Deleting your account deletes it."
            ),
        ),
        Privacy(
            covers=("participant_review_work",),
            title="Decisions on applications, for lab-team members",
            held=(
                "That you decided on people's applications, with the message you sent, and changes to the lab's "
                "message templates."
            ),
            why="So the lab can see what was decided, by whom and when. This is in the lab's legitimate interests.",
            who_sees="The lab team of that lab. The applicant sees the message, never your name.",
            kept_for=(
                "As long as the application is kept. If you delete your account, the decision stays without your name."
            ),
            your_choices="Ask the lab team about a decision. Deleting your account removes your name from it.",
        ),
    ]
