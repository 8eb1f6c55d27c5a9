"""Every accounts page walked with the whole cast."""

import pytest

from carelab.conftest import CAST_ROLES

SIGNED_IN_ONLY = [
    "/accounts/profile/",
    "/accounts/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]
# Pages for signing in: open to everyone, and signed-in people are sent on from them.
FOR_SIGNED_OUT = ["/accounts/login/", "/accounts/signup/"]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("url", SIGNED_IN_ONLY)
def test_own_account_pages_need_sign_in(client_for, cast, role, url):
    response = client_for(cast.person(role)).get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("url", FOR_SIGNED_OUT)
def test_sign_in_pages_are_for_signed_out_people(client_for, cast, role, url):
    response = client_for(cast.person(role)).get(url)
    if role == "anonymous":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", CAST_ROLES)
def test_sign_out_page_asks_signed_in_people_to_confirm(client_for, cast, role):
    response = client_for(cast.person(role)).get("/accounts/logout/")
    assert response.status_code == (302 if role == "anonymous" else 200)


@pytest.mark.parametrize("role", CAST_ROLES)
def test_public_account_pages_are_open_to_everyone(client_for, cast, role):
    client = client_for(cast.person(role))
    assert client.get("/accounts/password/reset/").status_code == 200
    assert client.get("/accounts/confirm-email/").status_code == 200


def test_each_person_sees_and_changes_only_their_own_profile(client_for, cast):
    client = client_for(cast.member)
    response = client.post("/accounts/profile/", {"display_name": "Renamed"})
    assert response.status_code == 302
    cast.member.refresh_from_db()
    cast.team.refresh_from_db()
    assert cast.member.display_name == "Renamed" and cast.team.display_name == "Tam Team"
