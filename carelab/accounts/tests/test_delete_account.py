from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from carelab.accounts.actions import delete_account
from carelab.accounts.models import User
from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.accounts.tests.pages import assert_accessible_page
from carelab.comments.models import Comment, CommentPolicy, ModerationEvent, PolicyAcceptance, Report
from carelab.core.tests.html import text_of
from carelab.core.tests.queries import PageQueries
from carelab.labs.models import Membership
from carelab.labs.tests.factories import LabFactory, MembershipFactory
from carelab.posts.models import Post


@pytest.fixture
def lab(db):
    return LabFactory()


@pytest.fixture
def post(lab):
    return Post.objects.create(
        lab=lab, title="An update", slug="an-update", summary="News.", body="Body.", status=Post.Status.PUBLISHED
    )


def _comment(post, author, body="What I think", parent=None, **fields):
    return Comment.objects.create(post=post, author=author, body=body, parent=parent, **fields)


def test_deleting_an_account_erases_comments_but_keeps_them_as_tombstones(post):
    leaver = UserFactory(display_name="Leaver")
    other = UserFactory(display_name="Other")
    comment = _comment(
        post,
        leaver,
        "I have back pain and feel low",
        status=Comment.Status.APPROVED,
        risk_level="urgent",
        risk_reasons=["the lab's phrase “feel low”"],
        hold_reasons=["risk"],
        decision_reason="Approved after a check",
    )
    pending = _comment(post, leaver, "Waiting for approval", status=Comment.Status.PENDING)
    reply = _comment(post, other, "A reply from someone else", parent=comment, status=Comment.Status.APPROVED)

    delete_account(leaver)

    assert not User.objects.filter(pk=leaver.pk).exists()
    for erased in (comment, pending):
        erased.refresh_from_db()
        assert erased.body == ""
        assert erased.status == Comment.Status.DELETED
        assert erased.author is None
        assert (
            erased.risk_reasons == []
            and erased.risk_level == ""
            and erased.hold_reasons == []
            and erased.decision_reason == ""
        )
        event = ModerationEvent.objects.get(comment=erased)
        assert event.action == ModerationEvent.Action.AUTHOR_DELETED and event.actor is None
    reply.refresh_from_db()
    assert reply.body == "A reply from someone else"
    assert reply.author == other and reply.parent_id == comment.pk
    assert reply.status == Comment.Status.APPROVED


def test_deleting_an_account_keeps_posts_without_an_author(post):
    writer = UserFactory()
    post.author = writer
    post.save(update_fields=["author"])

    delete_account(writer)

    post.refresh_from_db()
    assert post.author is None and post.title == "An update"


def test_deleting_an_account_keeps_only_the_reason_of_reports_they_made(post):
    reporter = UserFactory()
    reported = _comment(post, UserFactory(), "Something rude", status=Comment.Status.APPROVED)
    report = Report.objects.create(comment=reported, reporter=reporter, reason="This is rude")

    delete_account(reporter)

    report.refresh_from_db()
    assert report.reporter is None and report.reason == "This is rude"
    reported.refresh_from_db()
    assert reported.body == "Something rude"


def test_deleting_an_account_removes_memberships_agreements_addresses_and_authenticators(lab):
    leaver = UserFactory()
    MembershipFactory(lab=lab, user=leaver)
    policy = CommentPolicy.objects.create(lab=lab, version=1, body="Be kind.")
    PolicyAcceptance.objects.create(user=leaver, policy=policy)
    TOTP.activate(leaver, generate_totp_secret())
    keeper = UserFactory()
    MembershipFactory(lab=lab, user=keeper)

    delete_account(leaver)

    assert not Membership.objects.filter(user_id=leaver.pk).exists()
    assert not PolicyAcceptance.objects.filter(user_id=leaver.pk).exists()
    assert not EmailAddress.objects.filter(user_id=leaver.pk).exists()
    assert not Authenticator.objects.filter(user_id=leaver.pk).exists()
    assert Membership.objects.filter(user=keeper).exists()
    assert EmailAddress.objects.filter(user=keeper).exists()
    assert CommentPolicy.objects.filter(pk=policy.pk).exists()


def test_deleting_an_account_signs_it_out_everywhere(db):
    leaver = UserFactory()
    keeper = UserFactory()
    for person in (leaver, leaver, keeper):
        Client().force_login(person)
    assert Session.objects.count() == 3

    delete_account(leaver)

    remaining = [session.get_decoded().get("_auth_user_id") for session in Session.objects.all()]
    assert remaining == [str(keeper.pk)]


def test_deleting_an_account_takes_the_same_number_of_queries_however_many_comments(post):
    def queries_to_delete(comment_count):
        person = UserFactory()
        for _ in range(comment_count):
            _comment(post, person)
        with PageQueries() as captured:
            delete_account(person)
        return len(captured)

    assert queries_to_delete(1) == queries_to_delete(6)


def test_delete_page_explains_what_is_removed_and_what_is_kept(client_for, post):
    person = UserFactory()
    _comment(post, person, "My story", status=Comment.Status.APPROVED)
    page = assert_accessible_page(client_for(person).get("/accounts/delete/"), title="Delete your account")
    removed = text_of(page.select_one("#what-we-remove"))
    kept = text_of(page.select_one("#what-we-keep"))
    assert "Your email addresses (1)" in removed and "password" in removed
    assert "Your comments (1): Your words are deleted" in kept
    assert "This comment was deleted" in kept and "replies" in kept and "Posts you wrote" in kept
    assert "we replace your name, email addresses and phone numbers with “[removed]”" in text_of(
        page.select_one("#names-removed")
    )
    assert page.select_one("input[name=password][type=password]")
    assert page.select_one("input[name=confirm][type=checkbox]")


def test_delete_needs_the_right_password_and_the_confirmation(client_for, db):
    person = UserFactory()
    client = client_for(person)
    response = client.post("/accounts/delete/", {"password": "wrong-password"})
    page = assert_accessible_page(response, title="Error: Delete your account")
    summary = page.select_one(".nhsuk-error-summary")
    assert text_of(summary.select_one("a[href='#id_password']")) == "The password is not correct"
    assert summary.select_one("a[href='#id_confirm']")
    assert User.objects.filter(pk=person.pk).exists()

    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_through_the_page_signs_the_person_out_and_tells_them(client_for, post):
    person = UserFactory()
    comment = _comment(post, person, "My story", status=Comment.Status.APPROVED)
    client = client_for(person)

    response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=person.pk).exists()
    assert "_auth_user_id" not in client.session
    page = assert_accessible_page(client.get("/"))
    assert "Your account has been deleted" in text_of(page.select_one(".nhsuk-notification-banner"))
    assert page.select_one("header a[href='/accounts/login/']")
    comment.refresh_from_db()
    assert comment.body == "" and comment.status == Comment.Status.DELETED


def test_after_deletion_the_thread_shows_a_placeholder_and_keeps_other_peoples_replies(client, post):
    from django.utils import timezone

    post.published_at = timezone.now() - timezone.timedelta(days=1)
    post.save(update_fields=["published_at"])
    leaver = UserFactory(display_name="Leaver")
    comment = _comment(post, leaver, "My own story", status=Comment.Status.APPROVED)
    _comment(post, UserFactory(display_name="Replier"), "Thank you for sharing", comment, status="approved")

    delete_account(leaver)

    page = assert_accessible_page(client.get(post.get_absolute_url()))
    text = text_of(page.select_one("main"))
    assert "This comment was deleted" in text
    assert "Thank you for sharing" in text and "Replier" in text
    assert "My own story" not in text and "Leaver" not in text


def test_deleting_an_account_gives_its_place_at_an_event_to_the_first_person_waiting(lab):
    from carelab.events.models import Registration
    from carelab.events.tests.factories import EventFactory, RegistrationFactory

    event = EventFactory(lab=lab, capacity=1)
    leaving = RegistrationFactory(event=event).user
    waiting = RegistrationFactory(event=event, waiting=True)
    delete_account(leaving)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert not Registration.objects.filter(user_id=leaving.pk).exists()


@override_settings(
    SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "deletion"}},
)
def test_deleting_an_account_leaves_no_copy_of_its_sessions_in_the_cache(db):
    """With Redis, sessions are read from the cache first (`cached_db`): the cached copy must go too."""
    leaver = UserFactory()
    client = Client()
    client.force_login(leaver)
    session_key = client.cookies["sessionid"].value
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert store(session_key=session_key).load().get("_auth_user_id") == str(leaver.pk)

    delete_account(leaver)

    assert store(session_key=session_key).load() == {}
