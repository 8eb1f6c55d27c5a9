"""The demo lab's participants (carelab/demo/participants.py), loaded by `manage.py loaddemo`."""

from carelab.core.tests.html import parse, text_of
from carelab.demo.participants import load_demo_participants
from carelab.labs.models import Membership, Role
from carelab.organisations.models import Organisation
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


def test_some_demo_participants_name_an_organisation_from_the_directory_and_its_page_lists_them(demo_lab, client, db):
    lab = demo_lab
    load_demo_participants(lab, "another-password-1")  # and again: nothing changes
    cards = ProfileCard.objects.in_lab(lab)
    linked = cards.filter(organisation__isnull=False)
    assert linked.count() >= 5
    assert all(card.organisation.lab_id == lab.pk for card in linked.select_related("organisation"))
    assert cards.filter(organisation__isnull=True).exclude(organisation_name="").exists()  # a typed name
    assert Application.objects.for_lab(lab).filter(organisation__isnull=False).count() >= linked.count()

    thames = Organisation.objects.get(lab=lab, name="Thames Side Peer Support")
    page = parse(client.get(f"/labs/{lab.slug}/organisations/{thames.pk}/"))
    public = cards.filter(organisation=thames, visibility="public").order_by("display_name")
    assert public.exists()
    assert [text_of(item.strong) for item in page.select("#participants li")] == [card.display_name for card in public]
    directory = parse(client.get(f"/labs/{lab.slug}/participants/"))
    links = {a["href"] for a in directory.select(".carelab-profile-card__organisation a")}
    assert f"/labs/{lab.slug}/organisations/{thames.pk}/" in links
