import pytest

from carelab.core.tests.html import parse


@pytest.mark.parametrize(
    "path",
    [
        "/admin/labs/lab/",
        "/admin/labs/lab/add/",
        "/admin/labs/membership/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/posts/post/",
        "/admin/comments/comment/",
    ],
)
def test_site_admin_can_open_each_admin_page(cast, client_for, path):
    assert client_for(cast.admin).get(path).status_code == 200


def test_site_admin_sees_a_lab_with_its_phases(cast, client_for):
    response = client_for(cast.admin).get(f"/admin/labs/lab/{cast.lab.pk}/change/")
    page = parse(response)
    assert page.select_one("input[name=title]")["value"] == "The lab"
    assert page.select("input[name^=phases-][name$=-name]")


def test_site_admin_gives_someone_the_lab_team_role(cast, client_for):
    response = client_for(cast.admin).post(
        "/admin/labs/membership/add/", {"user": cast.other_team.pk, "lab": cast.lab.pk, "role": "team"}
    )
    assert response.status_code == 302
    assert cast.other_team.memberships.get(lab=cast.lab).role == "team"


def test_admin_user_list_shows_emails_to_site_admins_only(cast, client_for):
    assert "member@example.org" in client_for(cast.admin).get("/admin/accounts/user/").content.decode()
    assert client_for(cast.team).get("/admin/accounts/user/").status_code == 302
