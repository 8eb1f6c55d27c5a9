"""Every page each person in the cast can reach passes axe-core, with comments in every state."""

import pytest
from django.urls import reverse
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.browser_fixtures import axe_check, take_console_errors
from carelab.comments.models import Comment
from carelab.comments.tests.factories import (
    CommentFactory,
    CommentPolicyFactory,
    PolicyAcceptanceFactory,
    ReportFactory,
)
from carelab.conftest import CAST_ROLES
from carelab.posts.tests.factories import PostFactory

pytestmark = pytest.mark.browser

SIGNED_IN = {"member", "participant", "team", "other_team", "admin"}
LAB_TEAM = {"team", "admin"}


def comments_in_every_state(cast):
    """A post whose thread holds every kind of comment, and the pages that moderate them."""
    policy = CommentPolicyFactory(lab=cast.lab, version=1)
    PolicyAcceptanceFactory(user=cast.participant, policy=policy)  # the member has not agreed yet
    post = PostFactory(lab=cast.lab, title="What we heard", slug="what-we-heard", author=cast.team)
    decided = {"decided_at": timezone.now(), "decided_by": cast.team}
    published = CommentFactory(post=post, author=cast.participant, body="Walking groups helped.\n\nSo did sleep.")
    CommentFactory(post=post, parent=published, author=cast.member, body="Same for me.")
    CommentFactory(post=post, author=cast.member, body="Waiting for the team.", pending=True)
    CommentFactory(
        post=post,
        author=cast.member,
        body="Call me on 07700 900123.",
        status=Comment.Status.REJECTED,
        decision_reason="It shares a phone number.",
        **decided,
    )
    hidden = CommentFactory(
        post=post, author=cast.participant, status=Comment.Status.HIDDEN, decision_reason="Unkind.", **decided
    )
    CommentFactory(post=post, parent=hidden, author=UserFactory(), body="A reply that stays.")
    deleted = CommentFactory(post=post, author=None, status=Comment.Status.DELETED, body="")
    CommentFactory(post=post, parent=deleted, author=cast.member, body="Replying to a deleted comment.")
    CommentFactory(post=post, author=None, body="From someone who has left.")
    CommentFactory(post=post, author=cast.participant, body="I can't go on some days.", pending=True)
    ReportFactory(comment=published, reporter=cast.member)
    return post, published


def pages_for(role, cast, post, comment):
    lab = cast.lab.slug
    urls = [
        "/",
        cast.lab.get_absolute_url(),
        reverse("posts:list", args=[lab]),
        post.get_absolute_url(),
        reverse("comments:policy", args=[lab]),
    ]
    if role in SIGNED_IN:
        urls += [reverse("accounts:profile"), reverse("accounts:delete"), reverse("mfa_index")]
    if role in LAB_TEAM:
        urls += [
            reverse("team_index"),
            reverse("labs:team_dashboard", args=[lab]),
            reverse("comments:queue", args=[lab]),
            reverse("comments:reports", args=[lab]),
            reverse("comments:history", args=[lab, comment.pk]),
            reverse("posts:team_list", args=[lab]),
            reverse("posts:create", args=[lab]),
            reverse("posts:edit", args=[lab, post.pk]),
            reverse("labs:team_settings", args=[lab]),
            reverse("comments:policy_edit", args=[lab]),
        ]
    if role == "other_team":
        urls += [reverse("labs:team_dashboard", args=[cast.other_lab.slug])]
    return urls


@pytest.mark.parametrize("role", CAST_ROLES)
def test_every_page_a_person_can_reach_is_accessible(page, sign_in_browser, cast, role):
    post, comment = comments_in_every_state(cast)
    if role != "anonymous":
        sign_in_browser(page, cast.person(role))

    for url in pages_for(role, cast, post, comment):
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        assert response.url.endswith(url), (url, response.url)  # not sent to sign in
        axe_check(page)


def test_the_page_refusing_another_labs_team_is_accessible(page, sign_in_browser, cast):
    sign_in_browser(page, cast.other_team)

    response = page.goto(reverse("comments:queue", args=[cast.lab.slug]))

    assert response.status == 403
    axe_check(page)
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
    # Chromium logs every 4xx document as a failed load; this one is expected.
    assert [error for error in take_console_errors(page) if "403" not in error] == []
