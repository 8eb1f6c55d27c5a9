import pytest
from django.core import mail
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.participants.forms import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.participants.models import Application
from carelab.participants.tests.factories import ApplicationFactory, LabTopicFactory, ProfileCardFactory


@pytest.fixture
def topics(cast):
    """The lab's own topic list."""
    return {name: LabTopicFactory(lab=cast.lab, name=name) for name in ["Sleep", "Work and money", "Pain clinics"]}


def consents(*, contact: bool) -> dict:
    names = ["use_application", "contact"] if contact else ["use_application"]
    return {name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION} for name in names}


@pytest.fixture
def add_participant(cast):
    """add_participant(name, region=…, who=[…], topics=[…], activities=[…], contact=True) makes someone a
    participant of the cast's lab as accepting their application does: an accepted application (which
    says whether they agreed to e-mails) and a profile card."""

    def add(
        name: str,
        *,
        region: str = "north_west",
        who=("lived_experience",),
        topics=(),
        activities=("workshops",),
        contact: bool = True,
        lab=None,
    ):
        lab = lab or cast.lab
        user = UserFactory(display_name=name, email=f"{name.lower()}@example.org")
        ApplicationFactory(
            lab=lab,
            applicant=user,
            status=Application.Status.ACCEPTED,
            decided_at=timezone.now(),
            who=list(who),
            region=region,
            activities=list(activities),
            consents=consents(contact=contact),
            interests=list(topics),
        )
        ProfileCardFactory(lab=lab, user=user, region=region, role=who[0], interests=list(topics))
        return user

    return add


@pytest.fixture
def participant_without_application(cast):
    """Someone the lab team made a participant through the admin: no application, no card."""
    user = UserFactory(display_name="Ada Added", email="added@example.org")
    MembershipFactory(lab=cast.lab, user=user, role=Role.PARTICIPANT)
    return user


def emails_to(address: str) -> list:
    return [email for email in mail.outbox if address in email.to]
