"""The lab team writes an update, chooses who it is for, checks it and sends it, once."""

from django.core import mail

from carelab.core.tests.html import parse, text_of
from carelab.participants.tests.factories import LabTopicFactory
from carelab.updates import actions
from carelab.updates.models import Delivery, Update
from carelab.updates.tests.conftest import emails_to
from carelab.updates.tests.factories import DeliveryFactory, UpdateFactory

TEAM = "/labs/the-lab/updates/team/"


def page_of(update) -> str:
    return f"{TEAM}{update.pk}/"


def test_the_team_writes_a_draft_and_is_taken_to_choose_who_it_is_for(cast, client_for):
    response = client_for(cast.team).post(
        f"{TEAM}new/", {"subject": "  Survey   now open ", "body": "It takes **10 minutes**."}
    )
    update = Update.objects.get()
    assert response["Location"] == f"{TEAM}{update.pk}/audience/"
    assert (update.subject, update.body, update.status) == ("Survey now open", "It takes **10 minutes**.", "draft")
    assert update.created_by == cast.team and update.lab == cast.lab


def test_a_draft_without_a_subject_keeps_what_was_typed_and_says_what_is_missing(cast, client_for):
    response = client_for(cast.team).post(f"{TEAM}new/", {"subject": "", "body": "Kept <b>as typed</b>"})
    page = parse(response)
    assert response.status_code == 200
    assert text_of(page.select_one(".nhsuk-error-summary")).endswith("Enter a subject")
    assert page.select_one(".nhsuk-error-summary a")["href"] == "#id_subject"
    assert page.select_one("textarea#id_body").get_text() == "Kept <b>as typed</b>"
    assert page.title.get_text().startswith("Error:")
    assert not Update.objects.exists()


def test_a_body_too_long_says_how_long_it_is(cast, client_for):
    response = client_for(cast.team).post(f"{TEAM}new/", {"subject": "Long", "body": "x" * 10_001})
    assert "You have written 10001" in text_of(parse(response).select_one(".nhsuk-error-summary"))


def test_choosing_who_it_is_for_saves_the_filter_and_goes_to_the_check_page(cast, client_for, topics):
    update = UpdateFactory(lab=cast.lab)
    response = client_for(cast.team).post(
        f"{page_of(update)}audience/",
        {"regions": ["wales", "scotland"], "who": ["carer"], "topics": [topics["Sleep"].pk], "activities": []},
    )
    assert response["Location"] == page_of(update)
    update.refresh_from_db()
    assert update.audience_regions == ["wales", "scotland"]
    assert update.audience_who == ["carer"] and update.audience_activities == []
    assert list(update.audience_topics.all()) == [topics["Sleep"]]


def test_a_topic_from_another_lab_is_refused_and_the_ticks_are_kept(cast, client_for):
    theirs = LabTopicFactory(lab=cast.other_lab)
    update = UpdateFactory(lab=cast.lab)
    LabTopicFactory(lab=cast.lab, name="Sleep")
    response = client_for(cast.team).post(f"{page_of(update)}audience/", {"regions": ["wales"], "topics": [theirs.pk]})
    page = parse(response)
    assert "Choose topics from the list" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one('input[name="regions"][value="wales"]').has_attr("checked")
    update.refresh_from_db()
    assert update.audience_regions == []


def test_the_check_page_shows_how_it_reads_and_who_will_get_it(cast, client_for, add_participant):
    add_participant("Anna", region="wales", contact=True)
    add_participant("Bea", region="wales", contact=False)
    add_participant("Cai", region="london", contact=True)
    update = UpdateFactory(
        lab=cast.lab,
        subject="Workshop in Cardiff",
        body="Come along.\n\n<script>alert(1)</script>",
        audience_regions=["wales"],
    )
    page = parse(client_for(cast.team).get(page_of(update)))
    assert text_of(page.h1) == "Check your update before sending"
    assert text_of(page.select_one("#audience")) == "In Wales"
    count = page.select_one("#recipient-count")
    assert text_of(count.strong) == "1 person"
    assert "1 more participant matches but has not chosen to get updates by e-mail" in text_of(count)
    assert text_of(page.select_one("#preview-subject")) == "Workshop in Cardiff"
    assert page.select_one("#preview-body script") is None
    assert "Come along." in text_of(page.select_one("#plain-text"))
    assert page.select_one(f'form[action="{page_of(update)}send/"] button')


def test_the_check_page_warns_when_nobody_will_get_it_by_email(cast, client_for):
    update = UpdateFactory(lab=cast.lab, audience_regions=["scotland"])
    page = parse(client_for(cast.team).get(page_of(update)))
    assert "Nobody will get this by e-mail" in text_of(page.select_one("#recipient-count"))
    assert "No participants match who you chose" in text_of(page.select_one("#recipient-count"))


def test_sending_records_one_delivery_a_recipient_and_emails_them(
    cast, client_for, add_participant, django_capture_on_commit_callbacks
):
    anna = add_participant("Anna", region="wales")
    add_participant("Bea", region="wales", contact=False)
    add_participant("Cai", region="london")
    update = UpdateFactory(lab=cast.lab, subject="Workshop in Cardiff", audience_regions=["wales"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.team).post(f"{page_of(update)}send/")

    assert response["Location"] == page_of(update)
    update.refresh_from_db()
    assert update.status == "sent" and update.sent_by == cast.team and update.sent_at is not None
    assert update.audience_summary == "In Wales"
    delivery = Delivery.objects.get()
    assert (delivery.recipient, delivery.status) == (anna, "sent")
    assert [email.subject for email in mail.outbox] == ["CareLab: Workshop in Cardiff"]
    assert emails_to("anna@example.org")


def test_sending_twice_does_nothing_more(cast, client_for, add_participant, django_capture_on_commit_callbacks):
    add_participant("Anna")
    update = UpdateFactory(lab=cast.lab)
    client = client_for(cast.team)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{page_of(update)}send/")
        second = client.post(f"{page_of(update)}send/", follow=True)
    _, sent_again = actions.send_update(update, by=cast.admin)

    assert not sent_again
    banners = [text_of(banner) for banner in parse(second).select(".nhsuk-notification-banner")]
    assert "already been sent, so nothing more was done" in banners[-1]
    assert Delivery.objects.count() == 1 and len(mail.outbox) == 1
    update.refresh_from_db()
    assert update.sent_by == cast.team


def test_a_sent_update_shows_how_its_emails_went(cast, client_for):
    update = UpdateFactory(lab=cast.lab, sent=True, sent_by=cast.team, audience_summary="In Wales")
    DeliveryFactory(update=update, status="sent")
    DeliveryFactory(update=update, status="sent")
    DeliveryFactory(update=update, status="skipped", skip_reason="turned_off")
    DeliveryFactory(update=update)
    page = parse(client_for(cast.team).get(page_of(update)))
    assert text_of(page.select_one("#delivery-counts")) == "E-mailed 2 Waiting to send 1 Not sent 1"
    assert "by Tam Team" in text_of(page.select_one("#update-facts"))
    assert page.select_one(f'form[action="{page_of(update)}send/"]') is None


def test_a_sent_update_cannot_be_changed_or_deleted(cast, client_for):
    update = UpdateFactory(lab=cast.lab, sent=True, subject="As sent")
    client = client_for(cast.team)
    for step in ("edit/", "audience/", "delete/"):
        response = client.post(f"{page_of(update)}{step}", {"subject": "Changed", "body": "Changed"})
        assert response["Location"] == page_of(update), step
    update.refresh_from_db()
    assert update.subject == "As sent"


def test_a_draft_sent_in_another_tab_is_not_changed_by_a_form_left_open(cast, client_for):
    update = UpdateFactory(lab=cast.lab, subject="As sent")
    stale_copy = Update.objects.get(pk=update.pk)
    actions.send_update(update, by=cast.team)
    try:
        actions.save_draft(stale_copy, subject="Changed", body="Changed", by=cast.team)
    except actions.UpdateRefused as refusal:
        assert "has been sent" in str(refusal)
    else:
        raise AssertionError("a sent update was changed")
    update.refresh_from_db()
    assert update.subject == "As sent"


def test_the_team_deletes_a_draft_after_confirming(cast, client_for):
    update = UpdateFactory(lab=cast.lab)
    client = client_for(cast.team)
    assert text_of(parse(client.get(f"{page_of(update)}delete/")).h1) == "Delete this draft?"
    assert Update.objects.exists()
    response = client.post(f"{page_of(update)}delete/")
    assert response["Location"] == TEAM
    assert not Update.objects.exists()


def test_the_team_list_shows_drafts_then_sent_updates_with_their_recipients(cast, client_for):
    sent = UpdateFactory(lab=cast.lab, sent=True, subject="Sent one")
    DeliveryFactory.create_batch(2, update=sent, status="sent")
    DeliveryFactory(update=sent, status="skipped")
    UpdateFactory(lab=cast.lab, subject="A draft")
    UpdateFactory(lab=cast.other_lab, subject="Another lab's")
    rows = parse(client_for(cast.team).get(TEAM)).select("#team-updates tbody tr")
    assert [text_of(row.select("td")[0]) for row in rows] == ["A draft", "Sent one"]
    assert text_of(rows[0].select("td")[2]) == "Not sent yet"
    assert text_of(rows[0].select("td")[3]) == "Nobody yet"
    assert text_of(rows[1].select("td")[3]) == "2 of 3 people e-mailed"


def test_the_team_dashboard_links_to_updates(cast, client_for):
    page = parse(client_for(cast.team).get("/labs/the-lab/team/"))
    assert page.find("a", string="Updates to participants")["href"] == TEAM


def test_people_outside_the_team_cannot_send(cast, client_for):
    update = UpdateFactory(lab=cast.lab)
    for person in (cast.participant, cast.member, cast.other_team):
        assert client_for(person).post(f"{page_of(update)}send/").status_code == 403
    update.refresh_from_db()
    assert update.status == "draft"
