"""Factories for ideas, their supporters and their moves between stages."""

import factory

from carelab.accounts.tests.factories import UserFactory
from carelab.ideas.models import Idea, Stage, StageChange, Support
from carelab.labs.tests.factories import LabFactory


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published idea. IdeaFactory(held=True) for one waiting for the lab team."""

    class Meta:
        model = Idea

    class Params:
        held = factory.Trait(status=Idea.Status.HELD, hold_reasons=["personal_data"])

    lab = factory.SubFactory(LabFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How might we make the first appointment easier, idea {n}?")
    description = "Offer a short phone call before the first appointment, so people know what to expect."
    status = Idea.Status.PUBLISHED


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    idea = factory.SubFactory(IdeaFactory)
    from_stage = Stage.PROPOSED
    to_stage = Stage.DEVELOPING
    reason = "Two local Minds want to try it in their drop-in groups."
    actor = factory.SubFactory(UserFactory)
