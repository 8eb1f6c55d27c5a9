"""The lab team adds, edits and deletes organisations."""

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.organisations.models import Organisation
from carelab.organisations.tests.factories import OrganisationFactory

TEAM_LIST = "/labs/the-lab/organisations/team/"
ADD = "/labs/the-lab/organisations/team/new/"

GOOD = {
    "name": "  Tyneside   Mind and Body Network ",
    "kind": "local",
    "region": "north_east",
    "website": "www.tyneside.example.org",
    "contact_page": "https://tyneside.example.org/contact",
    "description": "Walking groups. ",
    "is_public": "on",
}


def errors_on(response) -> list[str]:
    return [text_of(item) for item in parse(response).select(".nhsuk-error-summary__list li")]


def test_the_team_adds_an_organisation_with_tidy_name_and_an_https_website(cast, client_for):
    response = client_for(cast.team).post(ADD, GOOD)
    assert response.status_code == 302 and response.url == TEAM_LIST
    organisation = Organisation.objects.get()
    assert (organisation.lab, organisation.name, organisation.website, organisation.description) == (
        cast.lab,
        "Tyneside Mind and Body Network",
        "https://www.tyneside.example.org",
        "Walking groups.",
    )
    assert organisation.is_public


def test_the_team_list_shows_every_organisation_with_whether_it_is_shown(cast, client_for):
    OrganisationFactory(lab=cast.lab, name="Shown Group")
    OrganisationFactory(lab=cast.lab, name="Hidden Pilot", hidden=True)
    rows = parse(client_for(cast.team).get(TEAM_LIST)).select("#team-organisations tbody tr")
    assert [(text_of(row.td), text_of(row.select_one(".nhsuk-tag"))) for row in rows] == [
        ("Hidden Pilot", "Hidden"),
        ("Shown Group", "Shown"),
    ]


@pytest.mark.parametrize("number_of_organisations", [3, 60])
def test_the_team_list_runs_the_same_queries_however_many_organisations(
    cast, client_for, django_assert_num_queries, number_of_organisations
):
    OrganisationFactory.create_batch(number_of_organisations, lab=cast.lab)
    client = client_for(cast.team)
    client.get(TEAM_LIST)  # the session and navigation are the same each time
    # Session, user, the count for the pager and one page of organisations; the lab, the person's roles
    # and the lab menu's facts are kept from the first visit (nothing was written in between).
    with django_assert_num_queries(4):
        response = client.get(TEAM_LIST)
    assert len(parse(response).select("#team-organisations tbody tr")) == min(number_of_organisations, 50)


def test_an_empty_form_explains_each_missing_answer(cast, client_for):
    response = client_for(cast.team).post(ADD, {})
    assert response.status_code == 200
    assert errors_on(response) == [
        "Enter the organisation's name",
        "Select what kind of organisation it is",
        "Select a region",
    ]
    assert text_of(parse(response).select_one("title")).startswith("Error: ")


def test_a_website_that_is_not_https_is_refused_and_everything_typed_is_kept(cast, client_for):
    response = client_for(cast.team).post(ADD, {**GOOD, "website": "http://tyneside.example.org"})
    assert errors_on(response) == [
        "Enter the website as a web address that starts with https://, like https://www.example.org"
    ]
    page = parse(response)
    assert page.select_one("input[name=website]")["value"] == "http://tyneside.example.org"
    assert page.select_one("input[name=name]")["value"] == GOOD["name"]
    assert page.select_one("select[name=region] option[selected]")["value"] == "north_east"
    assert "Walking groups." in page.select_one("textarea[name=description]").text
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://example.org/file"])
def test_addresses_that_are_not_web_pages_are_refused(cast, client_for, address):
    response = client_for(cast.team).post(ADD, {**GOOD, "contact_page": address})
    assert len(errors_on(response)) == 1
    assert not Organisation.objects.exists()


def test_a_name_already_in_the_lab_in_any_case_is_refused_but_another_lab_may_use_it(cast, client_for):
    OrganisationFactory(lab=cast.lab, name="Tyneside Mind and Body Network")
    OrganisationFactory(lab=cast.other_lab, name="Wear Valley Circle")
    client = client_for(cast.team)
    response = client.post(ADD, {**GOOD, "name": "TYNESIDE mind  and body network"})
    assert errors_on(response) == ["The directory already has an organisation with this name"]
    assert client.post(ADD, {**GOOD, "name": "Wear Valley Circle"}).status_code == 302


def test_the_team_edits_an_organisation_and_may_keep_its_name(cast, client_for):
    organisation = OrganisationFactory(lab=cast.lab, name="Tyneside Network", region="london")
    edit = f"/labs/the-lab/organisations/team/{organisation.pk}/edit/"
    client = client_for(cast.team)
    page = parse(client.get(edit))
    assert page.select_one("input[name=name]")["value"] == "Tyneside Network"
    response = client.post(edit, {**GOOD, "name": "Tyneside Network", "is_public": ""})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.region, organisation.is_public) == ("north_east", False)


def test_the_team_deletes_an_organisation_after_confirming(cast, client_for):
    organisation = OrganisationFactory(lab=cast.lab, name="Tyneside Network")
    delete = f"/labs/the-lab/organisations/team/{organisation.pk}/delete/"
    client = client_for(cast.team)
    page = parse(client.get(delete))
    assert text_of(page.select_one("h1")) == "Delete Tyneside Network?"
    assert Organisation.objects.exists(), "showing the question deletes nothing"
    response = client.post(delete)
    assert response.status_code == 302 and response.url == TEAM_LIST
    assert not Organisation.objects.exists()
    banner = parse(client.get(TEAM_LIST)).select_one(".nhsuk-notification-banner")
    assert "Tyneside Network deleted from the directory." in text_of(banner)
