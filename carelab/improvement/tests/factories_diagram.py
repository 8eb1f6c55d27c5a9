"""Factories for driver diagrams."""

import factory

from carelab.improvement.models import DriverNode
from carelab.improvement.tests.factories import TestTeamFactory


class DriverNodeFactory(factory.django.DjangoModelFactory):
    """A primary driver, unless given a parent (whose team it then shares) and a level."""

    class Meta:
        model = DriverNode

    team = factory.LazyAttribute(lambda node: node.parent.team if node.parent else TestTeamFactory())
    parent = None
    level = DriverNode.Level.PRIMARY
    text = factory.Sequence(lambda n: f"People are seen quickly {n}")
    position = factory.Sequence(lambda n: n)
