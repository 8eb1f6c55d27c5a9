import json
from unittest import mock

import pytest
from django.db.utils import OperationalError

from carelab.core.tests.csp import csp_refusals
from carelab.core.tests.html import parse, text_of


@pytest.mark.parametrize("url", ["/help-now/", "/privacy/", "/accessibility/", "/cookies/"])
def test_anonymous_visitor_can_read_the_safety_and_trust_pages(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    page = parse(response)
    assert text_of(page.select_one("h1"))


def test_every_page_links_to_help_now_and_says_carelab_is_not_a_crisis_service(client, db):
    page = parse(client.get("/privacy/"))
    help_links = [a for a in page.select("a") if a.get("href") == "/help-now/"]
    assert help_links and text_of(help_links[0]) == "Need help now?"
    assert "not a crisis service" in text_of(page)


def test_help_now_lists_the_crisis_contacts(client, db):
    text = text_of(parse(client.get("/help-now/")))
    for expected in ["999", "A&E", "NHS 111", "option 2", "116 123", "SHOUT", "85258"]:
        assert expected in text


def test_the_text_shout_link_uses_the_standard_sms_body_form(client, db):
    page = parse(client.get("/help-now/"))
    assert [a["href"] for a in page.select("a[href^='sms:']")] == ["sms:85258?body=SHOUT"]


def test_healthz_reports_the_database_is_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_responses_carry_the_security_headers(client, db):
    response = client.get("/help-now/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts(client, db):
    # Every page the permission walk reaches is read the same way, as every person in the cast.
    assert csp_refusals(client.get("/help-now/").content.decode()) == []


def test_unknown_page_gets_a_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text_of(parse(response).select_one("h1")) == "Page not found"


def test_a_request_with_a_strange_host_gets_the_plain_400_page_with_crisis_links(client, db):
    response = client.get("/", HTTP_HOST="not-our-site.example")
    assert response.status_code == 400
    page = parse(response)
    assert text_of(page.h1) == "Sorry, we could not understand that request"
    assert page.select_one("#help-now a[href='tel:116123']")


def test_the_500_page_is_made_without_touching_the_database(db, rf, django_assert_num_queries):
    from carelab.core.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = parse(response)
    assert text_of(page.h1) == "Sorry, there is a problem with the service"
    links = {a["href"] for a in page.select("#help-now a")}
    assert links == {"tel:999", "tel:111", "tel:116123", "sms:85258?body=SHOUT"}


def test_every_page_links_the_icon_as_svg_and_as_ico(client, db):
    page = parse(client.get("/help-now/"))
    icons = {link["href"].split("/")[-1].split(".")[-1]: link for link in page.select("head link[rel=icon]")}
    assert set(icons) == {"svg", "ico"}
    assert icons["svg"]["type"] == "image/svg+xml"
    for link in icons.values():
        assert client.get(link["href"]).status_code == 200


def test_favicon_ico_at_the_root_leads_to_the_icon_for_anyone(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content if icon.streaming else [icon.content])[:4] == b"\x00\x00\x01\x00"
