"""The "Your data" page, its JSON download, and the account deletion page that lists the same sections."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from markupsafe import Markup

from carelab.accounts.presenters import as_json, download_filename, record_as_dict, value_for_json, value_for_page
from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.accounts.tests.pages import assert_accessible_page
from carelab.comments.models import ModerationEvent
from carelab.comments.tests.factories import CommentFactory
from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.core.your_data import Consent, Section
from carelab.events.tests.factories import RegistrationFactory
from carelab.labs.tests.factories import MembershipFactory
from carelab.participants.models import ConsentWithdrawal
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory

SIGNED_IN_ONLY = ["/accounts/your-data/", "/accounts/your-data/download/"]


# -- Presenters -------------------------------------------------------------------------------------


def test_values_read_as_words_on_the_page():
    moment = datetime(2026, 7, 1, 13, 5, tzinfo=UTC)  # 2:05pm in UK summer time
    assert value_for_page(moment) == "1 July 2026 at 2:05pm"
    assert value_for_page(date(2026, 1, 3)) == "3 January 2026"
    assert value_for_page(True) == "Yes" and value_for_page(False) == "No"
    assert value_for_page(None) == value_for_page("") == value_for_page([]) == "None"
    assert value_for_page(3) == "3"
    assert value_for_page("One line") == "One line"


def test_lists_and_lines_are_escaped_before_they_are_wrapped_in_tags():
    listed = value_for_page(["<b>one</b>", "two"])
    assert isinstance(listed, Markup)
    assert [text_of(li) for li in parse(str(listed)).select("li")] == ["<b>one</b>", "two"]
    assert "<b>" not in listed
    text = value_for_page("First <script>x</script>\nsame paragraph\n\nSecond")
    page = parse(str(text))
    assert [text_of(p) for p in page.select("p")] == ["First <script>x</script> same paragraph", "Second"]
    assert not page.select("script")


def test_json_values_use_iso_dates_in_uk_time():
    assert value_for_json(datetime(2026, 7, 1, 13, 5, tzinfo=UTC)) == "2026-07-01T14:05:00+01:00"
    assert value_for_json(date(2026, 1, 3)) == "2026-01-03"
    assert value_for_json(["a"]) == ["a"] and value_for_json(None) is None


def test_a_label_that_comes_twice_in_a_record_is_numbered_rather_than_lost():
    assert record_as_dict([("Answer", "a"), ("Answer", "b"), ("Answer", "c")]) == {
        "Answer": "a",
        "Answer (2)": "b",
        "Answer (3)": "c",
    }


def test_the_json_shape_and_file_name():
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    consent = Consent("A lab", "Emails", "You may email me.", "v2", given_at=moment, withdrawn_at=moment)
    section = Section(
        "things", "Things", "Deleted.", [[("Name", "Zoë")]], kept_after_deletion=False, consents=[consent]
    )
    assert as_json([section], moment) == {
        "generated_at": "2026-12-31T23:30:00+00:00",
        "sections": {
            "things": {
                "title": "Things",
                "on_deletion": "Deleted.",
                "kept_after_deletion": False,
                "records": [{"Name": "Zoë"}],
                "consents": [
                    {
                        "lab": "A lab",
                        "for": "Emails",
                        "wording": "You may email me.",
                        "wording_version": "v2",
                        "given_at": "2026-12-31T23:30:00+00:00",
                        "withdrawn_at": "2026-12-31T23:30:00+00:00",
                    }
                ],
            }
        },
    }
    assert download_filename(moment) == "carelab-your-data-2026-12-31.json"


# -- Who may see the pages --------------------------------------------------------------------------


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("url", SIGNED_IN_ONLY)
def test_only_the_signed_in_person_sees_their_own_data(client_for, cast, role, url):
    response = client_for(cast.person(role)).get(url)
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
        return
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    body = response.content.decode()
    person = cast.person(role)
    assert person.email in body
    others = [cast.person(other) for other in CAST_ROLES if other not in ("anonymous", role)]
    for other in others:
        # "team@example.org" is inside "other-team@example.org": match whole addresses only.
        assert not re.search(rf"(?<![\w.-]){re.escape(other.email)}", body) and other.display_name not in body


def test_the_pages_refuse_to_change_anything(client_for, cast):
    client = client_for(cast.member)
    for url in SIGNED_IN_ONLY:
        assert client.post(url).status_code == 405


# -- The readable page ------------------------------------------------------------------------------


def test_your_data_page_shows_each_section_with_what_deletion_does(client_for, cast):
    CommentFactory(author=cast.member, post__lab=cast.lab, body="First comment")
    CommentFactory(author=cast.member, post__lab=cast.lab, body="Second comment")
    page = assert_accessible_page(client_for(cast.member).get("/accounts/your-data/"), title="Your data")

    comments = page.select_one("#section-comments")
    assert text_of(comments.select_one("h2")) == "Your comments"
    assert "If you delete your account: Your words are deleted" in text_of(comments)
    assert [text_of(h) for h in comments.select("h3")] == ["Your comments: 1 of 2", "Your comments: 2 of 2"]
    lists = comments.select(".nhsuk-summary-list")
    assert len(lists) == 2
    rows = {
        text_of(r.select_one("dt")): text_of(r.select_one("dd")) for r in lists[1].select(".nhsuk-summary-list__row")
    }
    assert rows["Your comment"] == "Second comment" and rows["Lab"] == "The lab"

    memberships = page.select_one("#section-lab-memberships")
    assert "The lab" in text_of(memberships) and "Member" in text_of(memberships)
    reports = page.select_one("#section-comment-reports")
    assert "We do not hold anything of this kind about you." in text_of(reports)
    assert not reports.select(".nhsuk-summary-list")

    contents = {text_of(a): a["href"] for a in page.select("#your-data-contents a")}
    assert contents["Your comments"] == "#section-comments"
    assert "(2)" in text_of(page.select_one("#your-data-contents a[href='#section-comments']").parent)
    for href in contents.values():
        assert page.select_one(href), f"{href} points nowhere"
    assert page.select_one("#your-data-copies a[href='/accounts/your-data/download/']")
    assert page.select_one("main a[href='/accounts/delete/']")


def test_what_people_typed_is_shown_as_text_and_never_runs(client_for, cast):
    CommentFactory(
        author=cast.member, post__lab=cast.lab, body='<script>alert("x")</script>\n<img src=x onerror=alert(1)>'
    )
    response = client_for(cast.member).get("/accounts/your-data/")
    page = parse(response)
    comments = page.select_one("#section-comments")
    assert not comments.select("script") and not comments.select("img")
    assert '<script>alert("x")</script>' in text_of(comments)


def test_the_page_makes_the_same_number_of_queries_however_much_a_person_has(
    client_for, cast, django_assert_max_num_queries
):
    from carelab.accounts.tests.test_your_data_sections import _linked_response
    from carelab.surveys.tests.factories import SurveyFactory

    person = cast.participant
    survey = SurveyFactory(lab=cast.lab)

    def add_one_of_each():
        comment = CommentFactory(author=person, post__lab=cast.lab)
        ModerationEvent.objects.create(comment=comment, action=ModerationEvent.Action.APPROVED)
        RegistrationFactory(user=person, event__lab=cast.lab)
        application = ApplicationFactory(applicant=person, status="accepted")
        card = ProfileCardFactory(user=person, lab=application.lab)
        ConsentWithdrawal.objects.create(user=person, lab=card.lab, card=card, use="profile_card", wording="Shown")
        MembershipFactory(user=person)
        _linked_response(survey, person)

    client = client_for(person)
    add_one_of_each()
    # A ceiling for the first load (every app's sections, ideas and test teams included); the test is
    # that the second, with five of everything, makes no more.
    with django_assert_max_num_queries(70) as few:
        client.get("/accounts/your-data/")
    for _ in range(4):
        add_one_of_each()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/accounts/your-data/")
    page = parse(response)
    assert len(page.select("#section-comments .nhsuk-summary-list")) == 5
    assert len(page.select("#section-comment-moderation-history .nhsuk-summary-list")) == 5
    assert len(page.select("#section-participant-consent-withdrawals .nhsuk-summary-list")) == 5
    assert len(page.select(".carelab-consent")) > 15


# -- The JSON download ------------------------------------------------------------------------------


def test_the_download_is_a_dated_utf8_json_attachment_of_every_section(client_for, cast):
    cast.member.display_name = "Zoë Member"
    cast.member.save(update_fields=["display_name"])
    CommentFactory(author=cast.member, post__lab=cast.lab, body="I said <this>\non two lines")
    response = client_for(cast.member).get("/accounts/your-data/download/")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="carelab-your-data-') and disposition.endswith('.json"')
    assert "Zoë Member".encode() in response.content  # UTF-8, not \u escapes
    data = json.loads(response.content.decode("utf-8"))
    assert set(data) == {"generated_at", "sections"}
    assert datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    assert date.fromisoformat(disposition.split("your-data-")[1][:10])
    account = data["sections"]["account"]
    assert account["title"] == "Your account" and account["kept_after_deletion"] is False
    assert account["records"][0]["Display name"] == "Zoë Member"
    datetime.fromisoformat(account["records"][0]["Account created"])
    [comment] = data["sections"]["comments"]["records"]
    assert comment["Your comment"] == "I said <this>\non two lines"  # as typed: no HTML added or escaped
    assert data["sections"]["comments"]["kept_after_deletion"] is True
    assert data["sections"]["comment_reports"]["records"] == []
    assert "<p>" not in response.content.decode() and "<li>" not in response.content.decode()
    page = parse(client_for(cast.member).get("/accounts/your-data/"))
    assert list(data["sections"]) == [
        div["id"].removeprefix("section-").replace("-", "_") for div in page.select("main div[id^=section-]")
    ]


# -- The profile and deletion pages -----------------------------------------------------------------


def test_the_profile_links_to_your_data_and_the_download(client_for, db):
    page = assert_accessible_page(client_for(UserFactory()).get("/accounts/profile/"))
    links = {a["href"] for a in page.select("#your-data-links a")}
    assert links == {"/accounts/your-data/", "/accounts/your-data/download/"}


def test_the_delete_page_lists_what_is_deleted_and_what_is_kept_from_the_same_sections(client_for, cast):
    CommentFactory(author=cast.member, post__lab=cast.lab)
    CommentFactory(author=cast.member, post__lab=cast.lab)
    RegistrationFactory(user=cast.member, event__lab=cast.lab)
    page = assert_accessible_page(client_for(cast.member).get("/accounts/delete/"), title="Delete your account")

    removed = [text_of(li) for li in page.select("#what-we-remove li")]
    kept = [text_of(li) for li in page.select("#what-we-keep li")]
    registrations = "Your event registrations (1): Deleted, and any place you hold at an event still to come goes"
    assert f"{registrations} to the next person waiting." in removed
    assert "The labs you have joined (1)" in removed
    assert "Your applications to become a lab participant (none)" in removed
    assert any(item.startswith("Your account (1): Deleted, with your password") for item in removed)
    [comments] = [item for item in kept if item.startswith("Your comments")]
    assert comments.startswith("Your comments (2): Your words are deleted") and "This comment was deleted" in comments
    assert "Posts you wrote (none)" in kept
    assert not any(item.startswith("Your comments") for item in removed)
    assert page.select_one("main a[href='/accounts/your-data/']")


def test_the_delete_page_keeps_the_lists_when_the_password_is_wrong(client_for, cast):
    CommentFactory(author=cast.member, post__lab=cast.lab)
    response = client_for(cast.member).post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    page = assert_accessible_page(response, title="Error: Delete your account")
    assert any(text_of(li).startswith("Your comments (1)") for li in page.select("#what-we-keep li"))
    assert page.select_one("input[name=confirm]").has_attr("checked")


def test_after_deletion_the_json_download_needs_sign_in_again(client_for, cast):
    client = client_for(cast.member)
    client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    response = client.get("/accounts/your-data/download/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
