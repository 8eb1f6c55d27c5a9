import pytest

from carelab.accounts.tests.factories import UserFactory
from carelab.participants.tests.factories import ProfileCardFactory


@pytest.fixture
def pat_card(cast):
    """The cast participant's card: they appear in the lab as "Pat"."""
    return ProfileCardFactory(lab=cast.lab, user=cast.participant, display_name="Pat", visibility="participants")


@pytest.fixture
def bea_card(cast):
    """Another participant of the lab, Bea, whose card participants can see."""
    bea = UserFactory(email="bea@example.org", display_name="Beatrice")
    return ProfileCardFactory(lab=cast.lab, user=bea, display_name="Bea", visibility="participants")
