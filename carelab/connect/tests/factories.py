from datetime import timedelta

import factory
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.connect.models import Block, ConnectStop, ConversationMessage, ConversationReport, Introduction
from carelab.labs.models import Membership, Role
from carelab.labs.tests.factories import LabFactory


class IntroductionFactory(factory.django.DjangoModelFactory):
    """An introduction with its first message, between two participants of the lab.

    IntroductionFactory(reply="Thanks!") adds the recipient's reply, which shows both addresses.
    """

    class Meta:
        model = Introduction
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    sender = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(UserFactory)
    sender_name = factory.LazyAttribute(lambda intro: intro.sender.public_name)
    recipient_name = factory.LazyAttribute(lambda intro: intro.recipient.public_name)
    created_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    sender_read_at = factory.SelfAttribute("created_at")

    @factory.post_generation
    def memberships(intro, create, extracted, **kwargs):
        if create:
            for person in (intro.sender, intro.recipient):
                Membership.objects.get_or_create(lab=intro.lab, user=person, defaults={"role": Role.PARTICIPANT})

    @factory.post_generation
    def message(intro, create, extracted, **kwargs):
        if create:
            ConversationMessage.objects.create(
                introduction=intro,
                author=intro.sender,
                body=extracted or "Hello, I saw your card and would like to talk about pacing.",
                created_at=intro.created_at,
            )

    @factory.post_generation
    def reply(intro, create, extracted, **kwargs):
        if create and extracted:
            replied_at = intro.created_at + timedelta(hours=1)
            ConversationMessage.objects.create(
                introduction=intro, author=intro.recipient, body=extracted, created_at=replied_at
            )
            intro.replied_at = intro.recipient_read_at = replied_at
            intro.save(update_fields=["replied_at", "recipient_read_at"])


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    blocker = factory.SubFactory(UserFactory)
    blocked = factory.SubFactory(UserFactory)
    blocked_name = factory.LazyAttribute(lambda block: block.blocked.public_name)
    lab = factory.SubFactory(LabFactory)


class ConversationReportFactory(factory.django.DjangoModelFactory):
    """An open report by the recipient of an introduction about its sender."""

    class Meta:
        model = ConversationReport

    introduction = factory.SubFactory(IntroductionFactory)
    lab = factory.SelfAttribute("introduction.lab")
    reporter = factory.SelfAttribute("introduction.recipient")
    reported = factory.SelfAttribute("introduction.sender")
    reason = "They keep writing after I asked them to stop."


class ConnectStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConnectStop

    lab = factory.SubFactory(LabFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda stop: stop.user.public_name)
    reason = "Several people asked us to stop your messages."
