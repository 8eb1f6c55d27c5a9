import factory

from carelab.labs.tests.factories import LabFactory
from carelab.organisations.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A public local organisation in London. OrganisationFactory(hidden=True) for one the public cannot see."""

    class Meta:
        model = Organisation

    class Params:
        hidden = factory.Trait(is_public=False)

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Riverside Wellbeing Group {n:03d}")
    kind = Organisation.Kind.LOCAL
    region = "london"
    website = factory.Sequence(lambda n: f"https://group-{n}.example.org")
    description = "Peer support for people living with pain and low mood."
