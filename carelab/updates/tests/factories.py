import factory
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.labs.tests.factories import LabFactory
from carelab.updates.models import Delivery, Update


class UpdateFactory(factory.django.DjangoModelFactory):
    """A draft update for every participant; `sent=True` makes it one sent a moment ago."""

    class Meta:
        model = Update
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    subject = factory.Sequence(lambda n: f"Update {n}")
    body = "We have **news** for you."

    class Params:
        sent = factory.Trait(status=Update.Status.SENT, sent_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def audience_topics(update, create, extracted, **kwargs):
        if create and extracted:
            update.audience_topics.set(extracted)


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    update = factory.SubFactory(UpdateFactory, sent=True)
    recipient = factory.SubFactory(UserFactory)
