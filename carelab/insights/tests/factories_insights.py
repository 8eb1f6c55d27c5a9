"""Factories for making sense: themes, areas of opportunity, quotes and insights."""

import factory
from django.utils import timezone

from carelab.insights.models import Insight, OpportunityArea, Quote, Theme
from carelab.insights.tests import factories_coding
from carelab.labs.tests.factories import LabFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunityArea

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Area {n}")


class QuoteFactory(factories_coding.QuoteFactory):
    """A quote whose redacted words a human approved; `status=Quote.Status.PUBLISHED` for a published one."""

    status = Quote.Status.APPROVED
    text = factory.Sequence(lambda n: f"Being believed was the start of getting better ({n}).")
    attribution = "Lab participant, lived experience, North West"
    approved_at = factory.LazyFunction(timezone.now)


class InsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insight

    lab = factory.SubFactory(LabFactory)
    statement = factory.Sequence(lambda n: f"People in pain want to be believed first ({n}).")
    status = Insight.Status.DRAFT


class PublishedInsightFactory(InsightFactory):
    status = Insight.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
