"""Who an update is for: the lab's participants matching its filter, and which of them get it by e-mail.

What a participant said about themselves comes from their profile card, which they keep up to date
(region, how they describe themselves, interests), and from their accepted application (everything
they ticked about who they are, and what they would like to do). People chosen by the lab team
through the admin have neither, so they match only an update for every participant.

Whether a person gets updates by e-mail is their own latest choice in the lab (an `EmailChoice`);
without one, whether they agreed, when they applied, that the lab team may e-mail them about the
lab's activities. Nobody is e-mailed on a guess (decision record 0009).

The lab has a hundred or so participants, so the filter is applied in Python to facts read in a
fixed number of queries, the same on SQLite and PostgreSQL.
"""

from dataclasses import dataclass, field

from carelab.labs.models import Lab, Membership, Role
from carelab.participants.models import Application, ProfileCard
from carelab.updates.models import EmailChoice, Update

CONTACT_CONSENT = "contact"  # the application's consent to e-mails about the lab's activities


@dataclass(frozen=True)
class ParticipantFacts:
    """What the lab knows about one participant, as far as choosing an audience needs."""

    user: object
    region: str | None = None
    who: frozenset[str] = frozenset()
    topic_ids: frozenset[int] = frozenset()
    activities: frozenset[str] = frozenset()
    wants_email: bool = False


@dataclass(frozen=True)
class AudienceFilter:
    """Participants matching every question with an answer; within a question, any of its answers."""

    regions: frozenset[str] = frozenset()
    who: frozenset[str] = frozenset()
    topic_ids: frozenset[int] = frozenset()
    activities: frozenset[str] = frozenset()

    @classmethod
    def of(cls, update: Update) -> "AudienceFilter":
        return cls(
            regions=frozenset(update.audience_regions),
            who=frozenset(update.audience_who),
            topic_ids=frozenset(topic.pk for topic in update.audience_topics.all()),
            activities=frozenset(update.audience_activities),
        )

    @property
    def is_everyone(self) -> bool:
        return not (self.regions or self.who or self.topic_ids or self.activities)

    def matches(self, person: ParticipantFacts) -> bool:
        return (
            (not self.regions or person.region in self.regions)
            and (not self.who or bool(self.who & person.who))
            and (not self.topic_ids or bool(self.topic_ids & person.topic_ids))
            and (not self.activities or bool(self.activities & person.activities))
        )


@dataclass
class Audience:
    matching: list[ParticipantFacts] = field(default_factory=list)

    @property
    def recipients(self) -> list[ParticipantFacts]:
        """The people to e-mail: those matching who want update e-mails."""
        return [person for person in self.matching if person.wants_email]

    @property
    def not_emailed_count(self) -> int:
        return len(self.matching) - len(self.recipients)


def wants_email(user, lab: Lab) -> bool:
    """Whether this person gets the lab's updates by e-mail now: their own choice, else their application's consent."""
    choice = EmailChoice.objects.filter(lab=lab, user=user).values_list("wants_email", flat=True).first()
    if choice is not None:
        return choice
    consents = (
        Application.objects.for_lab(lab)
        .filter(applicant=user, status=Application.Status.ACCEPTED)
        .order_by("-decided_at", "-pk")
        .values_list("consents", flat=True)
        .first()
    )
    return _agreed_to_emails(consents)


def _agreed_to_emails(consents) -> bool:
    """Whether an accepted application's consents include e-mails about the lab's activities."""
    return bool(consents and CONTACT_CONSENT in consents)


def lab_participants(lab: Lab) -> list[ParticipantFacts]:
    """Every participant of the lab with an active account, with what they told the lab."""
    users = [
        membership.user
        for membership in Membership.objects.filter(lab=lab, role=Role.PARTICIPANT, user__is_active=True)
        .select_related("user")
        .order_by("user__display_name", "user_id")
    ]
    cards = {card.user_id: card for card in ProfileCard.objects.filter(lab=lab).prefetch_related("interests")}
    applications = {}
    # Oldest first, so each person's latest accepted application is the one kept.
    for application in (
        Application.objects.for_lab(lab)
        .filter(status=Application.Status.ACCEPTED)
        .order_by("decided_at", "pk")
        .prefetch_related("interests")
    ):
        applications[application.applicant_id] = application
    choices = dict(EmailChoice.objects.filter(lab=lab).values_list("user_id", "wants_email"))

    people = []
    for user in users:
        card, application = cards.get(user.pk), applications.get(user.pk)
        # Someone who withdrew their consent to the use of their application is chosen by their card alone.
        answers = application if application and not application.answers_withheld else None
        who = set(answers.who) if answers else set()
        if card:
            who.add(card.role)
            topics = {topic.pk for topic in card.interests.all()}
        elif answers:
            topics = {topic.pk for topic in answers.interests.all()}
        else:
            topics = set()
        agreed = _agreed_to_emails(application.consents if application else None)
        people.append(
            ParticipantFacts(
                user=user,
                region=card.region if card else (answers.region if answers else None),
                who=frozenset(who),
                topic_ids=frozenset(topics),
                activities=frozenset(answers.activities if answers else ()),
                wants_email=choices.get(user.pk, agreed),
            )
        )
    return people


def audience_for(update: Update) -> Audience:
    audience_filter = AudienceFilter.of(update)
    return Audience([person for person in lab_participants(update.lab) if audience_filter.matches(person)])
