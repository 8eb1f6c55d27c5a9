"""The lab team reviews applications: queue, decisions with editable messages, audit trail, topics."""

import pytest
from django.core import mail
from django.test import Client

from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.labs.models import Membership, Role
from carelab.participants import actions
from carelab.participants.forms import CONSENT_WORDING_VERSION
from carelab.participants.letters import QUESTION_PROMPT
from carelab.participants.models import Application, ApplicationEvent, LabTopic, MessageTemplate, ProfileCard
from carelab.participants.tests.factories import ApplicationFactory, LabTopicFactory

QUEUE = "/labs/the-lab/participants/team/applications/"


def decide_url(application, decision):
    return f"{QUEUE}{application.pk}/{decision}/"


@pytest.fixture
def team_client(client_for, cast):
    return client_for(cast.team)


@pytest.fixture
def waiting(cast, topics):
    return ApplicationFactory(
        lab=cast.lab, applicant=cast.member, card_visibility="participants", interests=[topics["Sleep"]]
    )


def test_queue_lists_waiting_applications_with_counts_for_each_status(team_client, cast, waiting):
    ApplicationFactory(lab=cast.lab, status="more_info")
    ApplicationFactory.create_batch(2, lab=cast.lab, status="declined")
    ApplicationFactory(lab=cast.other_lab)  # another lab's
    ApplicationFactory(lab=cast.lab, applicant=None, status="draft", submitted_at=None)  # not sent

    page = parse(team_client.get(QUEUE))
    counts = [text_of(item) for item in page.select("#status-counts li")]
    assert counts == [
        "Waiting for a decision: 1",
        "Asked for more information: 1",
        "Accepted: 0",
        "Not accepted: 2",
    ]
    rows = page.select("#applications tbody tr")
    assert [text_of(row.select_one("td")) for row in rows] == ["Mo Member"]
    assert "Lived experience" in text_of(rows[0])
    assert "North West" in text_of(rows[0])


def test_queue_filters_by_status_and_region(team_client, cast, waiting):
    ApplicationFactory(lab=cast.lab, status="declined", region="london")
    ApplicationFactory(lab=cast.lab, status="declined", region="wales")
    page = parse(team_client.get(QUEUE, {"status": "declined", "region": "wales"}))
    rows = page.select("#applications tbody tr")
    assert len(rows) == 1 and "Wales" in text_of(rows[0])
    page = parse(team_client.get(QUEUE, {"status": "all"}))
    assert len(page.select("#applications tbody tr")) == 3


def test_an_application_page_shows_the_answers_consents_and_history(team_client, cast, waiting):
    waiting.access_needs = "Wheelchair user"
    waiting.save(update_fields=["access_needs"])
    actions._record(waiting, ApplicationEvent.Action.SUBMITTED, cast.member)
    page = parse(team_client.get(f"{QUEUE}{waiting.pk}/"))
    main = text_of(page.select_one("main"))
    assert "Application from Mo Member" in main
    assert "Wheelchair user" in text_of(page.select_one("#access-needs"))
    assert "Lab participants and the lab team" in main
    assert f"wording version {CONSENT_WORDING_VERSION}" in main
    assert [text_of(a) for a in page.select("#decisions a")] == [
        "Accept this application",
        "Do not accept this application",
        "Ask for more information",
    ]
    assert "Sent" in text_of(page.select_one("#history tbody"))
    assert "member@example.org" not in main  # never the address


def test_accepting_makes_a_participant_with_a_card_and_emails_the_edited_message(
    team_client, cast, waiting, django_capture_on_commit_callbacks
):
    page = parse(team_client.get(decide_url(waiting, "accept")))
    prefilled = page.select_one("textarea[name=message]").text
    assert prefilled.startswith("Dear Mo Member,")
    assert "take part in The lab" in prefilled and "{" not in prefilled

    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(decide_url(waiting, "accept"), {"message": prefilled + "\n\nSee you soon."})
    assert response.status_code == 302 and response["Location"] == QUEUE

    waiting.refresh_from_db()
    assert waiting.status == Application.Status.ACCEPTED and waiting.decided_at is not None
    assert Membership.objects.get(lab=cast.lab, user=cast.member).role == Role.PARTICIPANT
    card = ProfileCard.objects.get(lab=cast.lab, user=cast.member)
    assert card.display_name == "Mo Member"
    assert card.visibility == "participants"
    assert card.region == "north_west"
    assert [topic.name for topic in card.interests.all()] == ["Sleep"]
    assert card.visibility_consent["choice"] == "participants"

    event = waiting.events.get(action=ApplicationEvent.Action.ACCEPTED)
    assert event.actor == cast.team and event.message.endswith("See you soon.")
    message = mail.outbox[-1]
    assert message.to == ["member@example.org"]
    assert message.subject == "CareLab: Welcome to The lab"
    assert message.body.startswith("Dear Mo Member,")
    assert "See you soon." in message.body
    assert "/labs/the-lab/participants/application/" in message.body


def test_accepting_a_lab_team_member_keeps_them_in_the_team(cast, topics):
    application = ApplicationFactory(lab=cast.lab, applicant=cast.team)
    actions.decide(application, decision="accepted", reviewer=cast.admin, message="Welcome")
    assert Membership.objects.get(lab=cast.lab, user=cast.team).role == Role.TEAM
    assert ProfileCard.objects.filter(lab=cast.lab, user=cast.team).exists()


def test_declining_emails_the_message_and_makes_no_participant(
    team_client, cast, waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team_client.post(decide_url(waiting, "decline"), {"message": "Dear Mo,\n\nWe are full, sorry."})
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.DECLINED
    assert Membership.objects.get(lab=cast.lab, user=cast.member).role == Role.MEMBER
    assert not ProfileCard.objects.exists()
    assert mail.outbox[-1].subject == "CareLab: Your application to The lab"
    assert "We are full, sorry." in mail.outbox[-1].body


def test_asking_for_more_information_then_the_applicant_updates_and_sends_again(
    client_for, cast, waiting, answers, django_capture_on_commit_callbacks
):
    team = client_for(cast.team)
    page = parse(team.get(decide_url(waiting, "more-info")))
    prefilled = page.select_one("textarea[name=message]").text
    # The question has to be written in.
    response = team.post(decide_url(waiting, "more-info"), {"message": prefilled})
    assert "Replace “[Write your question here]”" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    assert Application.objects.get(pk=waiting.pk).status == Application.Status.SUBMITTED

    question = prefilled.replace(QUESTION_PROMPT, "Which workshops could you come to?")
    with django_capture_on_commit_callbacks(execute=True):
        team.post(decide_url(waiting, "more-info"), {"message": question})
    assert Application.objects.get(pk=waiting.pk).status == Application.Status.MORE_INFO
    assert mail.outbox[-1].subject == "CareLab: A question about your application to The lab"

    applicant = Client()
    applicant.force_login(cast.member)
    page = parse(applicant.get("/labs/the-lab/participants/application/"))
    assert "Which workshops could you come to?" in text_of(page.select_one("main"))
    page = parse(applicant.get("/labs/the-lab/participants/application/update/"))
    assert "Which workshops could you come to?" in text_of(page.select_one("#team-question"))
    assert page.select_one("select[name=region] option[selected]")["value"] == "north_west"

    response = applicant.post(
        "/labs/the-lab/participants/application/update/", {**answers, "motivation": "The Tuesday ones."}
    )
    assert response["Location"] == "/labs/the-lab/participants/application/"
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.SUBMITTED
    assert waiting.motivation == "The Tuesday ones."
    assert waiting.region == "yorkshire"
    assert [event.action for event in waiting.events.all()] == ["more_info", "resubmitted"]
    # Back in the queue of applications waiting for a decision.
    assert len(parse(team.get(QUEUE)).select("#applications tbody tr")) == 1
    # It cannot be updated again until the team asks again.
    assert applicant.get("/labs/the-lab/participants/application/update/")["Location"] == (
        "/labs/the-lab/participants/application/"
    )


def test_an_application_decided_already_is_not_decided_again(team_client, cast, waiting):
    actions.decide(waiting, decision="declined", reviewer=cast.admin, message="Sorry")
    response = team_client.post(decide_url(waiting, "accept"), {"message": "Welcome"}, follow=True)
    assert "already" in text_of(parse(response).select_one(".nhsuk-notification-banner"))
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.DECLINED
    assert waiting.events.count() == 1
    with pytest.raises(actions.ApplicationRefused):
        actions.decide(waiting, decision="accepted", reviewer=cast.team, message="Welcome")


def test_a_failure_while_accepting_leaves_the_application_as_it_was(
    cast, waiting, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(application):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "make_participant", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        actions.decide(waiting, decision="accepted", reviewer=cast.team, message="Welcome")
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.SUBMITTED
    assert not waiting.events.exists()
    assert mail.outbox == []


def test_an_unknown_decision_is_not_found(team_client, waiting):
    assert team_client.get(decide_url(waiting, "maybe")).status_code == 404


def test_another_labs_application_is_not_found_from_this_lab(team_client, cast):
    elsewhere = ApplicationFactory(lab=cast.other_lab)
    assert team_client.get(f"{QUEUE}{elsewhere.pk}/").status_code == 404
    assert team_client.post(decide_url(elsewhere, "accept"), {"message": "Hi"}).status_code == 404
    assert Application.objects.get(pk=elsewhere.pk).status == Application.Status.SUBMITTED


def test_the_team_edits_the_message_templates_that_decisions_start_from(team_client, cast, waiting):
    page = parse(team_client.get("/labs/the-lab/participants/team/messages/"))
    assert page.select_one("textarea[name=accepted]").text.startswith("Dear {name},")
    form = {
        "accepted": "Hello {name}, welcome to {lab}!",
        "declined": "Hello {name}, sorry.",
        "more_info": "Hello {name}. " + QUESTION_PROMPT,
    }
    response = team_client.post("/labs/the-lab/participants/team/messages/", form)
    assert response.status_code == 302
    assert MessageTemplate.objects.get(lab=cast.lab, decision="accepted").body == form["accepted"]
    page = parse(team_client.get(decide_url(waiting, "accept")))
    assert page.select_one("textarea[name=message]").text == "Hello Mo Member, welcome to The lab!"


def test_a_template_with_a_placeholder_carelab_cannot_fill_is_refused(team_client, cast):
    form = {"accepted": "Hello {first_name}", "declined": "Sorry", "more_info": "Tell us more"}
    response = team_client.post("/labs/the-lab/participants/team/messages/", form)
    page = parse(response)
    assert "CareLab cannot fill in {first_name}" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=accepted]").text == "Hello {first_name}"
    assert not MessageTemplate.objects.exists()


def test_the_team_adds_renames_and_removes_topics(team_client, cast, waiting, topics):
    url = "/labs/the-lab/participants/team/topics/"
    assert team_client.post(url, {"name": "  Getting   back to work "}).status_code == 302
    assert LabTopic.objects.filter(lab=cast.lab, name="Getting back to work").exists()
    response = team_client.post(url, {"name": "sleep"})
    assert "already has this topic" in text_of(parse(response).select_one(".nhsuk-error-summary"))

    sleep = topics["Sleep"]
    page = parse(team_client.get(f"{url}{sleep.pk}/"))
    assert "0 profile cards and 1 application chose this topic" in text_of(page.select_one("main"))
    team_client.post(f"{url}{sleep.pk}/", {"name": "Sleep and rest"})
    assert [topic.name for topic in waiting.interests.all()] == ["Sleep and rest"]
    team_client.post(f"{url}{sleep.pk}/delete/")
    assert not LabTopic.objects.filter(pk=sleep.pk).exists()
    assert list(waiting.interests.all()) == []


def test_another_labs_topic_cannot_be_changed_from_this_lab(team_client, cast):
    elsewhere = LabTopicFactory(lab=cast.other_lab, name="Elsewhere")
    assert team_client.post(f"/labs/the-lab/participants/team/topics/{elsewhere.pk}/delete/").status_code == 404
    assert LabTopic.objects.filter(pk=elsewhere.pk).exists()


def test_the_team_dashboard_counts_applications_waiting(team_client, cast, waiting):
    ApplicationFactory(lab=cast.lab, status="declined")
    page = parse(team_client.get("/labs/the-lab/team/"))
    card = next(card for card in page.select(".nhsuk-card") if "Applications to join" in text_of(card))
    assert "1 waiting for a decision" in text_of(card)
    assert card.select_one("a")["href"] == QUEUE


def test_the_queue_makes_the_same_queries_for_2_and_40_applications(
    team_client, cast, topics, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            ApplicationFactory(lab=cast.lab, interests=list(topics.values()))

    add(2)
    with PageQueries() as context:
        team_client.get(QUEUE)
    add(38)
    with django_assert_num_queries(len(context)):
        response = team_client.get(QUEUE)
    assert len(parse(response).select("#applications tbody tr")) == 25
