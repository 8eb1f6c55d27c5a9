"""Capacity, the waiting list and the e-mails that go with them, through the pages people use."""

import pytest
from django.core import mail
from django.db import IntegrityError

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.events import actions
from carelab.events.models import Event, Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory
from carelab.events.tests.helpers import attached_calendar, cancel_url, emails_to, only_email_to, register_url

SECRET_LINK = "https://meet.example.org/secret-room-42"


@pytest.fixture
def robin(db):
    return UserFactory(email="robin@example.org", display_name="Robin")


def post_as(client, user, url, data=None, capture=None):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_capacity_two_with_three_registrations_puts_the_third_on_the_waiting_list_and_promotes_them(
    cast, event, robin, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    post_as(client, cast.member, register_url(event), {"access_needs": "Captions, please"}, capture)
    post_as(client, cast.participant, register_url(event), {}, capture)
    post_as(client, robin, register_url(event), {}, capture)

    statuses = dict(Registration.objects.filter(event=event).values_list("user__email", "status"))
    assert statuses == {
        "member@example.org": "registered",
        "participant@example.org": "registered",
        "robin@example.org": "waiting",
    }

    # The two with a place get a confirmation with an invitation that carries the joining link.
    for address in ("member@example.org", "participant@example.org"):
        confirmation = only_email_to(address)
        assert confirmation.subject == "CareLab: You have a place: Living with pain"
        assert SECRET_LINK in confirmation.body
        invitation = attached_calendar(confirmation).events[0]
        assert SECRET_LINK in str(invitation.get("LOCATION")) + str(invitation.get("DESCRIPTION"))
        assert invitation.start == event.starts_at

    # The third is told their place in the queue, and never the joining link.
    waiting = only_email_to("robin@example.org")
    assert waiting.subject == "CareLab: You are on the waiting list: Living with pain"
    assert "You are number 1." in waiting.body
    assert SECRET_LINK not in waiting.body and "secret-room" not in waiting.body
    assert waiting.attachments == []
    page = parse(client.get(event.get_absolute_url()))
    assert "You are number 1 on the waiting list" in text_of(page.select_one("#your-registration"))
    assert page.select_one("#joining-link") is None
    assert "secret-room" not in str(page)

    # The member cancels from the confirmation page; Robin gets the place straight away.
    mail.outbox.clear()
    client.force_login(cast.member)
    confirm = parse(client.get(cancel_url(event)))
    assert text_of(confirm.select_one("h1")) == "Cancel your place?"
    post_as(client, cast.member, cancel_url(event), {}, capture)

    assert Registration.objects.get(event=event, user=cast.member).status == Registration.Status.CANCELLED
    assert Registration.objects.get(event=event, user=robin).status == Registration.Status.REGISTERED
    cancelled = only_email_to("member@example.org")
    assert cancelled.subject == "CareLab: Your registration is cancelled: Living with pain"
    promoted = only_email_to("robin@example.org")
    assert promoted.subject == "CareLab: A place has come up: Living with pain"
    assert SECRET_LINK in promoted.body
    assert attached_calendar(promoted).events[0].uid == attached_calendar(confirmation).events[0].uid
    assert emails_to("participant@example.org") == []

    client.force_login(robin)
    page = parse(client.get(event.get_absolute_url()))
    assert text_of(page.select_one("#your-registration")).startswith("Information: You have a place.")
    assert page.select_one("#joining-link a")["href"] == SECRET_LINK


def test_every_email_ends_with_where_to_get_help(cast, event, client, django_capture_on_commit_callbacks):
    post_as(client, cast.member, register_url(event), {}, django_capture_on_commit_callbacks)
    assert "Samaritans free on 116 123" in only_email_to("member@example.org").body


def test_a_double_click_registers_once_and_sends_one_email(cast, event, client, django_capture_on_commit_callbacks):
    post_as(client, cast.member, register_url(event), {}, django_capture_on_commit_callbacks)
    post_as(client, cast.member, register_url(event), {}, django_capture_on_commit_callbacks)
    assert Registration.objects.filter(event=event).count() == 1
    assert len(emails_to("member@example.org")) == 1


def test_registering_again_after_cancelling_reuses_the_registration(
    cast, event, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    post_as(client, cast.member, register_url(event), {"access_needs": "Step-free access"}, capture)
    first = Registration.objects.get(event=event, user=cast.member)
    post_as(client, cast.member, cancel_url(event), {}, capture)
    post_as(client, cast.member, register_url(event), {"access_needs": "A chair with arms"}, capture)
    again = Registration.objects.get(event=event, user=cast.member)
    assert again.pk == first.pk
    assert again.status == Registration.Status.REGISTERED
    assert again.access_needs == "A chair with arms"
    assert again.cancelled_at is None


def test_the_database_refuses_a_second_registration_for_the_same_person(cast, event):
    RegistrationFactory(event=event, user=cast.member)
    with pytest.raises(IntegrityError):
        RegistrationFactory(event=event, user=cast.member, waiting=True)


def test_leaving_the_waiting_list_frees_no_place_and_moves_the_queue_up(
    cast, event, robin, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    RegistrationFactory(event=event, user=cast.team)
    RegistrationFactory(event=event, user=cast.admin)
    post_as(client, cast.member, register_url(event), {}, capture)
    post_as(client, robin, register_url(event), {}, capture)
    assert "You are number 2." in only_email_to("robin@example.org").body

    mail.outbox.clear()
    post_as(client, cast.member, cancel_url(event), {}, capture)
    assert Registration.objects.filter(event=event).registered().count() == 2
    assert only_email_to("member@example.org").subject == "CareLab: Your registration is cancelled: Living with pain"
    assert emails_to("robin@example.org") == []
    client.force_login(robin)
    page = parse(client.get(event.get_absolute_url()))
    assert "You are number 1 on the waiting list" in text_of(page.select_one("#your-registration"))


def test_the_lab_team_cancelling_a_place_tells_the_person_and_promotes_the_next(
    cast, event, robin, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    place = RegistrationFactory(event=event, user=cast.member)
    RegistrationFactory(event=event, user=cast.participant)
    post_as(client, robin, register_url(event), {}, capture)
    mail.outbox.clear()

    url = f"/labs/the-lab/events/team/{event.pk}/registrations/{place.pk}/cancel/"
    client.force_login(cast.team)
    assert "Mo Member" in text_of(parse(client.get(url)).select_one("h1"))
    post_as(client, cast.team, url, {}, capture)

    place.refresh_from_db()
    assert place.status == Registration.Status.CANCELLED and place.cancelled_by_team
    told = only_email_to("member@example.org")
    assert "The lab team has cancelled your registration" in told.body
    assert only_email_to("robin@example.org").subject == "CareLab: A place has come up: Living with pain"


def test_more_places_go_to_the_people_waiting(cast, event, robin, client, django_capture_on_commit_callbacks):
    RegistrationFactory(event=event, user=cast.member)
    RegistrationFactory(event=event, user=cast.participant)
    first = RegistrationFactory(event=event, user=robin, waiting=True)
    second = RegistrationFactory(event=event, waiting=True)
    third = RegistrationFactory(event=event, waiting=True)
    client.force_login(cast.team)
    data = {
        "title": event.title,
        "summary": event.summary,
        "format": "online",
        "starts_at": "2031-06-03T10:00",
        "ends_at": "2031-06-03T12:00",
        "joining_link": SECRET_LINK,
        "capacity": "4",
        "who_may_register": "anyone",
        "access_needs_question": "Anything we should know?",
        "status": "published",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/labs/the-lab/events/team/{event.pk}/edit/", data)
    assert response.status_code == 302
    statuses = {reg.pk: reg.status for reg in Registration.objects.filter(pk__in=[first.pk, second.pk, third.pk])}
    assert statuses == {first.pk: "registered", second.pk: "registered", third.pk: "waiting"}
    assert only_email_to("robin@example.org").subject == "CareLab: A place has come up: Living with pain"


def test_cancelling_the_event_tells_everyone_registered_or_waiting(
    cast, event, robin, client, django_capture_on_commit_callbacks
):
    RegistrationFactory(event=event, user=cast.member)
    RegistrationFactory(event=event, user=cast.participant, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, user=robin, waiting=True)
    client.force_login(cast.team)
    page = parse(client.get(f"/labs/the-lab/events/team/{event.pk}/cancel/"))
    assert "2 people" in text_of(page.select_one("#people-told"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/labs/the-lab/events/team/{event.pk}/cancel/", {"message": "The room flooded."})

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and event.sequence == 1
    had_place = only_email_to("member@example.org")
    assert had_place.subject == "CareLab: Cancelled: Living with pain"
    assert "The room flooded." in had_place.body
    update = attached_calendar(had_place).events[0]
    assert update["STATUS"] == "CANCELLED" and update["SEQUENCE"] == 1
    assert "secret-room" not in had_place.body + str(update.to_ical())
    waiting = only_email_to("robin@example.org")
    assert waiting.subject == "CareLab: Cancelled: Living with pain" and waiting.attachments == []
    assert emails_to("participant@example.org") == []
    page = parse(client.get(event.get_absolute_url()))
    assert "The room flooded." in text_of(page.select_one("#event-cancelled"))


def test_participants_only_events_refuse_other_members(cast, client):
    event = EventFactory(lab=cast.lab, who_may_register=Event.WhoMayRegister.PARTICIPANTS)
    client.force_login(cast.member)
    page = parse(client.get(register_url(event)))
    assert text_of(page.select_one("h1")) == "This event is for the lab's participants"
    assert page.select_one("form[method=post]") is None
    with pytest.raises(actions.EventActionRefused, match="participants"):
        actions.register(event=event, user=cast.member)
    assert actions.register(event=event, user=cast.participant).has_place
    assert actions.register(event=event, user=cast.team).has_place


def test_nobody_can_register_once_registration_has_closed(cast, client):
    from datetime import timedelta

    from django.utils import timezone

    event = EventFactory(lab=cast.lab, registration_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(cast.member)
    response = client.post(register_url(event), {})
    page = parse(response)
    assert response.status_code == 200
    assert text_of(page.select_one("h1")) == "Registration has closed"
    assert not Registration.objects.exists()
    assert "Registration for this event has closed." in text_of(parse(client.get(event.get_absolute_url())))


def test_nobody_can_register_for_a_draft_or_cancelled_event(cast):
    for event in (EventFactory(lab=cast.lab, draft=True), EventFactory(lab=cast.lab, status=Event.Status.CANCELLED)):
        with pytest.raises(actions.EventActionRefused):
            actions.register(event=event, user=cast.member)
    assert not Registration.objects.exists()


def test_an_access_needs_answer_that_is_too_long_is_kept_and_explained(cast, event, client):
    client.force_login(cast.member)
    response = client.post(register_url(event), {"access_needs": "x" * 2001})
    page = parse(response)
    assert "Your answer must be 2,000 characters or fewer" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=access_needs]").text.strip() == "x" * 2001
    assert not Registration.objects.exists()


def test_the_sign_in_redirect_comes_back_to_the_registration_page(event, client):
    response = client.get(register_url(event))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={register_url(event)}"


def test_your_events_lists_places_and_waiting_with_cancel_links(cast, event, client):
    other = EventFactory(lab=cast.lab, title="Ideas workshop", capacity=1)
    RegistrationFactory(event=other)
    RegistrationFactory(event=event, user=cast.participant)
    RegistrationFactory(event=other, user=cast.participant, waiting=True)
    RegistrationFactory(
        event=EventFactory(lab=cast.lab, title="Gone"), user=cast.participant, status=Registration.Status.CANCELLED
    )
    RegistrationFactory(event=EventFactory(lab=cast.other_lab, title="Elsewhere"), user=cast.participant)
    client.force_login(cast.participant)
    page = parse(client.get("/labs/the-lab/events/yours/"))
    items = page.select(".carelab-event-item")
    assert [text_of(item.select_one("h3 a")) for item in items] == ["Living with pain", "Ideas workshop"]
    assert "You have a place." in text_of(items[0])
    assert "You are number 1 on the waiting list" in text_of(items[1])
    assert items[0].select_one("a[href$='/cancel/']")["href"] == cancel_url(event)


def test_someone_deleting_their_account_gives_their_place_to_the_next_person_waiting(
    cast, event, robin, django_capture_on_commit_callbacks
):
    from django.db import transaction

    gone = RegistrationFactory(event=event, user=cast.member)
    RegistrationFactory(event=event, user=cast.participant)
    waiting = RegistrationFactory(event=event, user=robin, waiting=True)
    past = RegistrationFactory(event=EventFactory(lab=cast.lab, past=True), user=cast.member)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert actions.release_places_of(cast.member) == 1
        cast.member.delete()
    assert not Registration.objects.filter(pk__in=[gone.pk, past.pk]).exists()
    waiting.refresh_from_db()
    assert waiting.has_place
    assert only_email_to("robin@example.org").subject == "CareLab: A place has come up: Living with pain"
    assert emails_to("member@example.org") == []
