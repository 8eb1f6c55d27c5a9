from datetime import date, timedelta

import factory

from carelab.accounts.tests.factories import UserFactory
from carelab.labs.models import Lab, Membership, Phase, Role


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab

    title = factory.Sequence(lambda n: f"Test lab {n}")
    slug = factory.Sequence(lambda n: f"test-lab-{n}")
    question = "How can care be designed to meet people's needs?"
    why_it_matters = "Because it **matters**."
    get_involved = "Answer the survey."
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=300))
    contact_email = "lab@example.org"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Phase {n}")
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=10))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    lab = factory.SubFactory(LabFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER
