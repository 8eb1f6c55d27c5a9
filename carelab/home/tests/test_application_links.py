"""A sent application is easy to find again; signing in from any page comes back to it (issue 9)."""

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from carelab.accounts.tests.factories import PASSWORD
from carelab.core.tests.html import parse, text_of
from carelab.participants.models import Application
from carelab.participants.tests.factories import ApplicationFactory

APPLIED_AT = timezone.make_aware(datetime(2026, 3, 3, 10, 0))


def test_the_lab_page_links_a_person_to_the_application_they_sent(cast, client_for):
    ApplicationFactory(lab=cast.lab, applicant=cast.member, submitted_at=APPLIED_AT)
    page = parse(client_for(cast.member).get("/labs/the-lab/"))
    line = page.select_one("#your-application")
    assert text_of(line) == "You applied on 3 March 2026: see your application"
    assert line.select_one("a")["href"] == "/labs/the-lab/participants/application/"
    # An application waiting for the team is not offered again.
    assert page.select_one("#become-a-participant") is None


def test_after_a_decline_the_lab_page_offers_both_the_application_and_applying_again(cast, client_for):
    ApplicationFactory(lab=cast.lab, applicant=cast.member, status=Application.Status.DECLINED)
    page = parse(client_for(cast.member).get("/labs/the-lab/"))
    assert page.select_one("#your-application a")
    assert page.select_one("#become-a-participant")


@pytest.mark.parametrize("role", ["anonymous", "member", "participant", "team"])
def test_nobody_else_sees_a_line_about_an_application(cast, client_for, role):
    ApplicationFactory(lab=cast.lab)  # someone else's
    ApplicationFactory(lab=cast.other_lab, applicant=cast.member)  # to another lab
    assert parse(client_for(cast.person(role)).get("/labs/the-lab/")).select_one("#your-application") is None


def test_your_account_lists_each_labs_latest_application_with_a_link(cast, client_for):
    ApplicationFactory(lab=cast.lab, applicant=cast.member, status=Application.Status.DECLINED)
    ApplicationFactory(lab=cast.lab, applicant=cast.member, submitted_at=timezone.now())
    ApplicationFactory(lab=cast.other_lab, applicant=cast.member, submitted_at=APPLIED_AT)
    ApplicationFactory(lab=cast.lab)  # someone else's
    page = parse(client_for(cast.member).get("/accounts/profile/"))
    items = page.select("#your-applications-list li")
    assert [text_of(item).split(":")[0] for item in items] == ["The lab", "Another lab"]
    assert "Waiting for the lab team" in text_of(items[0])
    assert "you applied on 3 March 2026" in text_of(items[1])
    assert [item.select_one("a")["href"] for item in items] == [
        "/labs/the-lab/participants/application/",
        "/labs/other-lab/participants/application/",
    ]


def test_your_account_says_nothing_about_applications_to_someone_who_sent_none(cast, client_for):
    ApplicationFactory(lab=cast.lab)
    assert parse(client_for(cast.member).get("/accounts/profile/")).select_one("#your-applications") is None


def header_links(page) -> dict[str, str]:
    return {text_of(a): a["href"] for a in page.select(".nhsuk-header__account a")}


@pytest.mark.parametrize("path", ["/labs/the-lab/", "/labs/the-lab/events/?page=2"])
def test_the_headers_sign_in_links_come_back_to_the_page(cast, client, path):
    links = header_links(parse(client.get(path)))
    for text in ("Sign in", "Create an account"):
        assert parse_qs(urlsplit(links[text]).query) == {"next": [path]}


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/"])
def test_the_headers_sign_in_links_do_not_come_back_to_sign_in_pages_or_home(cast, client, path):
    links = header_links(parse(client.get(path)))
    assert links == {"Sign in": "/accounts/login/", "Create an account": "/accounts/signup/"}


def test_someone_who_creates_an_account_from_the_header_comes_back_to_the_lab_page(cast, client):
    lab_page = parse(client.get("/labs/the-lab/events/"))
    signup_page = parse(client.get(header_links(lab_page)["Create an account"]))
    form = signup_page.select_one("main form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    assert fields["next"] == "/labs/the-lab/events/"
    fields.update(email="new.person@example.org", display_name="Robin", password1=PASSWORD, password2=PASSWORD)
    response = client.post(form.get("action") or "/accounts/signup/", fields)
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"

    confirm_url = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == "/labs/the-lab/events/"
    page = parse(client.get(response["Location"]))
    assert "Robin" in header_links(page)


def test_someone_who_signs_in_from_the_header_comes_back_to_the_lab_page(cast, client):
    lab_page = parse(client.get("/labs/the-lab/posts/"))
    sign_in_page = parse(client.get(header_links(lab_page)["Sign in"]))
    form = sign_in_page.select_one("main form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    fields.update(login=cast.member.email, password=PASSWORD)
    response = client.post(form.get("action") or "/accounts/login/", fields)
    assert response.status_code == 302 and response["Location"] == "/labs/the-lab/posts/"
