"""Every organisations page and action, walked with the whole cast."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carelab.conftest import CAST_ROLES
from carelab.organisations.models import Organisation
from carelab.organisations.tests.factories import OrganisationFactory

EVERYONE = dict.fromkeys(CAST_ROLES, 200)
TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
# Another lab's organisation does not exist at this lab's addresses, even for its team.
OTHER_LABS = {**TEAM_ONLY, "team": 404, "admin": 404}
NOT_THE_TEAM = ["anonymous", "member", "participant", "other_team"]


@pytest.fixture
def organisations(cast):
    return {
        "ours": OrganisationFactory(lab=cast.lab, name="Our Group"),
        "theirs": OrganisationFactory(lab=cast.other_lab, name="Their Group"),
    }


PAGES = [
    ("directory", lambda o: "/labs/the-lab/organisations/", EVERYONE),
    ("team list", lambda o: "/labs/the-lab/organisations/team/", TEAM_ONLY),
    ("add", lambda o: "/labs/the-lab/organisations/team/new/", TEAM_ONLY),
    ("edit", lambda o: f"/labs/the-lab/organisations/team/{o['ours'].pk}/edit/", TEAM_ONLY),
    ("delete", lambda o: f"/labs/the-lab/organisations/team/{o['ours'].pk}/delete/", TEAM_ONLY),
    ("import", lambda o: "/labs/the-lab/organisations/team/import/", TEAM_ONLY),
    ("template", lambda o: "/labs/the-lab/organisations/team/import/organisations-template.csv", TEAM_ONLY),
    ("edit another lab's", lambda o: f"/labs/the-lab/organisations/team/{o['theirs'].pk}/edit/", OTHER_LABS),
    ("delete another lab's", lambda o: f"/labs/the-lab/organisations/team/{o['theirs'].pk}/delete/", OTHER_LABS),
]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("page", "url_for", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_each_organisations_page_answers_each_person_as_expected(
    cast, organisations, client_for, role, page, url_for, expected
):
    response = client_for(cast.person(role)).get(url_for(organisations))
    assert response.status_code == expected[role]
    if response.status_code == 302:
        assert response.url.startswith("/accounts/login/")


def test_a_directory_of_a_lab_that_does_not_exist_is_not_found(cast, client):
    assert client.get("/labs/no-such-lab/organisations/").status_code == 404


@pytest.mark.parametrize("role", NOT_THE_TEAM)
def test_only_the_lab_team_can_add_an_organisation(cast, client_for, role):
    form = {"name": "Sneaky Group", "kind": "local", "region": "london", "is_public": "on"}
    response = client_for(cast.person(role)).post("/labs/the-lab/organisations/team/new/", form)
    assert response.status_code in {302, 403}
    assert not Organisation.objects.filter(name="Sneaky Group").exists()


@pytest.mark.parametrize("role", NOT_THE_TEAM)
def test_only_the_lab_team_can_edit_or_delete_an_organisation(cast, organisations, client_for, role):
    client = client_for(cast.person(role))
    ours = organisations["ours"]
    client.post(f"/labs/the-lab/organisations/team/{ours.pk}/edit/", {"name": "Changed", "region": "wales"})
    client.post(f"/labs/the-lab/organisations/team/{ours.pk}/delete/")
    ours.refresh_from_db()
    assert ours.name == "Our Group"


@pytest.mark.parametrize("role", NOT_THE_TEAM)
def test_only_the_lab_team_can_import(cast, client_for, role):
    upload = SimpleUploadedFile("list.csv", b"name,region\nSneaky Group,London\n", content_type="text/csv")
    response = client_for(cast.person(role)).post("/labs/the-lab/organisations/team/import/", {"file": upload})
    assert response.status_code in {302, 403}
    assert not Organisation.objects.filter(name="Sneaky Group").exists()


def test_the_team_of_one_lab_cannot_delete_another_labs_organisation_through_its_own_lab(
    cast, organisations, client_for
):
    response = client_for(cast.team).post(f"/labs/the-lab/organisations/team/{organisations['theirs'].pk}/delete/")
    assert response.status_code == 404
    assert Organisation.objects.filter(pk=organisations["theirs"].pk).exists()
