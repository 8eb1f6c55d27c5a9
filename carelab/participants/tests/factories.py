import factory
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.labs.models import Membership, Role
from carelab.labs.tests.factories import LabFactory
from carelab.participants.forms import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION, visibility_consent
from carelab.participants.models import Application, LabTopic, ProfileCard, Visibility, Who


class LabTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabTopic

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A sent application, waiting for the lab team."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    applicant = factory.SubFactory(UserFactory)
    status = Application.Status.SUBMITTED
    who = factory.LazyFunction(lambda: [Who.LIVED_EXPERIENCE])
    region = "north_west"
    activities = factory.LazyFunction(lambda: ["workshops"])
    card_visibility = Visibility.TEAM
    consents = factory.LazyAttribute(
        lambda application: {
            "use_application": {"wording": CONSENT_STATEMENTS["use_application"], "version": CONSENT_WORDING_VERSION},
            "profile_card": visibility_consent(application.card_visibility),
        }
    )
    consented_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def interests(application, create, extracted, **kwargs):
        if create and extracted:
            application.interests.set(extracted)


class ProfileCardFactory(factory.django.DjangoModelFactory):
    """A participant's card; the person is made a participant of the lab too."""

    class Meta:
        model = ProfileCard
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda card: card.user.public_name)
    role = Who.LIVED_EXPERIENCE
    region = "north_west"
    visibility = Visibility.PARTICIPANTS

    @factory.post_generation
    def membership(card, create, extracted, **kwargs):
        if create:
            role = extracted or Role.PARTICIPANT
            Membership.objects.get_or_create(lab=card.lab, user=card.user, defaults={"role": role})

    @factory.post_generation
    def interests(card, create, extracted, **kwargs):
        if create and extracted:
            card.interests.set(extracted)
