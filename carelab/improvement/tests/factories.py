"""Factories for test teams, their members, measures and data points."""

from datetime import date, timedelta

import factory

from carelab.accounts.tests.factories import UserFactory
from carelab.improvement.models import DataPoint, Measure, TeamMember, TestTeam
from carelab.labs.tests.factories import LabFactory


class TestTeamFactory(factory.django.DjangoModelFactory):
    __test__ = False

    class Meta:
        model = TestTeam

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Test team {n}")
    challenge = "People with back pain and low mood wait too long for a first appointment."
    aim = "By March, 80% of people referred are offered a first appointment within 14 days."


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TestTeamFactory)
    user = factory.SubFactory(UserFactory)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    team = factory.SubFactory(TestTeamFactory)
    name = factory.Sequence(lambda n: f"Days to first appointment {n}")
    definition = "Days from referral to the first appointment offered, per person, averaged each week."
    unit = "days"
    improvement = Measure.Improvement.DECREASE


class DataPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataPoint

    measure = factory.SubFactory(MeasureFactory)
    date = factory.Sequence(lambda n: date(2026, 1, 5) + timedelta(weeks=n))
    value = 20.0


def weekly_points(measure, values, denominators=None, start=date(2026, 1, 5)):
    return DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            date=start + timedelta(weeks=i),
            value=value,
            denominator=denominators[i] if denominators else None,
        )
        for i, value in enumerate(values)
    )
