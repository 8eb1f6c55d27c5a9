"""Every events page and action walked with the whole cast, and the joining link kept secret."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse
from carelab.events.models import Event, Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory

SIGN_IN = "/accounts/login/"
EVERYONE = dict.fromkeys(CAST_ROLES, 200)
SIGNED_IN = {**EVERYONE, "anonymous": 302}
TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
TEAM_ELSE_404 = {"anonymous": 404, "member": 404, "participant": 404, "team": 200, "other_team": 404, "admin": 200}
# Only the participant has a place, so only they see the confirmation page; others go back to the event.
CANCEL_OWN = {**SIGNED_IN, "member": 302, "team": 302, "other_team": 302, "admin": 302, "participant": 200}
SECRET = "secret-room-42"


@pytest.fixture
def objects(cast, event):
    draft = EventFactory(lab=cast.lab, draft=True)
    place = RegistrationFactory(event=event, user=cast.participant, access_needs="Private: I use a wheelchair")
    return {"event": event, "draft": draft, "place": place}


PAGES = [
    ("/labs/the-lab/events/", EVERYONE),
    ("/labs/the-lab/events/calendar.ics", EVERYONE),
    ("/labs/the-lab/events/yours/", SIGNED_IN),
    ("/labs/the-lab/events/{event.pk}/", EVERYONE),
    ("/labs/the-lab/events/{draft.pk}/", TEAM_ELSE_404),
    ("/labs/the-lab/events/{event.pk}/event.ics", EVERYONE),
    ("/labs/the-lab/events/{draft.pk}/event.ics", TEAM_ELSE_404),
    ("/labs/the-lab/events/{event.pk}/register/", {**SIGNED_IN, "participant": 302}),
    ("/labs/the-lab/events/{event.pk}/cancel/", CANCEL_OWN),
    ("/labs/the-lab/events/team/", TEAM_ONLY),
    ("/labs/the-lab/events/team/new/", TEAM_ONLY),
    ("/labs/the-lab/events/team/{event.pk}/edit/", TEAM_ONLY),
    ("/labs/the-lab/events/team/{event.pk}/cancel/", TEAM_ONLY),
    ("/labs/the-lab/events/team/{event.pk}/registrations/", TEAM_ONLY),
    ("/labs/the-lab/events/team/{event.pk}/registrations.csv", TEAM_ONLY),
    ("/labs/the-lab/events/team/{event.pk}/registrations/{place.pk}/cancel/", TEAM_ONLY),
    ("/labs/the-lab/events/team/{event.pk}/attendance/", TEAM_ONLY),
    ("/labs/the-lab/events/team/{event.pk}/notes/", TEAM_ONLY),
]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("path", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_each_events_page_answers_each_person_as_expected(cast, objects, client_for, role, path, expected):
    response = client_for(cast.person(role)).get(path.format(**objects))
    assert response.status_code == expected[role]
    if role == "anonymous" and expected[role] == 302:
        assert response["Location"].startswith(SIGN_IN)


def test_another_labs_team_cannot_reach_this_labs_events_through_their_own_lab(cast, objects, client_for):
    client = client_for(cast.other_team)
    event = objects["event"]
    assert client.get(f"/labs/other-lab/events/{event.pk}/").status_code == 404
    assert client.get(f"/labs/other-lab/events/team/{event.pk}/registrations/").status_code == 404
    assert client.post(f"/labs/other-lab/events/team/{event.pk}/cancel/", {}).status_code == 404


def snapshot():
    return (
        sorted(Event.objects.values_list("pk", "status", "title", "notes", "sequence")),
        sorted(Registration.objects.values_list("pk", "status", "attendance")),
    )


# POST actions of the lab team: (path, data)
TEAM_ACTIONS = [
    (
        "/labs/the-lab/events/team/new/",
        {
            "title": "New",
            "summary": "S",
            "format": "online",
            "starts_at": "2031-01-01T10:00",
            "ends_at": "2031-01-01T11:00",
            "who_may_register": "anyone",
            "status": "draft",
        },
    ),
    (
        "/labs/the-lab/events/team/{event.pk}/edit/",
        {
            "title": "Renamed",
            "summary": "S",
            "format": "online",
            "starts_at": "2031-01-01T10:00",
            "ends_at": "2031-01-01T11:00",
            "who_may_register": "anyone",
            "status": "published",
        },
    ),
    ("/labs/the-lab/events/team/{event.pk}/cancel/", {"message": ""}),
    ("/labs/the-lab/events/team/{event.pk}/registrations/{place.pk}/cancel/", {}),
    ("/labs/the-lab/events/team/{event.pk}/notes/", {"notes": "Notes", "outputs": ""}),
]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("path", "data"), TEAM_ACTIONS, ids=[action[0] for action in TEAM_ACTIONS])
def test_only_the_lab_team_can_run_events(cast, objects, client_for, role, path, data):
    before = snapshot()
    response = client_for(cast.person(role)).post(path.format(**objects), data)
    if role in ("team", "admin"):
        assert response.status_code == 302
        assert not response["Location"].startswith(SIGN_IN)
        assert snapshot() != before
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        if role == "anonymous":
            assert response["Location"].startswith(SIGN_IN)
        assert snapshot() == before


@pytest.mark.parametrize(
    "path", ["/labs/the-lab/events/{event.pk}/register/", "/labs/the-lab/events/{event.pk}/cancel/"]
)
def test_anonymous_posts_to_register_or_cancel_change_nothing(cast, objects, client, path):
    before = snapshot()
    response = client.post(path.format(**objects), {})
    assert response["Location"].startswith(SIGN_IN)
    assert snapshot() == before


def test_a_person_can_only_cancel_their_own_registration(cast, objects, client_for):
    client_for(cast.member).post("/labs/the-lab/events/{event.pk}/cancel/".format(**objects), {})
    objects["place"].refresh_from_db()
    assert objects["place"].status == Registration.Status.REGISTERED


@pytest.mark.parametrize("role", CAST_ROLES)
def test_the_joining_link_shows_only_to_people_with_a_place_and_the_lab_team(cast, objects, client_for, role):
    RegistrationFactory(event=objects["event"], user=cast.member, waiting=True)
    page = client_for(cast.person(role)).get(objects["event"].get_absolute_url()).content.decode()
    assert (SECRET in page) is (role in ("participant", "team", "admin"))


def test_the_joining_link_is_never_in_the_public_list_or_feed(cast, objects, client_for):
    for role in CAST_ROLES:
        client = client_for(cast.person(role))
        for path in ("/labs/the-lab/events/", "/labs/the-lab/events/calendar.ics", "/labs/the-lab/events/yours/"):
            response = client.get(path)
            assert SECRET not in response.content.decode().replace("\r\n ", ""), (role, path)


def test_access_needs_are_seen_only_by_the_person_and_the_lab_team(cast, objects, client_for):
    url = objects["event"].get_absolute_url()
    for role in CAST_ROLES:
        page = client_for(cast.person(role)).get(url).content.decode()
        assert ("I use a wheelchair" in page) is (role == "participant"), role
    team_page = parse(
        client_for(cast.team).get("/labs/the-lab/events/team/{event.pk}/registrations/".format(**objects))
    )
    assert "I use a wheelchair" in team_page.select_one("#registrations").text
