"""The inbox: introductions received and sent, their state, unblocking, and a steady number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.connect import actions
from carelab.connect.models import Block
from carelab.connect.tests.factories import BlockFactory, ConnectStopFactory, IntroductionFactory
from carelab.connect.tests.helpers import conversation_url
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries

INBOX = "/labs/the-lab/connect/"


def rows(page, table: str) -> list[tuple[str, str]]:
    """(person, state) for each row of the received or sent table."""
    return [
        (text_of(row.select_one("td a")), text_of(row.select("td")[1].select_one(".nhsuk-tag")))
        for row in page.select(f"#{table} tbody tr")
    ]


def person(name: str):
    return UserFactory(display_name=name)


def test_the_inbox_lists_introductions_received_and_sent_with_their_state(cast, client_for):
    pat = cast.participant
    now = timezone.now()
    new = IntroductionFactory(lab=cast.lab, sender=person("Ann"), recipient=pat, created_at=now - timedelta(hours=1))
    IntroductionFactory(lab=cast.lab, sender=person("Bo"), recipient=pat, created_at=now - timedelta(hours=5))
    read = IntroductionFactory(lab=cast.lab, sender=person("Cy"), recipient=pat, created_at=now - timedelta(days=1))
    IntroductionFactory(lab=cast.lab, sender=pat, recipient=person("Di"), created_at=now - timedelta(days=2))
    replied = IntroductionFactory(
        lab=cast.lab, sender=pat, recipient=person("Ed"), reply="Hello!", created_at=now - timedelta(days=3)
    )
    blocked = IntroductionFactory(lab=cast.lab, sender=person("Flo"), recipient=pat, created_at=now - timedelta(days=4))
    BlockFactory(blocker=pat, blocked=blocked.sender)
    IntroductionFactory(lab=cast.other_lab, sender=person("Gus"), recipient=pat)  # another lab's
    IntroductionFactory(lab=cast.lab)  # between other people
    client = client_for(pat)
    client.get(conversation_url(read))

    page = parse(client.get(INBOX))
    assert rows(page, "received") == [
        ("Ann (introduction to you)", "Unread"),
        ("Bo (introduction to you)", "Unread"),
        ("Cy (introduction to you)", "Not replied yet"),
        ("Flo (introduction to you)", "Blocked"),
    ]
    # Newest activity first: Ed's reply came a day before Di got Pat's introduction.
    assert rows(page, "sent") == [
        ("Di (your introduction)", "Waiting for a reply"),
        ("Ed (your introduction)", "Unread"),
    ]
    assert page.select_one(f"#conversation-{new.pk} a")["href"] == conversation_url(new)

    client.get(conversation_url(replied))
    page = parse(client.get(INBOX))
    assert ("Ed (your introduction)", "Replied") in rows(page, "sent")


def test_someone_new_to_connect_is_told_there_is_nothing_yet(cast, client_for):
    main = text_of(parse(client_for(cast.participant).get(INBOX)).select_one("main"))
    assert "Nobody has sent you an introduction yet." in main
    assert "You have not sent anyone an introduction yet." in main


def test_a_person_can_unblock_someone_from_the_inbox(cast, client_for):
    introduction = IntroductionFactory(lab=cast.lab, recipient=cast.participant)
    block = BlockFactory(blocker=cast.participant, blocked=introduction.sender)
    client = client_for(cast.participant)
    form = parse(client.get(INBOX)).select_one(f"#conversation-{introduction.pk} form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    response = client.post(form["action"], data)
    assert response["Location"] == INBOX
    assert not Block.objects.filter(pk=block.pk).exists()


def test_a_person_the_lab_team_stopped_sees_why_in_their_inbox(cast, client_for):
    ConnectStopFactory(lab=cast.lab, user=cast.participant, reason="Please <b>stop</b> messaging people.")
    response = client_for(cast.participant).get(INBOX)
    assert b"<b>stop</b>" not in response.content
    notice = text_of(parse(response).select_one("#stopped"))
    assert "The lab team has stopped you from sending introductions and messages in this lab." in notice
    assert "Please <b>stop</b> messaging people." in notice
    assert "lab@example.org" in notice


@pytest.mark.parametrize("role", ["participant", "team"])
def test_the_inbox_makes_the_same_queries_for_2_and_12_conversations(cast, client_for, django_assert_num_queries, role):
    me = cast.person(role)
    client = client_for(me)

    def add(count):
        for number in range(count):
            if number % 2:
                IntroductionFactory(lab=cast.lab, sender=me, reply="Thanks")
            else:
                introduction = IntroductionFactory(lab=cast.lab, recipient=me)
                BlockFactory(blocker=me, blocked=introduction.sender)
                actions.mark_read(introduction, me)

    add(2)
    with PageQueries() as context:
        assert client.get(INBOX).status_code == 200
    add(10)
    with django_assert_num_queries(len(context)):
        response = client.get(INBOX)
    page = parse(response)
    assert len(page.select("#received tbody tr")) + len(page.select("#sent tbody tr")) == 12
