import pytest

from carelab.events.tests.factories import EventFactory


@pytest.fixture
def event(cast):
    """A published online workshop in the cast's lab, a fortnight away, with two places."""
    return EventFactory(lab=cast.lab, title="Living with pain", capacity=2)
