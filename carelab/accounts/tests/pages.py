"""Structural accessibility checks for a rendered page (axe-core runs in the browser tests)."""

from collections import Counter

from bs4 import BeautifulSoup

from carelab.core.tests.html import text_of

_UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}


def assert_accessible_page(response, title: str | None = None):
    """One h1, a page title, no duplicate ids or attributes, a label for every field. Returns the parsed page."""
    duplicate_attributes = []

    def on_duplicate_attribute(attributes, name, value):
        duplicate_attributes.append(name)

    page = BeautifulSoup(response.content.decode(), "html.parser", on_duplicate_attribute=on_duplicate_attribute)
    assert not duplicate_attributes, f"attributes given twice: {duplicate_attributes}"
    assert len(page.select("h1")) == 1, [text_of(h) for h in page.select("h1")]
    page_title = text_of(page.select_one("title"))
    assert page_title.endswith("– CareLab") or page_title == "CareLab"
    if title is not None:
        assert page_title == f"{title} – CareLab"
    duplicates = [id_ for id_, count in Counter(el["id"] for el in page.select("[id]")).items() if count > 1]
    assert not duplicates, duplicates
    for field in page.select("input, select, textarea"):
        if field.name == "input" and field.get("type", "text") in _UNLABELLED_TYPES:
            continue
        field_id = field.get("id")
        assert field_id and page.select_one(f'label[for="{field_id}"]'), f"no label for {field}"
    for script in page.select("script"):
        assert script.get("src"), "inline scripts are blocked by our Content-Security-Policy"
    assert not page.select("[style]"), "inline styles are blocked by our Content-Security-Policy"
    return page
