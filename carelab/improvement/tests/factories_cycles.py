"""Factories for PDSA cycles and the change ideas they test (a minimal driver-diagram node)."""

import factory

from carelab.improvement.models import Cycle, DriverNode
from carelab.improvement.tests.factories import TestTeamFactory


class ChangeIdeaFactory(factory.django.DjangoModelFactory):
    """A change idea of a team's driver diagram, hanging under a primary driver."""

    class Meta:
        model = DriverNode

    team = factory.SubFactory(TestTeamFactory)
    level = DriverNode.Level.CHANGE
    text = factory.Sequence(lambda n: f"Send a text reminder {n} days before the appointment")
    parent = factory.LazyAttribute(
        lambda node: DriverNode.objects.create(
            team=node.team, level=DriverNode.Level.PRIMARY, text="Fewer missed first appointments"
        )
    )


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    team = factory.LazyAttribute(lambda cycle: cycle.change_idea.team)
    change_idea = factory.SubFactory(ChangeIdeaFactory)
    number = 1
    title = factory.Sequence(lambda n: f"Text reminders, test {n}")
    objective = "Find out whether a text reminder two days before cuts missed first appointments."
    prediction = "Fewer than 1 in 10 people will miss their first appointment."
