import pytest

from carelab.participants.tests.factories import LabTopicFactory


@pytest.fixture
def topics(cast):
    """The lab's own topic list."""
    return {name: LabTopicFactory(lab=cast.lab, name=name) for name in ["Sleep", "Work and money", "Pain clinics"]}


@pytest.fixture
def answers(topics):
    """A complete application as the form posts it."""
    return {
        "who": ["lived_experience", "carer"],
        "organisation_name": "Riverside Mind",
        "region": "yorkshire",
        "interests": [str(topics["Sleep"].pk), str(topics["Work and money"].pk)],
        "activities": ["research", "workshops"],
        "availability": "Tuesday mornings",
        "access_needs": "Step-free access, please",
        "motivation": "I want services to listen to people like me.",
        "how_heard": "A leaflet at my GP surgery",
        "card_visibility": "participants",
        "use_application": "on",
        "contact": "on",
    }
