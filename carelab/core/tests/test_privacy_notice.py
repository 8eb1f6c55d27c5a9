"""The privacy notice is built from every app's personal_data `privacy()` entries (decision 0018)."""

from django.test import override_settings

from carelab.core.tests.html import parse, text_of
from carelab.core.your_data import collect_privacy

PRIVACY = "/privacy/"


def entries_on(response) -> dict:
    page = parse(response)
    return {text_of(node.select_one("h2")): node for node in page.select(".carelab-privacy-entry")}


def test_the_notice_has_every_entry_with_what_why_who_how_long_and_choices(client, db):
    shown = entries_on(client.get(PRIVACY))
    entries = collect_privacy()
    assert list(shown) == [entry.title for entry in entries]
    for entry in entries:
        node = shown[entry.title]
        assert [text_of(h) for h in node.select("h3")] == [
            "What we hold",
            "Why we hold it",
            "Who can see it",
            "How long we keep it",
            "What you can do",
        ]
        assert [text_of(p) for p in node.select("p")] == [
            entry.held,
            entry.why,
            entry.who_sees,
            entry.kept_for,
            entry.your_choices,
        ]


def test_the_notice_covers_everything_carelab_holds(client, db):
    titles = " | ".join(entries_on(client.get(PRIVACY)))
    for topic in (
        "Your account",
        "Survey answers",
        "Safeguarding flags",
        "Applications to become a lab participant",
        "Profile cards",
        "Connect",
        "Event registrations",
        "Lab updates by email",
        "Comments",
    ):
        assert topic in titles


def test_the_contents_link_to_each_entry(client, db):
    page = parse(client.get(PRIVACY))
    for link in page.select("#privacy-contents a"):
        assert page.select_one(link["href"]), f"{link['href']} points nowhere"


def test_the_notice_says_truly_who_can_see_an_email_address(client, db):
    text = text_of(parse(client.get(PRIVACY)).select_one("main"))
    assert "Nobody but the site administrators can see your e-mail address" not in text
    addresses = entries_on(client.get(PRIVACY))["Your email addresses"]
    said = text_of(addresses)
    assert "never shown next to anything you write" in said
    assert "register for one of its events" in said  # the lab team's list of people coming
    assert "only after one of you replies" in said  # Connect
    assert "download of the answers they ask to include contact details in" in said  # audited survey export


@override_settings(CARELAB_APPLICATION_DRAFT_DAYS=12)
def test_retention_periods_come_from_the_settings(client, db):
    applications = entries_on(client.get(PRIVACY))["Applications to become a lab participant"]
    assert "deleted 12 days after you last saved it" in text_of(applications)
