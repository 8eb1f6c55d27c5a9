"""An organisation's page in the directory, with the lab participants from it whose cards the viewer may see."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.organisations.tests.factories import OrganisationFactory
from carelab.participants.tests.factories import ProfileCardFactory


def page_of(organisation) -> str:
    return f"/labs/the-lab/organisations/{organisation.pk}/"


@pytest.fixture
def mersey(cast):
    return OrganisationFactory(
        lab=cast.lab,
        name="Mersey Moves Together",
        kind="partner",
        region="north_west",
        website="https://www.mersey.example.org/about",
        contact_page="https://www.mersey.example.org/contact",
        description="Gentle movement <sessions>",
    )


@pytest.fixture
def from_mersey(cast, mersey):
    """A card from the organisation for each visibility, one from elsewhere, and one of someone who left."""

    def card(name, visibility, organisation=mersey):
        return ProfileCardFactory(
            lab=cast.lab,
            display_name=name,
            visibility=visibility,
            organisation=organisation,
            organisation_name=organisation.name if organisation else "",
        )

    card("Tess Teamonly", "team")
    card("Paz Participantsonly", "participants")
    card("Pip Public", "public")
    card("Nia Nowhere", "public", organisation=None)
    card("Ola Other", "public", organisation=OrganisationFactory(lab=cast.lab))
    card("Lee Left", "public").user.memberships.update(role="member")


SEES = {
    "anonymous": ["Pip Public"],
    "member": ["Pip Public"],
    "participant": ["Paz Participantsonly", "Pip Public"],
    "team": ["Paz Participantsonly", "Pip Public", "Tess Teamonly"],
    "other_team": ["Pip Public"],
    "admin": ["Paz Participantsonly", "Pip Public", "Tess Teamonly"],
}


@pytest.mark.parametrize("role", CAST_ROLES)
def test_the_page_lists_the_participants_from_it_whose_cards_each_person_may_see(
    cast, client_for, mersey, from_mersey, role
):
    response = client_for(cast.person(role)).get(page_of(mersey))
    assert response.status_code == 200
    names = [text_of(item.strong) for item in parse(response).select("#participants li")]
    assert names == SEES[role]


def test_the_page_shows_the_organisation_as_text_with_its_links(client, cast, mersey):
    response = client.get(page_of(mersey))
    assert b"<sessions>" not in response.content
    page = parse(response)
    assert text_of(page.select_one("h1")) == "Mersey Moves Together"
    main = text_of(page.select_one("main"))
    assert "Lab partner" in main and "Region: North West" in main
    assert text_of(page.select_one(".carelab-organisation__description")) == "Gentle movement <sessions>"
    website = page.select_one(".carelab-organisation__links a")
    assert website["href"] == "https://www.mersey.example.org/about" and website["rel"] == ["external", "noopener"]
    assert text_of(page.select_one("#no-participants")).startswith("No participants from this organisation")


def test_the_directory_links_each_organisation_to_its_page(client, cast, mersey):
    page = parse(client.get("/labs/the-lab/organisations/"))
    assert page.select_one("#organisations h2 a")["href"] == page_of(mersey)


def test_a_hidden_organisation_or_another_labs_has_no_page_here(client_for, cast):
    hidden = OrganisationFactory(lab=cast.lab, hidden=True)
    elsewhere = OrganisationFactory(lab=cast.other_lab)
    for person in (None, cast.team):
        client = client_for(person)
        assert client.get(page_of(hidden)).status_code == 404
        assert client.get(page_of(elsewhere)).status_code == 404


def test_the_page_makes_the_same_queries_for_3_and_50_participants_and_shows_20_a_page(
    cast, client_for, mersey, django_assert_num_queries
):
    client = client_for(cast.participant)

    def add(count):
        for _ in range(count):
            ProfileCardFactory(
                lab=cast.lab, visibility="participants", organisation=mersey, organisation_name=mersey.name
            )

    add(3)
    with PageQueries() as context:
        client.get(page_of(mersey))
    add(47)
    with django_assert_num_queries(len(context)):
        response = client.get(page_of(mersey))
    page = parse(response)
    assert len(page.select("#participants li")) == 20
    assert page.select_one("a[rel=next]")["href"] == f"{page_of(mersey)}?page=2"
    assert len(parse(client.get(page_of(mersey), {"page": 3})).select("#participants li")) == 10
