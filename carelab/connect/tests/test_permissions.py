"""Every Connect action that changes something, tried by the whole cast. (The permission walk in
carelab/core/tests covers every page with a GET.)"""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.connect.models import Block, ConnectStop, ConversationReport, Introduction
from carelab.connect.tests.factories import (
    BlockFactory,
    ConnectStopFactory,
    ConversationReportFactory,
    IntroductionFactory,
)
from carelab.participants.tests.factories import ProfileCardFactory

# Anyone who may use Connect may send; only the two people in a conversation may act on it.
MAY_SEND = {"anonymous": 302, "member": 403, "participant": 302, "team": 302, "other_team": 403, "admin": 302}
IN_CONVERSATION = {"anonymous": 302, "member": 403, "participant": 302, "team": 404, "other_team": 403, "admin": 404}
TEAM_MAY = {"anonymous": 302, "member": 403, "participant": 403, "team": 302, "other_team": 403, "admin": 302}


@pytest.fixture
def objects(cast):
    """An introduction to the cast participant with a reply and a report, a block they made, and a stop."""
    report = ConversationReportFactory(
        introduction=IntroductionFactory(lab=cast.lab, recipient=cast.participant, reply="Hello")
    )
    return {
        "card": ProfileCardFactory(lab=cast.lab, visibility="participants"),
        "introduction": report.introduction,
        "report": report,
        "block": BlockFactory(blocker=cast.participant, lab=cast.lab),
        "stop": ConnectStopFactory(lab=cast.lab),
    }


def _conversation(objects, suffix=""):
    return f"/labs/the-lab/connect/{objects['introduction'].pk}/{suffix}"


ACTIONS = {
    "send an introduction": (
        MAY_SEND,
        lambda o: (f"/labs/the-lab/connect/to/{o['card'].pk}/", {"body": "Hello"}),
        lambda o: Introduction.objects.filter(recipient=o["card"].user).exists(),
    ),
    "write a message": (
        IN_CONVERSATION,
        lambda o: (_conversation(o, "reply/"), {"body": "And another thing"}),
        lambda o: o["introduction"].messages.filter(body="And another thing").exists(),
    ),
    "block the other person": (
        IN_CONVERSATION,
        lambda o: (_conversation(o, "block/"), {}),
        lambda o: Block.objects.filter(blocked=o["introduction"].sender).exists(),
    ),
    "report the conversation": (
        IN_CONVERSATION,
        lambda o: (_conversation(o, "report/"), {"reason": "Rude"}),
        lambda o: ConversationReport.objects.filter(reason="Rude").exists(),
    ),
    "unblock someone": (
        IN_CONVERSATION,
        lambda o: (f"/labs/the-lab/connect/blocked/{o['block'].pk}/unblock/", {}),
        lambda o: not Block.objects.filter(pk=o["block"].pk).exists(),
    ),
    "close a report": (
        TEAM_MAY,
        lambda o: (f"/labs/the-lab/connect/team/reports/{o['report'].pk}/close/", {}),
        lambda o: ConversationReport.objects.get(pk=o["report"].pk).closed_at is not None,
    ),
    "stop someone using Connect": (
        TEAM_MAY,
        lambda o: (f"/labs/the-lab/connect/team/reports/{o['report'].pk}/stop/", {"reason": "Unkind messages"}),
        lambda o: ConnectStop.objects.filter(user=o["introduction"].sender).exists(),
    ),
    "let someone use Connect again": (
        TEAM_MAY,
        lambda o: (f"/labs/the-lab/connect/team/stopped/{o['stop'].pk}/lift/", {}),
        lambda o: not ConnectStop.objects.filter(pk=o["stop"].pk).exists(),
    ),
}


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_the_people_allowed_can_change_anything_in_connect(cast, objects, client_for, role, action):
    expected, request, changed = ACTIONS[action]
    path, data = request(objects)
    response = client_for(cast.person(role)).post(path, data)
    assert response.status_code == expected[role]
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    assert changed(objects) == (expected[role] == 302 and role != "anonymous")
