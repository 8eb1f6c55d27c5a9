"""The demo lab's participants (carelab/demo/participants.py), loaded by `manage.py loaddemo`."""

from carelab.core.tests.html import parse, text_of
from carelab.demo.participants import load_demo_participants
from carelab.labs.models import Membership, Role
from carelab.participants.models import Application, LabTopic, ProfileCard


def test_loaddemo_gives_the_lab_topics_varied_cards_and_applications_in_every_state(demo_lab, client, db):
    lab = demo_lab
    load_demo_participants(lab, "another-password-1")  # and again: nothing is doubled
    assert LabTopic.objects.filter(lab=lab).count() == 9
    cards = ProfileCard.objects.in_lab(lab)
    assert cards.count() == 33
    assert set(cards.values_list("visibility", flat=True)) == {"team", "participants", "public"}
    assert cards.values("region").distinct().count() >= 10
    assert cards.values("role").distinct().count() == 4
    statuses = list(Application.objects.for_lab(lab).sent().values_list("status", flat=True))
    assert statuses.count("submitted") == 3
    assert statuses.count("declined") == 2
    assert statuses.count("more_info") == 2
    assert statuses.count("accepted") == 33

    sam = Application.objects.get(lab=lab, applicant__email="participant@example.org")
    assert sam.status == "accepted" and sam.events.count() == 2
    assert ProfileCard.objects.filter(lab=lab, user__email="participant@example.org").exists()
    # Applicants not accepted are not participants, and have no card.
    waiting = Application.objects.filter(lab=lab).exclude(status="accepted").values("applicant")
    assert not Membership.objects.filter(lab=lab, user__in=waiting, role=Role.PARTICIPANT).exists()
    assert not ProfileCard.objects.filter(lab=lab, user__in=waiting).exists()

    page = parse(client.get(f"/labs/{lab.slug}/participants/"))
    public = cards.filter(visibility="public").count()
    assert public >= 10
    assert text_of(page.select_one("#result-count")) == f"{public} participants"  # only the public cards
