"""Public pages kept for visitors who are not signed in (decision 0043): each write shows at the next
request, time-driven changes show when their moment comes, and nothing kept crosses people."""

from datetime import timedelta
from unittest import mock

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils import timezone

from carelab.comments.actions import approve_comment
from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.events.actions import cancel_event
from carelab.events.tests.factories import EventFactory
from carelab.labs.tests.factories import PhaseFactory
from carelab.posts.models import Post
from carelab.posts.tests.factories import PostFactory
from carelab.surveys.actions.builder import set_status
from carelab.surveys.models import Survey
from carelab.surveys.tests.factories import SurveyFactory

LAB_HOME = "/labs/the-lab/"


def main_text(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return text_of(parse(response).select_one("main"))


def test_a_second_visitor_gets_the_kept_page_with_one_query_to_check_it_is_current(cast):
    PostFactory(lab=cast.lab, title="Kept news")
    first = Client().get(LAB_HOME)

    with PageQueries() as queries:
        second = Client().get(LAB_HOME)

    # Nothing but the content version, from the shared cache (here the database's cache table).
    assert len(queries) == 0 and len(queries.captured_queries) == queries.version_statements == 1

    assert second.content == first.content
    assert "Kept news" in text_of(parse(second))


def test_a_post_published_shows_on_the_lab_home_at_the_next_request(cast):
    visitor = Client()
    assert "Fresh news" not in main_text(visitor, LAB_HOME)

    PostFactory(lab=cast.lab, title="Fresh news")

    assert "Fresh news" in main_text(visitor, LAB_HOME)


def test_a_comment_approved_shows_on_the_post_page_at_the_next_request(cast):
    post = PostFactory(lab=cast.lab)
    comment = CommentFactory(post=post, body="Waiting for a moderator to read this.", status=Comment.Status.PENDING)
    visitor = Client()
    assert "Waiting for a moderator" not in main_text(visitor, post.get_absolute_url())

    approve_comment(comment=comment, moderator=cast.team)

    assert "Waiting for a moderator" in main_text(visitor, post.get_absolute_url())


def test_a_phase_changed_shows_on_the_lab_home_at_the_next_request(cast):
    today = timezone.localdate()
    phase = PhaseFactory(lab=cast.lab, name="Listening", starts_on=today, ends_on=today + timedelta(days=5))
    visitor = Client()
    assert "Listening" in main_text(visitor, LAB_HOME)

    phase.name = "Testing ideas"
    phase.save(update_fields=["name"])

    text = main_text(visitor, LAB_HOME)
    assert "Testing ideas" in text and "Listening" not in text


def test_a_survey_closed_shows_as_closed_at_the_next_request(cast):
    survey = SurveyFactory(lab=cast.lab, title="Tell us about waiting lists")
    start = f"/labs/the-lab/surveys/{survey.slug}/"
    visitor = Client()
    assert visitor.get(start).status_code == 200
    assert "Tell us about waiting lists" in main_text(visitor, LAB_HOME)

    set_status(survey, Survey.Status.CLOSED)

    assert visitor.get(start).status_code == 404
    assert "Tell us about waiting lists" not in main_text(visitor, LAB_HOME)


def test_an_event_cancelled_shows_on_the_events_list_at_the_next_request(cast):
    event = EventFactory(lab=cast.lab, title="Open evening")
    visitor = Client()
    assert "Cancelled" not in main_text(visitor, "/labs/the-lab/events/")

    cancel_event(event=event, message="The room is not available.")

    assert "Cancelled" in main_text(visitor, "/labs/the-lab/events/")


def test_a_change_made_by_a_bulk_update_shows_at_the_next_request(cast):
    post = PostFactory(lab=cast.lab, title="First title")
    visitor = Client()
    assert "First title" in main_text(visitor, post.get_absolute_url())

    Post.objects.filter(pk=post.pk).update(title="Second title")  # no save(), no signals

    assert "Second title" in main_text(visitor, post.get_absolute_url())


def test_a_post_due_later_shows_on_the_lab_home_when_its_time_comes(cast):
    due = timezone.now() + timedelta(minutes=10)
    PostFactory(lab=cast.lab, title="Scheduled news", published_at=due)
    visitor = Client()
    assert "Scheduled news" not in main_text(visitor, LAB_HOME)

    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(seconds=1)):
        assert "Scheduled news" in main_text(visitor, LAB_HOME)


def test_a_survey_that_closes_later_stops_being_offered_when_it_closes(cast):
    closes = timezone.now() + timedelta(hours=2)
    survey = SurveyFactory(lab=cast.lab, title="Short survey", closes_at=closes)
    visitor = Client()
    assert "Short survey" in main_text(visitor, LAB_HOME)

    with mock.patch("django.utils.timezone.now", return_value=closes + timedelta(seconds=1)):
        assert "Short survey" not in main_text(visitor, LAB_HOME)
        assert visitor.get(f"/labs/the-lab/surveys/{survey.slug}/").status_code == 404


def test_a_signed_in_person_never_gets_the_page_kept_for_visitors(cast, client_for):
    Client().get(LAB_HOME)
    Client().get(LAB_HOME)

    header = text_of(parse(client_for(cast.participant).get(LAB_HOME)).select_one("header"))

    assert "Pat Participant" in header and "Sign in" not in header


def test_a_visitor_after_a_signed_in_person_gets_the_visitors_page(cast, client_for):
    client_for(cast.participant).get(LAB_HOME)

    header = text_of(parse(Client().get(LAB_HOME)).select_one("header"))

    assert "Sign in" in header and "Pat Participant" not in header


def test_a_message_for_one_person_is_shown_to_them_and_to_no_one_after(cast, client_for):
    Client().get(LAB_HOME)
    leaving = client_for(cast.member)
    leaving.post("/accounts/logout/")

    to_them = text_of(parse(leaving.get(LAB_HOME)).select_one("main"))
    to_the_next = text_of(parse(Client().get(LAB_HOME)).select_one("main"))

    assert "signed out" in to_them
    assert "signed out" not in to_the_next


@pytest.mark.parametrize("visitors", [2, 4])
def test_each_visitor_to_a_kept_form_gets_their_own_csrf_token_and_it_works(cast, visitors):
    survey = SurveyFactory(lab=cast.lab)
    start = f"/labs/the-lab/surveys/{survey.slug}/"
    tokens = []
    for _ in range(visitors):
        visitor = Client(enforce_csrf_checks=True)
        page = parse(visitor.get(start))
        [field] = page.select("input[name=csrfmiddlewaretoken]")
        secret = visitor.cookies["csrftoken"].value
        assert _unmask_cipher_token(field["value"]) == secret
        tokens.append(secret)
        answered = visitor.post(start, {"csrfmiddlewaretoken": field["value"], "take_part": "on", "health_data": "on"})
        assert answered.status_code == 302
    assert len(set(tokens)) == visitors


# As in production: transactions that really commit, and writes outside any transaction.


@pytest.mark.django_db(transaction=True)
def test_a_write_in_a_committed_transaction_starts_a_new_version_when_it_commits():
    from django.core.cache import cache
    from django.db import transaction

    from carelab.core.page_cache import VERSION_KEY
    from carelab.labs.tests.factories import LabFactory

    lab = LabFactory(slug="the-lab")
    visitor = Client()
    assert "Committed news" not in main_text(visitor, LAB_HOME)
    before = cache.get(VERSION_KEY)

    with transaction.atomic():
        PostFactory(lab=lab, title="Committed news")
        assert cache.get(VERSION_KEY) == before  # not while the transaction is open

    assert cache.get(VERSION_KEY) != before
    assert "Committed news" in main_text(visitor, LAB_HOME)


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_starts_a_new_version_before_anything_else_runs():
    from django.core.cache import cache

    from carelab.core.page_cache import VERSION_KEY
    from carelab.labs.tests.factories import LabFactory

    lab = LabFactory(slug="the-lab")
    post = PostFactory(lab=lab, title="First title")
    visitor = Client()
    assert "First title" in main_text(visitor, post.get_absolute_url())
    before = cache.get(VERSION_KEY)

    Post.objects.filter(pk=post.pk).update(title="Second title")

    assert cache.get(VERSION_KEY) != before
    assert "Second title" in main_text(visitor, post.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_never_shows():
    from django.db import transaction

    from carelab.labs.tests.factories import LabFactory

    lab = LabFactory(slug="the-lab")
    Client().get(LAB_HOME)

    with pytest.raises(RuntimeError), transaction.atomic():
        PostFactory(lab=lab, title="Never published")
        raise RuntimeError

    # (It may still start a new version: making a page again is harmless.)
    assert "Never published" not in main_text(Client(), LAB_HOME)


@pytest.mark.parametrize("path", ["/help-now/", LAB_HOME, "/labs/the-lab/events/"])
def test_a_kept_page_served_early_carries_every_header_the_page_had_when_made(cast, path):
    made = Client().get(path)
    Client().get(path)  # kept with the headers it left with

    served = Client().get(path)

    assert served.content == made.content
    assert dict(served.headers) == dict(made.headers)
    assert served.headers["X-Frame-Options"] == "DENY"
    assert "Cookie" in served.headers["Vary"]
    assert "script-src 'self'" in served.headers["Content-Security-Policy"]


def test_a_kept_form_served_early_has_the_headers_it_was_made_with_and_the_visitors_own_token(cast):
    survey = SurveyFactory(lab=cast.lab)
    start = f"/labs/the-lab/surveys/{survey.slug}/"
    made = Client().get(start)
    Client().get(start)  # kept with the headers it left with

    served = Client().get(start)

    assert not hasattr(served.wsgi_request, "session"), "served before the session middleware"
    assert dict(served.headers) == dict(made.headers)
    assert served.cookies["csrftoken"].value != made.cookies["csrftoken"].value
    assert served.cookies["csrftoken"]["httponly"] and served.cookies["csrftoken"]["samesite"] == "Lax"
    [field] = parse(served).select("input[name=csrfmiddlewaretoken]")
    assert _unmask_cipher_token(field["value"]) == served.cookies["csrftoken"].value
    assert len(served.content) == int(served.headers["Content-Length"])


@pytest.mark.parametrize("cookie", ["a" * 32, "not a token"])
def test_a_visitor_served_a_kept_form_early_keeps_a_good_token_cookie_and_has_a_bad_one_replaced(cast, cookie):
    survey = SurveyFactory(lab=cast.lab)
    start = f"/labs/the-lab/surveys/{survey.slug}/"
    for _ in range(2):
        Client().get(start)
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["csrftoken"] = cookie

    served = visitor.get(start)

    assert not hasattr(served.wsgi_request, "session"), "served before the session middleware"
    [field] = parse(served).select("input[name=csrfmiddlewaretoken]")

    secret = _unmask_cipher_token(field["value"])
    assert secret == visitor.cookies["csrftoken"].value
    assert (secret == cookie) == (cookie == "a" * 32)
    answered = visitor.post(start, {"csrfmiddlewaretoken": field["value"], "take_part": "on", "health_data": "on"})
    assert answered.status_code == 302


def test_a_signed_in_person_is_never_served_a_page_kept_early(cast, client_for):
    for _ in range(3):
        Client().get("/help-now/")

    header = text_of(parse(client_for(cast.participant).get("/help-now/")).select_one("header"))

    assert "Pat Participant" in header and "Sign in" not in header


def test_writes_to_sessions_the_cache_and_the_task_queue_keep_the_pages():
    """Only content changes pages: a signed-in visit, the cache's own rows and the worker's bookkeeping
    on its tasks must not throw away every kept page."""
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    from carelab.core.page_cache import _writes_content

    for model in (Session, DBTaskResult):
        table = model._meta.db_table
        assert not _writes_content(f'UPDATE "{table}" SET "x" = 1')
        assert not _writes_content(f'INSERT INTO "{table}" ("x") VALUES (1)')
    assert _writes_content('UPDATE "posts_post" SET "title" = %s')
