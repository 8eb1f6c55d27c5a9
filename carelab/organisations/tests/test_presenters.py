from django.core.paginator import Paginator
from django.http import QueryDict

from carelab.core.pagination import pagination
from carelab.organisations.models import Organisation
from carelab.organisations.presenters import OrganisationCard, site_name


def test_a_card_names_the_kind_and_region_for_people():
    card = OrganisationCard(Organisation(kind="partner", region="yorkshire"))
    assert (card.kind_label, card.kind_colour, card.region_name) == ("Lab partner", "blue", "Yorkshire and the Humber")


def test_the_site_name_is_the_host_without_www():
    assert site_name("https://www.example.org/about?x=1") == "example.org"
    assert site_name("https://Tyneside.Example.org:8443/") == "tyneside.example.org"
    assert site_name("") == ""


def test_pagination_keeps_the_filters_and_drops_the_old_page_number():
    page = Paginator(list(range(100)), 10).get_page(5)
    links = pagination(page, "/orgs/", QueryDict("region=wales&q=peer+group&page=5"))
    assert links["previous"]["href"] == "/orgs/?region=wales&q=peer+group&page=4"
    assert links["next"]["href"] == "/orgs/?region=wales&q=peer+group&page=6"
    numbers = [item.get("number") for item in links["items"]]
    assert numbers == [1, None, 4, 5, 6, None, 10]
    assert links["items"][0]["href"] == "/orgs/?region=wales&q=peer+group"
    assert [item["number"] for item in links["items"] if item.get("current")] == [5]


def test_pagination_of_the_first_page_without_filters_links_plainly():
    links = pagination(Paginator(list(range(30)), 10).get_page(1), "/orgs/", QueryDict(""))
    assert "previous" not in links
    assert links["next"]["href"] == "/orgs/?page=2"
    assert links["items"][0]["href"] == "/orgs/"


def test_no_pagination_when_everything_fits_on_one_page():
    assert pagination(Paginator([1, 2], 10).get_page(1), "/orgs/", QueryDict("")) is None
