"""The message placeholders and the directory's page links, without the database."""

from django.core.paginator import Paginator

from carelab.core.pagination import pagination as page_links
from carelab.participants.letters import DEFAULT_BODIES, PLACEHOLDERS, fill_in, unknown_placeholders


def test_placeholders_are_filled_in_once_and_anything_else_is_left_as_written():
    assert fill_in("Dear {name}, welcome to {lab}.", name="Robin", lab="The lab") == "Dear Robin, welcome to The lab."
    assert fill_in("{name}", name="{lab}", lab="The lab") == "{lab}"
    assert fill_in("{name.__class__} {other}", name="Robin", lab="x") == "{name.__class__} {other}"


def test_the_lab_team_is_never_the_lab_lab_team_whatever_the_title():
    for body in DEFAULT_BODIES.values():
        filled = fill_in(body, name="Sam", lab="Pain and mental health lab")
        assert "lab lab" not in filled.lower()
        assert "The Pain and mental health lab team" in filled
    assert fill_in("The {lab} lab team", name="Sam", lab="Back pain") == "The Back pain lab team"


def test_unknown_placeholders_are_listed_once_each_in_order():
    assert unknown_placeholders("Hi {first_name} {name} {first_name} {lab_title}") == ["{first_name}", "{lab_title}"]
    assert unknown_placeholders("Hi {name} from {lab}") == []
    assert unknown_placeholders("A set {} and { spaced }") == ["{}"]


def test_the_default_messages_only_use_known_placeholders():
    for body in DEFAULT_BODIES.values():
        assert unknown_placeholders(body) == []
        assert "{name}" in body and set(PLACEHOLDERS) >= {"{name}", "{lab}"}


def test_page_links_keep_the_filters_and_drop_empty_ones():
    page = Paginator(range(50), 20).page(2)
    links = page_links(page, "/labs/x/participants/", {"role": "carer", "region": "", "page": "2"})
    hrefs = [item.get("href") for item in links["items"]]
    assert hrefs == [
        "/labs/x/participants/?role=carer",
        "/labs/x/participants/?role=carer&page=2",
        "/labs/x/participants/?role=carer&page=3",
    ]
    assert links["previous"]["href"] == "/labs/x/participants/?role=carer"
    assert links["next"]["href"] == "/labs/x/participants/?role=carer&page=3"


def test_page_links_are_not_needed_for_one_page():
    assert page_links(Paginator(range(5), 20).page(1), "/p/", {}) is None
