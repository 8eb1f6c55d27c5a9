"""The demo lab's introductions (carelab/demo/connect.py)."""

from carelab.connect.models import ConversationMessage, Introduction
from carelab.core.tests.html import parse, text_of
from carelab.demo.connect import load_demo_introductions


def test_the_demo_has_introductions_to_and_from_the_demo_participant_one_of_them_replied(demo_lab, client, db):
    lab = demo_lab
    load_demo_introductions(lab)
    load_demo_introductions(lab)  # and again: nothing is doubled
    introductions = Introduction.objects.for_lab(lab)
    assert introductions.count() == 3
    assert introductions.filter(replied_at__isnull=False).count() == 1
    assert ConversationMessage.objects.filter(introduction__lab=lab).count() == 5
    assert set(introductions.values_list("sender_name", "recipient_name")) == {
        ("Aisha", "Sam"),
        ("Ben", "Sam"),
        ("Sam", "Owen"),
    }

    sam = introductions.get(sender_name="Sam").sender
    client.force_login(sam)
    page = parse(client.get(f"/labs/{lab.slug}/connect/"))
    received = [text_of(row.select_one(".nhsuk-tag")) for row in page.select("#received tbody tr")]
    assert received == ["Unread", "Replied"]
    assert [text_of(row.select_one(".nhsuk-tag")) for row in page.select("#sent tbody tr")] == ["Waiting for a reply"]
    replied = introductions.get(sender_name="Aisha")
    page = parse(client.get(f"/labs/{lab.slug}/connect/{replied.pk}/"))
    assert "participant@example.org" in text_of(page.select_one("#addresses"))
