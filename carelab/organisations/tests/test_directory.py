"""The public directory: public organisations only, filters, search, pages, cards and links."""

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.organisations.tests.factories import OrganisationFactory

DIRECTORY = "/labs/the-lab/organisations/"


def names_on(response) -> list[str]:
    return [text_of(heading) for heading in parse(response).select("#organisations h2")]


def test_everyone_sees_the_labs_public_organisations_in_alphabetical_order_whatever_the_case(cast, client):
    for name in ["mersey Moves Together", "Calder Valley Collective", "Wear Valley Circle"]:
        OrganisationFactory(lab=cast.lab, name=name)
    OrganisationFactory(lab=cast.lab, name="Hidden Pilot", hidden=True)
    OrganisationFactory(lab=cast.other_lab, name="Another Lab's Group")
    names = names_on(client.get(DIRECTORY))
    assert names == ["Calder Valley Collective", "mersey Moves Together", "Wear Valley Circle"]


def test_the_lab_team_also_sees_only_public_organisations_in_the_directory_with_a_link_to_manage(cast, client_for):
    OrganisationFactory(lab=cast.lab, name="Shown Group")
    OrganisationFactory(lab=cast.lab, name="Hidden Pilot", hidden=True)
    response = client_for(cast.team).get(DIRECTORY)
    assert names_on(response) == ["Shown Group"]
    assert parse(response).select_one("#manage-organisations")["href"] == "/labs/the-lab/organisations/team/"


def test_people_outside_the_team_get_no_link_to_manage(cast, client_for):
    assert parse(client_for(cast.participant).get(DIRECTORY)).select_one("#manage-organisations") is None


@pytest.fixture
def spread(cast):
    OrganisationFactory(lab=cast.lab, name="Tyneside Network", region="north_east", kind="local")
    OrganisationFactory(lab=cast.lab, name="Wear Valley Circle", region="north_east", kind="other")
    OrganisationFactory(lab=cast.lab, name="Thames Side Peers", region="london", kind="local")
    OrganisationFactory(lab=cast.lab, name="National Charity", region="uk_wide", kind="partner")


def test_filtering_by_region_and_kind_narrows_the_list(spread, client):
    assert names_on(client.get(DIRECTORY, {"region": "north_east"})) == ["Tyneside Network", "Wear Valley Circle"]
    assert names_on(client.get(DIRECTORY, {"region": "north_east", "kind": "local"})) == ["Tyneside Network"]
    assert names_on(client.get(DIRECTORY, {"kind": "partner"})) == ["National Charity"]


def test_searching_finds_names_containing_the_words_in_any_case(spread, client):
    assert names_on(client.get(DIRECTORY, {"q": "  side  "})) == ["Thames Side Peers", "Tyneside Network"]
    response = client.get(DIRECTORY, {"q": "nothing like it"})
    assert names_on(response) == []
    count = text_of(parse(response).select_one("#organisations-count"))
    assert count == "No organisations match your search and filters."


def test_the_filter_form_keeps_what_was_chosen_and_offers_to_clear_it(spread, client):
    page = parse(client.get(DIRECTORY, {"region": "london", "q": "thames"}))
    form = page.select_one("form#directory-filters")
    assert form["method"] == "get"
    assert form.select_one("select[name=region] option[selected]")["value"] == "london"
    assert form.select_one("input[name=q]")["value"] == "thames"
    assert page.find("a", string="Clear search and filters")["href"] == DIRECTORY


def test_a_region_that_is_not_one_is_explained_and_the_other_filters_still_apply(spread, client):
    response = client.get(DIRECTORY, {"region": "atlantis", "kind": "partner"})
    page = parse(response)
    assert "Select a region from the list" in text_of(page.select_one(".nhsuk-error-summary"))
    assert names_on(response) == ["National Charity"]


def test_twenty_organisations_a_page_and_the_page_links_keep_the_filters(cast, client):
    for number in range(25):
        OrganisationFactory(lab=cast.lab, name=f"Group {number:02d}", region="wales")
    OrganisationFactory(lab=cast.lab, name="Group in London", region="london")
    first = client.get(DIRECTORY, {"region": "wales"})
    assert len(names_on(first)) == 20
    assert text_of(parse(first).select_one("#organisations-count")) == "Showing 1 to 20 of 25 organisations that match."
    next_link = parse(first).select_one("nav.nhsuk-pagination a[rel=next]")["href"]
    assert next_link == "/labs/the-lab/organisations/?region=wales&page=2"
    assert names_on(client.get(next_link)) == [f"Group {number:02d}" for number in range(20, 25)]


@pytest.mark.parametrize("number_of_organisations", [3, 60])
def test_the_directory_runs_the_same_queries_however_many_organisations(
    cast, client, django_assert_num_queries, number_of_organisations
):
    OrganisationFactory.create_batch(number_of_organisations, lab=cast.lab)
    # The lab with its phases, the count for the pager, one page of organisations.
    with django_assert_num_queries(4):  # +1: the lab menu asks whether the lab has published insights
        response = client.get(DIRECTORY, {"region": "london", "q": "group"})
    assert len(names_on(response)) == min(number_of_organisations, 20)


def test_a_card_shows_kind_region_description_and_links_that_stay_in_this_tab(cast, client):
    OrganisationFactory(
        lab=cast.lab,
        name="Tyneside Network",
        kind="local",
        region="north_east",
        website="https://www.tyneside.example.org/about",
        contact_page="https://www.tyneside.example.org/contact",
        description="Walking groups.",
    )
    card = parse(client.get(DIRECTORY)).select_one("#organisations li")
    assert text_of(card.select_one(".nhsuk-tag")) == "Local organisation"
    assert text_of(card.select_one(".carelab-organisation__region")) == "Region: North East"
    assert text_of(card.select_one(".nhsuk-card__description")) == "Walking groups."
    website, contact = card.select(".carelab-organisation__links a")
    assert website["href"] == "https://www.tyneside.example.org/about"
    assert text_of(website) == "tyneside.example.org (Tyneside Network)"
    assert contact["href"] == "https://www.tyneside.example.org/contact"
    for link in (website, contact):
        assert "noopener" in link["rel"]
        assert not link.get("target"), "links open in the same tab, so they need not say they open a new one"


def test_an_organisation_without_links_shows_none(cast, client):
    OrganisationFactory(lab=cast.lab, website="", contact_page="")
    assert parse(client.get(DIRECTORY)).select(".carelab-organisation__links") == []


def test_organisation_text_is_shown_as_text_never_as_html(cast, client):
    OrganisationFactory(
        lab=cast.lab,
        name='<script>alert("name")</script>',
        description='<img src=x onerror="alert(1)"> **not bold**',
    )
    page = parse(client.get(DIRECTORY))
    assert not [script for script in page.select("script") if not script.get("src")]
    assert page.select("main img") == []
    assert text_of(page.select_one(".nhsuk-card__description")) == '<img src=x onerror="alert(1)"> **not bold**'
    assert text_of(page.select_one("#organisations h2")) == '<script>alert("name")</script>'


def test_an_empty_directory_says_so(cast, client):
    page = parse(client.get(DIRECTORY))
    assert text_of(page.select_one("#organisations-count")) == "The lab has not listed any organisations yet."


def test_the_lab_home_links_to_the_directory_and_lists_the_public_partners(cast, client):
    OrganisationFactory(lab=cast.lab, name="National Charity", kind="partner", website="https://charity.example.org")
    OrganisationFactory(lab=cast.lab, name="Draft Partner", kind="partner", hidden=True)
    OrganisationFactory(lab=cast.lab, name="Local Group", kind="local")
    page = parse(client.get("/labs/the-lab/"))
    assert page.select_one("#organisations-link")["href"] == DIRECTORY
    assert [text_of(item.a) for item in page.select("#partners li")] == ["National Charity"]
    assert page.select_one("#partners a")["href"] == "https://charity.example.org"


def test_the_team_dashboard_has_a_card_for_organisations(cast, client_for):
    page = parse(client_for(cast.team).get("/labs/the-lab/team/"))
    link = page.find("a", string="Organisations")
    assert link["href"] == "/labs/the-lab/organisations/team/"
