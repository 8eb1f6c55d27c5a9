"""One safeguarding queue for flags from every source: named by where the words were written, linked
to the source's team page while it exists, filtered by source, and its queries flat whatever the mix."""

from itertools import count

import pytest

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.factories import UserFactory
from carelab.comments.actions import comment_source
from carelab.comments.tests.factories import CommentFactory
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.core.your_data import collect
from carelab.events.actions import registration_source
from carelab.events.tests.factories import EventFactory, RegistrationFactory
from carelab.participants.actions import application_source
from carelab.participants.tests.factories import ApplicationFactory
from carelab.posts.tests.factories import PostFactory
from carelab.safeguarding import actions
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory
from carelab.surveys.tests.factories import SurveyFactory

QUEUE = "/labs/the-lab/safeguarding/"
POST_NUMBERS = count()
URGENT = {"risk": {"level": "urgent", "reasons": ["the lab's phrase “can't go on”"]}}


def raise_for(lab, source, person):
    return actions.raise_flag(lab=lab, source=source, person=person, reasons=["risk_words"], details=URGENT)


def comment_flag(cast, writer=None, post_title="Launch"):
    writer = writer or UserFactory(display_name="Casey Commenter")
    post = PostFactory(lab=cast.lab, title=post_title, slug=f"post-{next(POST_NUMBERS)}")
    comment = CommentFactory(post=post, author=writer, pending=True)
    return raise_for(cast.lab, comment_source(comment), writer), comment


def application_flag(cast, writer=None):
    application = ApplicationFactory(lab=cast.lab, applicant=writer or UserFactory(display_name="Avery Applicant"))
    return raise_for(cast.lab, application_source(application), application.applicant), application


def registration_flag(cast, writer=None):
    registration = RegistrationFactory(
        event=EventFactory(lab=cast.lab, title="Living with pain"), user=writer or UserFactory()
    )
    return raise_for(cast.lab, registration_source(registration), registration.user), registration


def survey_flag(cast):
    return SafeguardingFlagFactory(lab=cast.lab, survey=SurveyFactory(lab=cast.lab, title="Share your experience"))


def rows(response) -> dict[int, dict]:
    """Each row's flag id: the source cell's text and its links."""
    found = {}
    for row in parse(response).select("#flags tbody tr"):
        cell = row.select_one(".carelab-flags__source")
        found[int(row["id"].removeprefix("flag-"))] = {
            "text": text_of(cell),
            "links": [(" ".join(link.get_text().split()), link["href"]) for link in cell.select("a")],
        }
    return found


@pytest.fixture
def team_client(cast, client_for):
    return client_for(cast.team)


def test_every_source_is_in_the_one_queue_named_with_its_writer_and_a_link_to_its_team_page(cast, team_client):
    survey = survey_flag(cast)
    comment, held = comment_flag(cast)
    application, sent = application_flag(cast)
    registration, registered = registration_flag(cast)
    found = rows(team_client.get(QUEUE))
    assert set(found) == {survey.pk, comment.pk, application.pk, registration.pk}

    assert found[survey.pk]["text"] == f"Survey answers: Share your experience, response {survey.response_reference}"
    assert found[survey.pk]["links"] == [(found[survey.pk]["text"], f"{QUEUE}{survey.pk}/")]

    assert found[comment.pk]["links"] == [
        ("Comment on “Launch”", f"{QUEUE}{comment.pk}/"),
        ("Open the comment: Comment on “Launch”", f"/labs/the-lab/comments/{held.pk}/history/"),
    ]
    assert "Written by Casey Commenter" in found[comment.pk]["text"]
    assert found[application.pk]["links"][1] == (
        "Open the application: Application to take part",
        f"/labs/the-lab/participants/team/applications/{sent.pk}/",
    )
    assert "Written by Avery Applicant" in found[application.pk]["text"]
    assert found[registration.pk]["links"][1][1] == (
        f"/labs/the-lab/events/team/{registered.event_id}/registrations/#registration-{registered.pk}"
    )
    assert found[registration.pk]["links"][0][0] == "Registration for “Living with pain”"


def test_a_deleted_source_is_no_longer_linked_and_a_deleted_writer_is_not_named(cast, team_client):
    writer = UserFactory(display_name="Casey Commenter")
    flag, comment = comment_flag(cast, writer)
    comment.post.delete()  # the comment goes with its post; the flag and its history stay
    delete_account(writer)
    (row,) = rows(team_client.get(QUEUE)).values()
    assert [text for text, _href in row["links"]] == ["Comment on “Launch”"]
    assert "The comment has since been deleted" in row["text"]
    assert "Written by Someone no longer on CareLab" in row["text"]
    detail = parse(team_client.get(f"{QUEUE}{flag.pk}/"))
    assert text_of(detail.select_one("#flag-writer .nhsuk-summary-list__value")) == "Someone no longer on CareLab"
    assert detail.select_one("#flag-source-link") is None


def test_the_queue_filters_by_source_and_counts_each_choice(cast, team_client):
    survey = survey_flag(cast)
    comments = [comment_flag(cast)[0], comment_flag(cast)[0]]
    application, _ = application_flag(cast)
    actions.close_flag(flag=comments[1], by=cast.team, outcome="Spoke to the lab lead.")

    response = team_client.get(QUEUE, {"source": "comment"})
    assert set(rows(response)) == {comments[0].pk}
    page = parse(response)
    assert page.select_one("select[name=source] option[selected]")["value"] == "comment"
    options = [text_of(option) for option in page.select("select[name=source] option")]
    assert options == [
        "Anywhere (3)",  # open flags, as the status filter says
        "Survey answers (1)",
        "Comment (1)",
        "Profile card (0)",
        "Connect message (0)",
        "Application to take part (1)",
        "Event registration (0)",
        "Test team's measure (0)",
        "Example or story sent to the evidence library (0)",
        "Idea (0)",
    ]
    statuses = [text_of(option) for option in page.select("select[name=status] option")]
    assert statuses == ["Open (new and in review) (1)", "New (1)", "In review (0)", "Closed (1)", "All flags (2)"]
    assert "written in: comment" in text_of(page.select_one("#flags caption"))

    assert set(rows(team_client.get(QUEUE, {"source": "comment", "status": "all"}))) == {f.pk for f in comments}
    assert set(rows(team_client.get(QUEUE, {"source": "application"}))) == {application.pk}
    assert set(rows(team_client.get(QUEUE, {"source": ""}))) == {survey.pk, comments[0].pk, application.pk}


def test_an_unknown_source_says_so_and_keeps_the_chosen_status(cast, team_client):
    open_flag, _ = comment_flag(cast)
    closed, _ = comment_flag(cast)
    actions.close_flag(flag=closed, by=cast.team, outcome="Done.")
    response = team_client.get(QUEUE, {"source": "carrier-pigeon", "status": "closed"})
    errors = [text_of(item) for item in parse(response).select(".nhsuk-error-summary__list li")]
    assert errors == ["Choose where the words were written from the list"]
    assert set(rows(response)) == {closed.pk}


def test_pages_of_a_filtered_queue_keep_the_filter(cast, team_client, monkeypatch):
    monkeypatch.setattr("carelab.safeguarding.views.FLAGS_PER_PAGE", 1)
    comment_flag(cast)
    comment_flag(cast)
    survey_flag(cast)
    next_link = parse(team_client.get(QUEUE, {"source": "comment"})).select_one(".nhsuk-pagination__link--next")
    assert next_link["href"] == "?source=comment&page=2"


def test_a_flag_from_words_outside_a_survey_says_where_and_who_but_nothing_about_contact(cast, team_client):
    flag, comment = comment_flag(cast)
    page = parse(team_client.get(f"{QUEUE}{flag.pk}/"))
    summary = {
        text_of(row.select_one(".nhsuk-summary-list__key")): text_of(row.select_one(".nhsuk-summary-list__value"))
        for row in page.select("#flag-summary .nhsuk-summary-list__row")
    }
    assert list(summary) == ["Why it was flagged", "Where it was written", "Written by", "Raised", "Last change"]
    assert summary["Written by"] == "Casey Commenter"
    assert summary["Where it was written"].startswith("Comment on “Launch”")
    assert page.select_one("#flag-source-link")["href"] == f"/labs/the-lab/comments/{comment.pk}/history/"
    assert text_of(page.select_one("h1")) == "Flag: Comment on “Launch”"
    assert "in the comment: the lab's phrase “can't go on”" in text_of(page.select_one("#flag-reasons"))
    assert page.select_one("#flag-contact") is None and page.select_one("#contact-how") is None


def test_a_survey_flag_never_names_who_answered(cast, team_client):
    person = UserFactory(display_name="Sam Surveyed")
    flag = survey_flag(cast)
    SafeguardingFlag.objects.filter(pk=flag.pk).update(person=person)
    page = parse(team_client.get(f"{QUEUE}{flag.pk}/"))
    assert "Sam Surveyed" not in text_of(page.select_one("main"))
    assert "Sam Surveyed" not in text_of(parse(team_client.get(QUEUE)).select_one("main"))
    assert page.select_one("#flag-contact") is not None


@pytest.mark.parametrize("choice", [{}, {"source": "comment"}, {"status": "all", "source": "application"}])
def test_the_queue_makes_the_same_queries_for_a_few_and_many_flags_from_mixed_sources(cast, client_for, choice):
    client = client_for(cast.team)

    def add(count):
        for _ in range(count):
            survey_flag(cast)
            comment_flag(cast)
            application, _ = application_flag(cast)
            registration_flag(cast)
            actions.close_flag(flag=application, by=cast.team, outcome="Done.")

    def count_queries():
        with PageQueries() as context:
            response = client.get(QUEUE, choice)
        assert response.status_code == 200
        return len(context)

    add(1)
    few = count_queries()
    add(8)
    assert count_queries() == few


def test_your_data_lists_flags_raised_by_the_persons_words_from_any_source(cast):
    writer = UserFactory(display_name="Casey Commenter")
    comment, _ = comment_flag(cast, writer)
    application, _ = application_flag(cast, writer)
    comment_flag(cast)  # someone else's
    (section,) = [section for section in collect(writer) if section.key == "safeguarding_flags"]
    where = [dict(record)["Where you wrote it"] for record in section.records]
    assert where == ["Comment on “Launch”", "Application to take part"]
    assert dict(section.records[0])["What raised it"] == [
        "Words suggest the person may be at risk (the lab's phrase “can't go on”)"
    ]
    delete_account(writer)
    comment.refresh_from_db()
    application.refresh_from_db()
    assert comment.person is None and application.person is None  # kept for the lab's records, without a name
