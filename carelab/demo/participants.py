"""The demo lab's participants: its topic list, about thirty profile cards with every visibility, some
naming an organisation from the lab's directory (carelab/demo/organisations.py, loaded first), and
applications waiting (one whose words are flagged for safeguarding review), declined and asked for more
information. Safe to run again: it adds what is missing."""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from carelab.accounts.models import User
from carelab.demo.safeguarding import backdate_flag
from carelab.labs.models import Lab, Membership, Role
from carelab.organisations.models import Organisation
from carelab.participants.actions import flag_application_words, make_participant
from carelab.participants.forms import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION, visibility_consent
from carelab.participants.letters import DEFAULT_BODIES, QUESTION_PROMPT, fill_in
from carelab.participants.models import Application, ApplicationEvent, LabTopic, ProfileCard

TOPICS = [
    "Getting a diagnosis",
    "Pain and sleep",
    "Pacing and staying active",
    "Physiotherapy",
    "Talking therapies",
    "Medication",
    "Work and money",
    "Peer support",
    "Support for carers",
]

# display name, who (first is shown on the card), role in their words, region, topic numbers, ask me about,
# card visibility
PARTICIPANTS = [
    ("Aisha", ["lived_experience"], "Neck pain and anxiety", "north_west", [1, 4], "Sleep diaries", "public"),
    ("Ben", ["professional"], "Physiotherapist, NHS trust", "yorkshire", [3, 2], "Graded activity", "participants"),
    ("Chloe", ["carer"], "Caring for my mum", "london", [8], "Carer's assessments", "participants"),
    ("Dev", ["lived_experience", "professional"], "Nurse with back pain", "west_midlands", [0, 6], "", "team"),
    ("Ellie", ["organisation"], "Local mental health branch", "south_west", [7], "Walking groups", "public"),
    ("Femi", ["lived_experience"], "", "london", [4, 5], "Coming off medication slowly", "participants"),
    ("Grace", ["professional"], "GP", "east", [0, 5], "", "participants"),
    ("Hamza", ["lived_experience"], "Back pain since an accident", "east_midlands", [6], "Benefits forms", "public"),
    ("Isla", ["carer", "lived_experience"], "", "scotland", [8, 1], "", "team"),
    ("Jac", ["lived_experience"], "Depression and sciatica", "wales", [2, 7], "Hydrotherapy", "participants"),
    ("Kemi", ["professional"], "Psychological therapist", "south_east", [4], "What talking therapy is like", "public"),
    ("Liam", ["organisation"], "Peer support charity", "north_east", [7], "Starting a peer group", "participants"),
    ("Maya", ["lived_experience"], "Fibromyalgia and anxiety", "yorkshire", [1, 2, 4], "Pacing apps", "participants"),
    ("Nia", ["carer"], "Caring for my partner", "wales", [8, 6], "", "team"),
    ("Owen", ["professional"], "Occupational therapist", "north_west", [6, 2], "Phased returns to work", "public"),
    ("Priti", ["lived_experience"], "", "east", [0], "", "participants"),
    ("Quinn", ["lived_experience"], "Neck pain, PTSD", "south_west", [4, 1], "EMDR", "team"),
    ("Rosa", ["professional", "organisation"], "Social prescriber", "london", [7, 2], "Local activities", "public"),
    ("Sol", ["lived_experience"], "Young person with chronic pain", "west_midlands", [2], "College support", "public"),
    ("Tomasz", ["lived_experience"], "", "east_midlands", [5, 6], "", "participants"),
    ("Una", ["carer"], "Caring for my son", "northern_ireland", [8], "Young carers", "participants"),
    ("Vik", ["professional"], "Pain consultant", "south_east", [5, 0], "", "team"),
    ("Wren", ["lived_experience"], "Back pain and bipolar disorder", "scotland", [1, 4, 5], "Mood and pain", "public"),
    ("Xander", ["organisation"], "Community centre", "north_east", [7, 2], "Room hire", "participants"),
    ("Yasmin", ["lived_experience"], "", "uk_wide", [3], "Online exercise classes", "public"),
    ("Zak", ["professional"], "Pharmacist", "yorkshire", [5], "Pain medicines", "participants"),
    ("Amara", ["lived_experience"], "Lower back pain, OCD", "north_west", [4, 3], "", "team"),
    ("Bryn", ["carer"], "", "wales", [8, 1], "", "participants"),
    ("Cerys", ["lived_experience", "carer"], "Pain and caring for my dad", "wales", [8, 2], "Juggling both", "public"),
    ("Deepa", ["professional"], "Mental health nurse", "london", [4, 7], "Crisis planning", "participants"),
]

# The demo accounts from carelab/demo/content.py that are participants get cards too.
EXISTING = {
    "participant@example.org": (["lived_experience"], "north_west", [1, 2], "What helps on bad days", "participants"),
    "alex@example.org": (["professional", "organisation"], "north_west", [7], "Peer support groups", "public"),
    "morgan@example.org": (["professional"], "london", [3, 0], "Physiotherapy for neck pain", "participants"),
}

# Participants from an organisation in the lab's directory (by display name or e-mail), with cards of
# every visibility, so an organisation's page shows each person different people.
FROM_ORGANISATIONS = {
    "Ellie": "Severn Vale Wellbeing Collective",
    "Liam": "Tyneside Mind and Body Network",
    "Xander": "Tyneside Mind and Body Network",
    "Rosa": "Thames Side Peer Support",
    "Deepa": "Thames Side Peer Support",
    "Dev": "Thames Side Peer Support",
    "alex@example.org": "Local mental health branches",
}
# Names typed because the organisation is not in the directory.
TYPED_ORGANISATIONS = {"Ben": "Riverside Physiotherapy Service", "Robin": "Riverside Allotment Friends"}

# Why Toby wants to take part: words the risk check reads as urgent (others better off without him), so his
# application is in the safeguarding review queue beside the survey answers and the held comment.
TOBY_SAYS = (
    "My back has been bad for six years and since I lost my job some days I think everyone would be better off "
    "without me. "
    "I would like to help make things better for people like me."
)

# Applications the lab team has not accepted: display name, status, what the team said (or, for one
# waiting, why they want to take part).
OTHERS = [
    ("Robin", Application.Status.SUBMITTED, ""),
    ("Sasha", Application.Status.SUBMITTED, ""),
    ("Toby", Application.Status.SUBMITTED, TOBY_SAYS),
    ("Ulla", Application.Status.DECLINED, "declined"),
    ("Vera", Application.Status.DECLINED, "declined"),
    ("Will", Application.Status.MORE_INFO, "Could you tell us which part of the country you would travel from?"),
    ("Xia", Application.Status.MORE_INFO, "Would you be happy to join online workshops?"),
]


def _consents(visibility: str) -> dict:
    given = {
        name: {"wording": wording, "version": CONSENT_WORDING_VERSION} for name, wording in CONSENT_STATEMENTS.items()
    }
    return {**given, "profile_card": visibility_consent(visibility)}


def _person(email: str, display_name: str, password_hash: str, role_title: str = "") -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": display_name})
    if created:
        user.password = password_hash
        user.role_title = role_title
        user.save(update_fields=["password", "role_title"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _application(lab, user, who, region, topics, visibility, submitted_at) -> Application:
    application = Application.objects.create(
        lab=lab,
        applicant=user,
        status=Application.Status.SUBMITTED,
        who=who,
        region=region,
        activities=["research", "workshops"] if len(who) > 1 else ["workshops"],
        availability="Weekday evenings",
        card_visibility=visibility,
        consents=_consents(visibility),
        consented_at=submitted_at,
        created_at=submitted_at,
        submitted_at=submitted_at,
    )
    application.interests.set(topics)
    ApplicationEvent.objects.create(
        application=application, actor=user, action=ApplicationEvent.Action.SUBMITTED, created_at=submitted_at
    )
    return application


def _name_organisations(lab: Lab) -> None:
    """Link the demo's applications and cards to their organisations (again, if the demo was loaded before)."""
    by_name = {organisation.name: organisation for organisation in Organisation.objects.for_lab(lab)}
    for person, name in [*FROM_ORGANISATIONS.items(), *TYPED_ORGANISATIONS.items()]:
        who = {"applicant__email": person} if "@" in person else {"applicant__display_name": person}
        named = {"organisation": by_name.get(name), "organisation_name": name}
        applications = Application.objects.filter(lab=lab, organisation_name="", **who)
        people = list(applications.values_list("applicant_id", flat=True))
        applications.update(**named)
        ProfileCard.objects.filter(lab=lab, user_id__in=people, organisation_name="").update(**named)


def _decide(application, team, status, message, decided_at) -> None:
    application.status = status
    application.decided_at = decided_at
    application.save(update_fields=["status", "decided_at"])
    ApplicationEvent.objects.create(
        application=application, actor=team, action=status, message=message, created_at=decided_at
    )


@transaction.atomic
def load_demo_participants(lab: Lab, password: str) -> None:
    topics = [LabTopic.objects.get_or_create(lab=lab, name=name)[0] for name in TOPICS]
    team = User.objects.get(email="team@example.org")
    password_hash = make_password(password)
    start = timezone.make_aware(datetime.combine(lab.starts_on, time(10, 0)))

    def accept(user, who, region, topic_numbers, ask_me_about, visibility, role_detail, day):
        if Application.objects.filter(lab=lab, applicant=user).exists():
            return
        submitted_at = start + timedelta(days=day)
        application = _application(lab, user, who, region, [topics[n] for n in topic_numbers], visibility, submitted_at)
        message = fill_in(DEFAULT_BODIES["accepted"], name=user.public_name, lab=lab.title)
        _decide(application, team, Application.Status.ACCEPTED, message, submitted_at + timedelta(days=3))
        if Membership.objects.filter(lab=lab, user=user, role=Role.TEAM).exists():
            return
        card = make_participant(application)
        ProfileCard.objects.filter(pk=card.pk).update(ask_me_about=ask_me_about, role_detail=role_detail)

    for number, (name, who, role_detail, region, topic_numbers, ask, visibility) in enumerate(PARTICIPANTS):
        user = _person(f"participant{number + 1:02}@example.org", name, password_hash, role_detail)
        accept(user, who, region, topic_numbers, ask, visibility, role_detail, day=5 + number)

    for email, (who, region, topic_numbers, ask, visibility) in EXISTING.items():
        user = User.objects.get(email=email)
        accept(user, who, region, topic_numbers, ask, visibility, user.role_title, day=2)

    for number, (name, status, said) in enumerate(OTHERS):
        user = _person(f"applicant{number + 1}@example.org", name, password_hash)
        if Application.objects.filter(lab=lab, applicant=user).exists():
            continue
        submitted_at = timezone.now() - timedelta(days=10 - number)
        application = _application(lab, user, ["lived_experience"], "london", topics[:2], "team", submitted_at)
        if status == Application.Status.DECLINED:
            message = fill_in(DEFAULT_BODIES["declined"], name=name, lab=lab.title)
            _decide(application, team, status, message, submitted_at + timedelta(days=2))
        elif status == Application.Status.MORE_INFO:
            message = fill_in(DEFAULT_BODIES["more_info"], name=name, lab=lab.title).replace(QUESTION_PROMPT, said)
            _decide(application, team, status, message, submitted_at + timedelta(days=1))
        elif said:  # waiting, with their reasons in their own words, checked as a sent application is
            Application.objects.filter(pk=application.pk).update(motivation=said)
            application.motivation = said
            if (flag := flag_application_words(application)) is not None:
                backdate_flag(flag, submitted_at)

    _name_organisations(lab)
