"""Lab participants: applications to join a lab, the lab team's decisions, and profile cards.

An `Application` starts as a draft, which anyone may fill in before they have an account: it is
kept on the server and found again through an unguessable token remembered in their session
(only the token's hash is stored). Once the person is signed in they check and send it. The lab
team accepts it, declines it or asks for more information; every step is an `ApplicationEvent`,
the audit trail, holding the message the person was sent. Accepting makes the person a
participant of the lab and gives them a `ProfileCard`, shown in the lab's directory to the
people its `visibility` allows.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from carelab.labs.models import Lab, Membership, Role
from carelab.lib.regions import REGION_NAMES, REGIONS
from carelab.organisations.models import Organisation


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LabTopicQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)


class LabTopic(models.Model):
    """One of the lab's own topics, managed by the lab team. People choose their interests from these."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LabTopicQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["lab", "name"], name="topic_name_unique_in_lab")]

    def __str__(self):
        return self.name


class Who(models.TextChoices):
    """Who a person is in the lab. An application may tick several; a profile card shows one."""

    LIVED_EXPERIENCE = "lived_experience", "Lived experience"
    CARER = "carer", "Carer"
    PROFESSIONAL = "professional", "Health or care professional"
    ORGANISATION = "organisation", "From an organisation"


class Activity(models.TextChoices):
    RESEARCH = "research", "Research: interviews, surveys and focus groups"
    WORKSHOPS = "workshops", "Workshops and webinars"
    TESTING = "testing", "Testing ideas in practice"


class Visibility(models.TextChoices):
    TEAM = "team", "The lab team only"
    PARTICIPANTS = "participants", "Lab participants and the lab team"
    PUBLIC = "public", "Anyone, including people who are not signed in"


REGION_CHOICES = list(REGIONS)


class NamesAnOrganisation:
    """For an application or card that may name the person's organisation.

    `organisation` is the one chosen from the lab's directory, if any; `organisation_name` is the
    name as typed or as chosen, so the name stays if the organisation is later deleted.
    """

    organisation: Organisation | None
    organisation_name: str

    @property
    def listed_organisation(self) -> Organisation | None:
        """The chosen organisation while the directory shows it to everyone, so it can be linked to."""
        organisation = self.organisation
        return organisation if organisation is not None and organisation.is_public else None

    @property
    def organisation_shown(self) -> str:
        """The organisation's current name when it is listed; otherwise the name the person gave."""
        listed = self.listed_organisation
        return listed.name if listed is not None else self.organisation_name


def _organisation_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        help_text="Chosen from the lab's directory; always in the same lab.",
    )


class ApplicationQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def drafts(self):
        return self.filter(status=Application.Status.DRAFT)

    def sent(self):
        """Everything but drafts: what the lab team can see."""
        return self.exclude(status=Application.Status.DRAFT)

    def waiting(self):
        """Sent and waiting for the lab team's decision."""
        return self.filter(status=Application.Status.SUBMITTED)

    def live(self):
        return self.filter(status__in=Application.LIVE_STATUSES)

    def for_draft_token(self, token: str):
        return self.drafts().filter(draft_token_hash=hash_token(token))

    def unexpired(self, now=None):
        return self.filter(updated_at__gte=draft_cut_off(now))

    def expired_drafts(self, now=None):
        return self.drafts().filter(updated_at__lt=draft_cut_off(now))

    def for_review(self):
        """Sent applications, oldest first, with what the queue shows about each."""
        return (
            self.sent()
            .select_related("applicant", "organisation")
            .prefetch_related("interests")
            .order_by("submitted_at", "pk")
        )

    def counts_by_status(self) -> dict[str, int]:
        counts = dict.fromkeys(Application.Status.values, 0)
        for row in self.order_by().values("status").annotate(count=models.Count("pk")):
            counts[row["status"]] = row["count"]
        return counts


def draft_cut_off(now=None):
    """Drafts last saved before this are expired (CARELAB_APPLICATION_DRAFT_DAYS)."""
    return (now or timezone.now()) - timedelta(days=settings.CARELAB_APPLICATION_DRAFT_DAYS)


class Application(NamesAnOrganisation, models.Model):
    """A person's application to become a participant of a lab."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not sent yet"
        SUBMITTED = "submitted", "Waiting for the lab team"
        MORE_INFO = "more_info", "More information needed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Not accepted"

    # One live application per person per lab; after a decline they may apply again.
    LIVE_STATUSES = (Status.SUBMITTED, Status.MORE_INFO, Status.ACCEPTED)

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participant_applications",
        help_text="Empty only while a draft belongs to someone who has not signed in yet.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Only a hash of the draft's token is kept; the token itself lives in the person's session.
    draft_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    who = models.JSONField(default=list, blank=True, help_text="Keys of Who.")
    organisation = _organisation_field("applications")
    organisation_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=30, choices=REGION_CHOICES)
    interests = models.ManyToManyField(LabTopic, blank=True, related_name="applications")
    activities = models.JSONField(default=list, blank=True, help_text="Keys of Activity.")
    availability = models.CharField(max_length=500, blank=True)
    access_needs = models.TextField(max_length=1000, blank=True)
    how_heard = models.CharField(max_length=300, blank=True)
    motivation = models.TextField(max_length=1500, blank=True)
    card_visibility = models.CharField(
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.TEAM,
        help_text="Who may see their profile card if they are accepted.",
    )
    consents = models.JSONField(default=dict, blank=True, help_text="Each consent given, with the wording shown.")
    consented_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "applicant"],
                condition=Q(status__in=["submitted", "more_info", "accepted"]),
                name="one_live_application_per_person_per_lab",
            )
        ]
        indexes = [models.Index(fields=["lab", "status", "submitted_at"])]

    def __str__(self):
        return f"Application {self.pk} to {self.lab}"

    @staticmethod
    def new_draft_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def applicant_name(self) -> str:
        return self.applicant.public_name if self.applicant else "Not signed in yet"

    @property
    def region_name(self) -> str:
        return REGION_NAMES.get(self.region, self.region)

    def who_labels(self) -> list[str]:
        return [Who(key).label for key in self.who if key in Who.values]

    def activity_labels(self) -> list[str]:
        return [Activity(key).label for key in self.activities if key in Activity.values]

    @property
    def can_be_decided(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.MORE_INFO)

    @property
    def answers_withheld(self) -> bool:
        """The person withdrew their consent to the use of this (accepted) application: the lab team
        no longer sees its answers, and updates no longer choose their audience by them."""
        return self.status != self.Status.DRAFT and ConsentUse.USE_APPLICATION not in self.consents


class ApplicationEvent(models.Model):
    """The audit trail of an application: every step, by whom, when, and the message sent. Never edited."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Sent"
        RESUBMITTED = "resubmitted", "Updated and sent again"
        MORE_INFO = "more_info", "Asked for more information"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    DECISIONS = (Action.ACCEPTED, Action.DECLINED, Action.MORE_INFO)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    message = models.TextField(blank=True, help_text="What the applicant was sent.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} – application {self.application_id}"

    @property
    def is_decision(self) -> bool:
        return self.action in self.DECISIONS


class MessageTemplate(models.Model):
    """The lab team's own wording for a decision's message. Without one, the default wording is used."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="application_message_templates")
    decision = models.CharField(max_length=20, choices=[(key, key) for key in ApplicationEvent.DECISIONS])
    body = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lab", "decision"], name="one_message_template_per_decision")]

    def __str__(self):
        return f"{self.lab} {self.decision} message"


class ProfileCardQuerySet(models.QuerySet):
    def in_lab(self, lab: Lab):
        """Cards of people who are still participants (or team) of the lab and still have an account."""
        still_in_lab = Membership.objects.filter(lab=lab, user=OuterRef("user"), role__in=[Role.PARTICIPANT, Role.TEAM])
        return self.filter(lab=lab, user__is_active=True).filter(Exists(still_in_lab))

    def shown_to(self, audience: str):
        """Cards this audience may see: 'team' sees all, 'participants' public and participants' cards.

        The one rule for who sees a card, wherever cards are listed (the directory, an organisation's
        page, Connect). A card whose owner withdrew their consent to showing it is shown to nobody, the
        lab team included. A card waiting for the lab team's review (its words tripped the risk or
        personal-data check) is shown to nobody but the lab team until a team member approves it or
        the person changes it so the check passes (decisions/0020).
        """
        shown = self.filter(consent_withdrawn_at__isnull=True)
        if audience == "team":
            return shown
        cards = shown.exclude(review_status__in=ProfileCard.HELD_STATUSES)
        if audience == "participants":
            return cards.filter(visibility__in=[Visibility.PUBLIC, Visibility.PARTICIPANTS])
        return cards.filter(visibility=Visibility.PUBLIC)

    def held(self):
        """Cards waiting for the lab team: to check, or changed after the team asked for a change."""
        return self.filter(review_status__in=ProfileCard.HELD_STATUSES)

    def for_review(self):
        """Held cards, the longest waiting first, with what the review page shows about each."""
        return (
            self.held()
            .select_related("user", "organisation")
            .prefetch_related("interests")
            .order_by("review_requested_at", "pk")
        )

    def matching(self, *, search: str = "", role: str = "", region: str = "", topic=None):
        cards = self
        if search:
            cards = cards.filter(Q(display_name__icontains=search) | Q(ask_me_about__icontains=search))
        if role:
            cards = cards.filter(role=role)
        if region:
            cards = cards.filter(region=region)
        if topic is not None:
            cards = cards.filter(interests=topic)
        return cards

    def from_organisation(self, organisation: Organisation):
        return self.filter(organisation=organisation)

    def for_directory(self):
        return self.select_related("organisation").prefetch_related("interests").order_by("display_name", "pk")


class ProfileCard(NamesAnOrganisation, models.Model):
    """A participant's short card in a lab's directory. Plain text only.

    Its words are checked whenever it is made or saved (`participants.actions.check_card`): a card
    others would see whose words trip the risk or personal-data check waits for the lab team
    (`review_status`), and `shown_to` keeps it from everyone else until then.
    """

    class ReviewStatus(models.TextChoices):
        NOT_NEEDED = "not_needed", "Shown as the person chose"
        WAITING = "waiting", "Waiting for the lab team to check it"
        CHANGES_ASKED = "changes_asked", "The lab team asked for a change"
        APPROVED = "approved", "Checked and approved by the lab team"

    HELD_STATUSES = (ReviewStatus.WAITING, ReviewStatus.CHANGES_ASKED)
    # The free-text fields the check reads, together.
    CHECKED_FIELDS = ("display_name", "role_detail", "organisation_name", "ask_me_about")

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="profile_cards")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_cards")
    display_name = models.CharField(max_length=80)
    role = models.CharField(max_length=20, choices=Who.choices)
    role_detail = models.CharField(max_length=120, blank=True)
    organisation = _organisation_field("profile_cards")
    organisation_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=30, choices=REGION_CHOICES)
    interests = models.ManyToManyField(LabTopic, blank=True, related_name="profile_cards")
    ask_me_about = models.TextField(max_length=500, blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.TEAM)
    visibility_consent = models.JSONField(
        default=dict, blank=True, help_text="The visibility wording the person agreed to, its version and when."
    )
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NOT_NEEDED, db_index=True
    )
    # What the last check found, never the words: {"risk": level, "risk_reasons": [...], "personal_data": [kinds]}.
    review_findings = models.JSONField(default=dict, blank=True)
    review_requested_at = models.DateTimeField(null=True, blank=True, help_text="When it began waiting.")
    consent_withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person withdrew their consent to showing the card: shown to nobody."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileCardQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="one_profile_card_per_lab")]
        indexes = [models.Index(fields=["lab", "visibility"])]

    def __str__(self):
        return f"{self.display_name} in {self.lab}"

    @property
    def region_name(self) -> str:
        return REGION_NAMES.get(self.region, self.region)

    @property
    def is_hidden(self) -> bool:
        """The person withdrew their consent to showing it, so nobody sees it until they give it again."""
        return self.consent_withdrawn_at is not None

    @property
    def is_held(self) -> bool:
        """Waiting for the lab team: nobody else sees it."""
        return self.review_status in self.HELD_STATUSES

    @property
    def found_risk(self) -> bool:
        return self.review_findings.get("risk", "none") != "none"

    @property
    def found_personal_data(self) -> list[str]:
        return list(self.review_findings.get("personal_data", []))

    def checked_words(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) or "" for name in self.CHECKED_FIELDS)


class ProfileCardEvent(models.Model):
    """The audit trail of a card's review: held, changed, approved, a change asked for. Never edited.

    Notes say what the check found ("a phone number"), or what the lab team wrote to the person;
    never the card's words.
    """

    class Action(models.TextChoices):
        HELD = "held", "Held for the lab team to check"
        CHANGED_STILL_HELD = "changed_still_held", "Changed, and still waiting for the lab team"
        SHOWN_AFTER_CHANGE = "shown_after_change", "Changed, and passes the check: shown again"
        APPROVED = "approved", "Approved by the lab team"
        CHANGES_ASKED = "changes_asked", "The lab team asked for a change"

    TEAM_ACTIONS = (Action.APPROVED, Action.CHANGES_ASKED)

    card = models.ForeignKey(ProfileCard, on_delete=models.CASCADE, related_name="review_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} – card {self.card_id}"


class ConsentUse(models.TextChoices):
    """The uses a person agrees to on an application (and, for the card, on the card itself)."""

    USE_APPLICATION = "use_application", "Using your application to decide on it and arrange your taking part"
    CONTACT = "contact", "Emails about the lab's activities"
    QUOTE = "quote", "Quoting what you say, without your name"
    PROFILE_CARD = "profile_card", "Showing your profile card"


class ConsentWithdrawal(models.Model):
    """A person withdrawing a consent they gave on an application or a profile card. Never edited.

    Keeps the words and version withdrawn and when they were given, so the record stands on its own
    after a withdrawn application is deleted (`application` becomes empty).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_withdrawals")
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="consent_withdrawals"
    )
    card = models.ForeignKey(
        ProfileCard, on_delete=models.SET_NULL, null=True, blank=True, related_name="consent_withdrawals"
    )
    use = models.CharField(max_length=30, choices=ConsentUse.choices)
    wording = models.TextField(help_text="The words the person had agreed to.")
    version = models.CharField(max_length=50, blank=True)
    given_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["withdrawn_at", "pk"]

    def __str__(self):
        return f"{self.get_use_display()} withdrawn in {self.lab_id}"
