"""Participants and the lab team read sent updates on the site; nobody else does, and drafts are nowhere."""

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.updates import actions
from carelab.updates.tests.factories import DeliveryFactory, UpdateFactory

LIST = "/labs/the-lab/updates/"


def test_participants_read_sent_updates_newest_first_and_never_drafts(cast, client_for):
    UpdateFactory(lab=cast.lab, sent=True, subject="Older", sent_at="2026-09-10T10:00Z")
    UpdateFactory(lab=cast.lab, sent=True, subject="Newer", sent_at="2026-09-24T10:00Z")
    UpdateFactory(lab=cast.lab, subject="Not sent yet")
    UpdateFactory(lab=cast.other_lab, sent=True, subject="Another lab's")
    page = parse(client_for(cast.participant).get(LIST))
    assert [text_of(heading) for heading in page.select("#updates h2")] == ["Newer", "Older"]
    assert "10 September 2026" in text_of(page.select_one("#updates"))


def test_an_update_reads_as_it_was_sent_with_markdown_made_safe(cast, client_for):
    update = UpdateFactory(
        lab=cast.lab,
        sent=True,
        subject="<b>What we heard</b>",
        body="Three **themes**.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1))",
        audience_summary="In Wales\nWho are carers",
    )
    page = parse(client_for(cast.participant).get(f"{LIST}{update.pk}/"))
    assert text_of(page.h1) == "<b>What we heard</b>"
    body = page.select_one("#update-body")
    assert text_of(body.strong) == "themes"
    assert body.find("script") is None
    assert all(not (link.get("href") or "").startswith("javascript") for link in body.find_all("a"))
    assert "for participants in Wales, who are carers" in text_of(page.select_one("#update-meta"))


def test_a_draft_is_not_found_on_the_readers_pages_even_for_the_team(cast, client_for):
    draft = UpdateFactory(lab=cast.lab)
    for person in (cast.participant, cast.team):
        assert client_for(person).get(f"{LIST}{draft.pk}/").status_code == 404


def test_people_who_are_not_participants_are_told_what_updates_are(cast, client_for):
    response = client_for(cast.member).get(LIST)
    page = parse(response)
    assert response.status_code == 403
    assert text_of(page.h1) == "Updates are for lab participants"
    assert page.find("a", string="Become a lab participant")["href"] == "/labs/the-lab/participants/apply/"


def test_the_list_says_whether_the_participant_gets_updates_by_email(cast, client_for, add_participant):
    anna = add_participant("Anna")
    client = client_for(anna)
    assert "You get the lab team's updates by e-mail." in text_of(parse(client.get(LIST)).select_one("#email-choice"))
    actions.choose_emails(anna, cast.lab, wants_email=False)
    assert "You do not get" in text_of(parse(client.get(LIST)).select_one("#email-choice"))


def test_the_lab_home_links_participants_to_updates(cast, client_for):
    page = parse(client_for(cast.participant).get("/labs/the-lab/"))
    assert page.select_one("#updates-link")["href"] == LIST
    assert parse(client_for(cast.member).get("/labs/the-lab/")).select_one("#updates-link") is None


def add_sent_updates(lab, count):
    for _ in range(count):
        update = UpdateFactory(lab=lab, sent=True)
        DeliveryFactory.create_batch(2, update=update, status="sent")
        DeliveryFactory(update=update)
        UpdateFactory(lab=lab)


def queries_for(client, url) -> int:
    with PageQueries() as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("role", "url"),
    [("participant", LIST), ("team", LIST), ("admin", LIST), ("team", f"{LIST}team/")],
)
def test_update_lists_make_the_same_queries_for_2_and_15_updates(
    cast, client_for, django_assert_num_queries, role, url
):
    client = client_for(cast.person(role))
    add_sent_updates(cast.lab, 2)
    expected = queries_for(client, url)
    add_sent_updates(cast.lab, 13)
    with django_assert_num_queries(expected):
        response = client.get(url)
    rows = parse(response).select("#updates li, #team-updates tbody tr")
    assert len(rows) == (15 if url == LIST else 25)  # the team sees drafts too, 25 to a page


def test_the_check_page_makes_the_same_queries_for_3_and_30_participants(
    cast, client_for, add_participant, topics, django_assert_num_queries
):
    client = client_for(cast.team)
    update = UpdateFactory(lab=cast.lab, audience_topics=[topics["Sleep"]])
    for number in range(3):
        add_participant(f"Early{number}", topics=[topics["Sleep"]])
    url = f"{LIST}team/{update.pk}/"
    expected = queries_for(client, url)
    for number in range(27):
        add_participant(f"Later{number}", topics=[topics["Sleep"], topics["Work and money"]])
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert text_of(parse(response).select_one("#recipient-count strong")) == "30 people"
