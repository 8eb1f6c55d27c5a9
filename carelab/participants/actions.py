"""Writes about applications and profile cards. Each runs in one transaction; e-mails go on commit.

A decision locks the application's row, so two reviewers deciding at once make one decision,
and a failure part-way (making the membership or the card) leaves the application as it was.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carelab.labs.access import forget_roles
from carelab.labs.models import Lab, Membership, Role
from carelab.lib.consent import recorded_at
from carelab.participants import tasks
from carelab.participants.forms import (
    CARD_WITHOUT_ORGANISATION_VERSIONS,
    CONSENT_STATEMENTS,
    CONSENT_WORDING_VERSION,
    visibility_consent,
)
from carelab.participants.letters import DEFAULT_BODIES, fill_in
from carelab.participants.models import (
    Application,
    ApplicationEvent,
    ConsentUse,
    ConsentWithdrawal,
    LabTopic,
    MessageTemplate,
    ProfileCard,
    ProfileCardEvent,
    Visibility,
    Who,
    draft_cut_off,
    hash_token,
)
from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import WordsCheck, check_words, flag_if_urgent
from carelab.safeguarding.models import SafeguardingFlag
from carelab.updates.actions import follow_contact_consent

# The answers in the person's own words, read together by the risk check when the application is sent.
FREE_TEXT_ANSWERS = ("motivation", "access_needs", "availability", "how_heard")


class ApplicationRefused(Exception):
    """The action cannot be done. The message is written for the person who asked."""


# Applying


@transaction.atomic
def save_draft(
    lab: Lab, *, answers: dict, interests: list[LabTopic], consents: dict, draft: Application | None = None, user=None
) -> tuple[Application, str | None]:
    """Create or update the draft the person is filling in. Returns it and, for a new draft, its token.

    Only the token's hash is stored; the token itself goes in the person's session.
    """
    token = None
    if draft is None:
        token = Application.new_draft_token()
        draft = Application(lab=lab, draft_token_hash=hash_token(token))
    for name, value in answers.items():
        setattr(draft, name, value)
    draft.consents = consents
    draft.consented_at = timezone.now()
    if user is not None and user.is_authenticated:
        draft.applicant = user
    if token:
        draft.save()
    else:
        draft.save(update_fields=[*answers, "consents", "consented_at", "applicant", "updated_at"])
    draft.interests.set(interests)
    return draft, token


def check_application_words(application: Application) -> WordsCheck:
    """What the risk check finds in the application's free-text answers. Pure: nothing is saved."""
    return check_words(application.lab, *(getattr(application, name) for name in FREE_TEXT_ANSWERS))


def application_source(application: Application) -> FlagSource:
    """Where the words were written, for the safeguarding queue: the lab team's page for the application."""
    return FlagSource(
        kind=SafeguardingFlag.Source.APPLICATION,
        id=application.pk,
        title="Application to take part",
        url=reverse("participants:review_detail", args=[application.lab.slug, application.pk]),
    )


def flag_application_words(application: Application, *, written_again: bool = False) -> SafeguardingFlag | None:
    """Urgent risk in a sent application goes to the safeguarding review queue (the flag, or None). The
    application still goes to the lab team as usual: the flag is a tag on it, never a block."""
    return flag_if_urgent(
        lab=application.lab,
        check=check_application_words(application),
        source=application_source(application),
        person=application.applicant,
        written_again=written_again,
    )


def _record(application: Application, action: str, actor, message: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=application, action=action, actor=actor, message=message)


def _refuse_if_live_elsewhere(application: Application, applicant) -> None:
    live = Application.objects.for_lab(application.lab).live().filter(applicant=applicant).exclude(pk=application.pk)
    current = live.first()
    if current is not None:
        if current.status == Application.Status.ACCEPTED:
            raise ApplicationRefused("You are already a participant of this lab.")
        raise ApplicationRefused("You have already applied to this lab. You can see your application below.")


def submit_application(draft: Application, applicant) -> Application:
    """Send a draft to the lab team, once, as the signed-in person. Urgent risk in its words is flagged
    for safeguarding review in the same transaction (the view shows the person where to get help).

    Refused (nothing changes) when the person already has an application waiting or accepted.
    """
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=draft.pk)
            if locked.status != Application.Status.DRAFT:
                if locked.applicant_id == applicant.pk:
                    return locked  # sent already, from another tab or a double click
                raise ApplicationRefused("This application has already been sent.")
            if locked.applicant_id not in (None, applicant.pk):
                raise ApplicationRefused("This application belongs to someone else.")
            _refuse_if_live_elsewhere(locked, applicant)
            if Membership.objects.filter(
                lab=locked.lab, user=applicant, role__in=[Role.PARTICIPANT, Role.TEAM]
            ).exists():
                raise ApplicationRefused("You are already part of this lab, so you do not need to apply.")
            locked.applicant = applicant
            locked.status = Application.Status.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.draft_token_hash = None
            locked.save(update_fields=["applicant", "status", "submitted_at", "draft_token_hash", "updated_at"])
            _record(locked, ApplicationEvent.Action.SUBMITTED, applicant)
            flag_application_words(locked)
            transaction.on_commit(lambda: tasks.send_application_received.enqueue(locked.pk))
    except IntegrityError as error:  # another application went live at the same moment
        raise ApplicationRefused("You have already applied to this lab. You can see your application below.") from error
    return locked


@transaction.atomic
def resubmit_application(
    application: Application, *, answers: dict, interests: list[LabTopic], consents: dict
) -> Application:
    """The applicant updates an application the lab team asked about, and sends it again."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.MORE_INFO:
        raise ApplicationRefused(
            f"Your application is now “{locked.get_status_display()}”, so it cannot be changed. "
            "The lab team may have decided already."
        )
    for name, value in answers.items():
        setattr(locked, name, value)
    locked.consents = consents
    locked.consented_at = timezone.now()
    locked.status = Application.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=[*answers, "consents", "consented_at", "status", "submitted_at", "updated_at"])
    locked.interests.set(interests)
    _record(locked, ApplicationEvent.Action.RESUBMITTED, locked.applicant)
    flag_application_words(locked, written_again=True)
    return locked


@transaction.atomic
def delete_expired_drafts(now=None) -> int:
    """Delete drafts not saved for CARELAB_APPLICATION_DRAFT_DAYS. Returns how many."""
    expired = Application.objects.drafts().filter(updated_at__lt=draft_cut_off(now))
    return expired.delete()[1].get(Application._meta.label, 0)


# Deciding


def message_template(lab: Lab, decision: str) -> str:
    """The lab's wording for a decision's message, or CareLab's default."""
    saved = MessageTemplate.objects.filter(lab=lab, decision=decision).values_list("body", flat=True).first()
    return saved or DEFAULT_BODIES[decision]


def draft_message(application: Application, decision: str) -> str:
    """The message a reviewer starts from: the lab's template with the applicant's name and the lab filled in."""
    return fill_in(
        message_template(application.lab, decision), name=application.applicant_name, lab=application.lab.title
    )


@transaction.atomic
def save_message_templates(lab: Lab, bodies: dict[str, str], by) -> None:
    for decision, body in bodies.items():
        MessageTemplate.objects.update_or_create(
            lab=lab, decision=decision, defaults={"body": body.strip(), "updated_by": by}
        )


_STATUS_AFTER = {
    ApplicationEvent.Action.ACCEPTED: Application.Status.ACCEPTED,
    ApplicationEvent.Action.DECLINED: Application.Status.DECLINED,
    ApplicationEvent.Action.MORE_INFO: Application.Status.MORE_INFO,
}


@transaction.atomic
def decide(application: Application, *, decision: str, reviewer, message: str) -> Application:
    """Accept, decline or ask for more information, and e-mail the applicant the reviewer's message.

    Accepting makes the applicant a participant of the lab (a lab-team member keeps their role)
    and gives them a profile card made from their application, visible as they chose.
    """
    if decision not in _STATUS_AFTER:
        raise ValueError(f"Unknown decision {decision!r}")
    if not message.strip():
        raise ApplicationRefused("Enter the message to the applicant.")
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("lab", "applicant")
        .filter(pk=application.pk)
        .first()
    )
    if locked is None:
        raise ApplicationRefused("The applicant has withdrawn this application, so nothing was changed.")
    if not locked.can_be_decided:
        raise ApplicationRefused(
            f"This application is now “{locked.get_status_display()}”, so nothing was changed. "
            "Someone else may have dealt with it."
        )
    message = fill_in(message.strip(), name=locked.applicant_name, lab=locked.lab.title)
    locked.status = _STATUS_AFTER[decision]
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    if decision == ApplicationEvent.Action.ACCEPTED:
        make_participant(locked)
    event = _record(locked, decision, reviewer, message)
    transaction.on_commit(lambda: tasks.send_decision.enqueue(event.pk))
    return locked


def make_participant(application: Application) -> ProfileCard:
    """Give the applicant the participant role (never lowering a team member) and a profile card."""
    lab, user = application.lab, application.applicant
    membership, created = Membership.objects.get_or_create(lab=lab, user=user, defaults={"role": Role.PARTICIPANT})
    if not created and membership.role == Role.MEMBER:
        membership.role = Role.PARTICIPANT
        membership.save(update_fields=["role"])
    forget_roles(user)
    card_consent = application.consents.get("profile_card", visibility_consent(application.card_visibility))
    # Withdrawn before the decision: the card is made, but shown to nobody until they agree again.
    hidden = (
        ConsentUse.PROFILE_CARD not in application.consents
        and application.consent_withdrawals.filter(use=ConsentUse.PROFILE_CARD).exists()
    )
    # The card shows the organisation only if the person was told it would when they chose who sees it.
    shows_organisation = card_consent.get("version") not in CARD_WITHOUT_ORGANISATION_VERSIONS
    card, card_created = ProfileCard.objects.get_or_create(
        lab=lab,
        user=user,
        defaults={
            "display_name": user.public_name,
            "role": application.who[0] if application.who else Who.LIVED_EXPERIENCE,
            "role_detail": user.role_title,
            "organisation": application.organisation if shows_organisation else None,
            "organisation_name": application.organisation_name if shows_organisation else "",
            "region": application.region,
            "visibility": application.card_visibility,
            "visibility_consent": {**card_consent, "given_at": timezone.now().isoformat()},
            "consent_withdrawn_at": timezone.now() if hidden else None,
        },
    )
    if card_created:
        card.interests.set(application.interests.all())
        check_card(card)
    return card


# Profile cards


@transaction.atomic
def save_card(card: ProfileCard, *, data: dict, interests: list[LabTopic]) -> WordsCheck:
    """Save the person's card and check its words. A new visibility is recorded with the wording they agreed to.

    Returns what the check found, so the page can show the person where to get help at once and
    say why the card is waiting for the lab team.
    """
    # Compared with the saved card: a bound ModelForm has already copied the new values onto `card`.
    saved = (
        ProfileCard.objects.select_for_update()
        .values(*ProfileCard.CHECKED_FIELDS, "visibility", "review_status")
        .get(pk=card.pk)
    )
    card.review_status = saved["review_status"]
    changed_visibility = data["visibility"] != saved["visibility"]
    for name, value in data.items():
        setattr(card, name, value)
    fields = [*data, "updated_at"]
    if changed_visibility or not card.visibility_consent:
        card.visibility_consent = {**visibility_consent(card.visibility), "given_at": timezone.now().isoformat()}
        fields.append("visibility_consent")
    card.save(update_fields=fields)
    card.interests.set(interests)
    unchanged = not changed_visibility and all(
        saved[name] == getattr(card, name) for name in ProfileCard.CHECKED_FIELDS
    )
    return check_card(card, words_unchanged=unchanged)


def card_flag_source(card: ProfileCard) -> FlagSource:
    """How a card is named in the safeguarding queue: whose card it is (never its words) and the team's page for it."""
    return FlagSource(
        SafeguardingFlag.Source.PROFILE_CARD,
        card.pk,
        f"Profile card of {card.user.public_name}",
        reverse("participants:held_card", args=[card.lab.slug, card.pk]),
    )


def _findings(check: WordsCheck) -> dict:
    return {
        "risk": check.risk.level,
        "risk_reasons": list(check.risk.reasons),
        "personal_data": list(check.personal_data),
    }


def findings_note(findings: dict) -> str:
    """What a check found, for the audit trail: the kinds, never the words."""
    found = (
        [f"seems to include {', '.join(findings.get('personal_data', []))}"] if findings.get("personal_data") else []
    )
    if findings.get("risk", "none") != "none":
        found.append(f"words that suggest the person may be at risk ({findings['risk']})")
    return "; ".join(found).capitalize()


def check_card(card: ProfileCard, *, words_unchanged: bool = False) -> WordsCheck:
    """Check a card's words (on making it and on every save), hold it for the lab team if others would
    see it, and flag urgent risk. Call inside the transaction that saved the card.

    A card others would see (participants or everyone) whose words trip the risk or personal-data
    check waits for the lab team; a card only the lab team sees is never held, since they see it
    anyway. A held card the person changes so the check passes is shown again; one they change that
    still trips stays held. A card the team approved stays approved while its words and visibility
    are unchanged. Urgent risk reaches the safeguarding queue whatever the visibility.
    """
    check = check_words(card.lab, *card.checked_words())
    flag_if_urgent(lab=card.lab, check=check, source=card_flag_source(card), person=card.user)
    status = ProfileCard.ReviewStatus
    was_held = card.is_held
    fields = ["review_findings"]
    card.review_findings = _findings(check)
    keep_approval = words_unchanged and card.review_status == status.APPROVED
    if check.needs_review and card.visibility != Visibility.TEAM and not keep_approval:
        card.review_status = status.WAITING
        if not was_held:
            card.review_requested_at = timezone.now()
            fields.append("review_requested_at")
        action = ProfileCardEvent.Action.CHANGED_STILL_HELD if was_held else ProfileCardEvent.Action.HELD
        ProfileCardEvent.objects.create(
            card=card, actor=card.user, action=action, note=findings_note(card.review_findings)
        )
    elif not keep_approval:
        card.review_status = status.NOT_NEEDED
        card.review_requested_at = None
        fields.append("review_requested_at")
        if was_held:
            note = "Now shown to the lab team only." if card.visibility == Visibility.TEAM else ""
            ProfileCardEvent.objects.create(
                card=card, actor=card.user, action=ProfileCardEvent.Action.SHOWN_AFTER_CHANGE, note=note
            )
    fields.append("review_status")
    card.save(update_fields=fields)
    return check


class CardReviewRefused(Exception):
    """The review step cannot be taken. The message is written for the lab team member who asked."""


def _locked_held_card(card: ProfileCard) -> ProfileCard:
    locked = ProfileCard.objects.select_for_update(of=("self",)).select_related("lab", "user").get(pk=card.pk)
    if not locked.is_held:
        raise CardReviewRefused(
            f"This card is no longer waiting for a check (it is now “{locked.get_review_status_display()}”), "
            "so nothing was changed. Someone else may have dealt with it, or the person changed it."
        )
    return locked


@transaction.atomic
def approve_card(card: ProfileCard, *, by) -> ProfileCard:
    """A lab team member has read the card and lets it be shown as the person chose."""
    locked = _locked_held_card(card)
    locked.review_status = ProfileCard.ReviewStatus.APPROVED
    locked.review_requested_at = None
    locked.save(update_fields=["review_status", "review_requested_at"])
    ProfileCardEvent.objects.create(card=locked, actor=by, action=ProfileCardEvent.Action.APPROVED)
    return locked


@transaction.atomic
def ask_for_card_change(card: ProfileCard, *, by, message: str) -> ProfileCardEvent:
    """Ask the person to change their card, with a message they see on their card page and by e-mail.

    The card stays hidden from others until they change it so the check passes, or the team approves it.
    """
    if not message.strip():
        raise CardReviewRefused("Enter the message to the person")
    locked = _locked_held_card(card)
    locked.review_status = ProfileCard.ReviewStatus.CHANGES_ASKED
    locked.save(update_fields=["review_status"])
    event = ProfileCardEvent.objects.create(
        card=locked, actor=by, action=ProfileCardEvent.Action.CHANGES_ASKED, note=message.strip()
    )
    transaction.on_commit(lambda: tasks.send_card_change_request.enqueue(event.pk))
    return event


# Consent: withdrawn as easily as it was given, and given again (decision 0018)


def _lock_application(application: Application) -> Application | None:
    return Application.objects.select_for_update().select_related("lab").filter(pk=application.pk).first()


def _contact_choice(application: Application, wording: str, *, given: bool) -> None:
    follow_contact_consent(application.applicant, application.lab, wording=wording, given=given)


@transaction.atomic
def withdraw_application_consent(application: Application, use: str) -> ConsentWithdrawal | None:
    """The applicant withdraws one consent given on their application. It takes effect at once.

    The withdrawal is recorded with the words and version withdrawn and when they were given.
    - "use_application": an application still waiting for a decision is deleted (the lab team can no
      longer use it, and the person may apply again); an accepted one stays for the person, but the lab
      team no longer sees its answers and updates no longer choose their audience by them.
    - "contact": update e-mails stop (recorded as the person's latest choice about them).
    - "quote": removed from the consents the lab team sees.
    - "profile_card": the person's card in the lab is hidden from everyone, as `withdraw_card_consent`.
    Returns None when there was nothing to withdraw (withdrawn already, in another tab).
    """
    locked = _lock_application(application)
    if locked is None:
        return None
    if use == ConsentUse.PROFILE_CARD:
        card = ProfileCard.objects.filter(lab=locked.lab, user=locked.applicant_id).first()
        if card is not None:
            return withdraw_card_consent(card)
    given = locked.consents.get(use)
    if given is None:
        return None
    withdrawal = ConsentWithdrawal.objects.create(
        user_id=locked.applicant_id,
        lab=locked.lab,
        application=locked,
        use=use,
        wording=given.get("wording", ""),
        version=given.get("version", ""),
        given_at=recorded_at(given, fallback=locked.consented_at),
    )
    if use == ConsentUse.USE_APPLICATION and locked.can_be_decided:
        locked.delete()  # the withdrawal stays, its link to the application emptied
        return withdrawal
    locked.consents = {name: consent for name, consent in locked.consents.items() if name != use}
    locked.save(update_fields=["consents", "updated_at"])
    if use == ConsentUse.CONTACT:
        _contact_choice(locked, withdrawal.wording, given=False)
    return withdrawal


@transaction.atomic
def give_application_consent(application: Application, use: str, *, visibility: str = "") -> bool:
    """The applicant gives a consent again, recorded with today's wording and version. False if it stands already.

    For "profile_card" with a card in the lab, use `give_card_consent` instead; before acceptance the
    application records who may see the card they will be given (`visibility`).
    """
    locked = _lock_application(application)
    if locked is None or use in locked.consents:
        return False
    fields = ["consents", "updated_at"]
    if use == ConsentUse.PROFILE_CARD:
        consent = visibility_consent(visibility)
        locked.card_visibility = visibility
        fields.append("card_visibility")
    else:
        consent = {"wording": CONSENT_STATEMENTS[use], "version": CONSENT_WORDING_VERSION}
    locked.consents = {**locked.consents, use: {**consent, "given_at": timezone.now().isoformat()}}
    locked.save(update_fields=fields)
    if use == ConsentUse.CONTACT:
        _contact_choice(locked, consent["wording"], given=True)
    return True


@transaction.atomic
def withdraw_card_consent(card: ProfileCard) -> ConsentWithdrawal | None:
    """The person withdraws their consent to showing their card: nobody sees it from now on (the
    directory, organisation pages and Connect all go through `shown_to`). None if it is hidden already."""
    locked = ProfileCard.objects.select_for_update().select_related("lab").get(pk=card.pk)
    if locked.is_hidden:
        return None
    now = timezone.now()
    consent = locked.visibility_consent
    withdrawal = ConsentWithdrawal.objects.create(
        user_id=locked.user_id,
        lab=locked.lab,
        card=locked,
        use=ConsentUse.PROFILE_CARD,
        wording=consent.get("wording", ""),
        version=consent.get("version", ""),
        given_at=recorded_at(consent, fallback=locked.created_at),
        withdrawn_at=now,
    )
    locked.consent_withdrawn_at = now
    locked.save(update_fields=["consent_withdrawn_at", "updated_at"])
    return withdrawal


@transaction.atomic
def give_card_consent(card: ProfileCard, visibility: str) -> ProfileCard:
    """The person agrees again to showing their card, to the people they choose, with today's wording."""
    locked = ProfileCard.objects.select_for_update().get(pk=card.pk)
    locked.visibility = visibility
    locked.visibility_consent = {**visibility_consent(visibility), "given_at": timezone.now().isoformat()}
    locked.consent_withdrawn_at = None
    locked.save(update_fields=["visibility", "visibility_consent", "consent_withdrawn_at", "updated_at"])
    return locked


# Topics


def add_topic(lab: Lab, name: str) -> LabTopic:
    return LabTopic.objects.create(lab=lab, name=name)


def rename_topic(topic: LabTopic, name: str) -> LabTopic:
    topic.name = name
    topic.save(update_fields=["name"])
    return topic


@transaction.atomic
def delete_topic(topic: LabTopic) -> None:
    """Remove a topic. Applications and cards that chose it simply lose it."""
    topic.delete()
