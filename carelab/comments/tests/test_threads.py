"""The thread under a post: one level of replies, and placeholders that keep replies in place."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory
from carelab.comments.threads import build_thread
from carelab.core.tests.html import parse, text_of


def create_url(post):
    return reverse("comments:create", args=[post.lab.slug, post.pk])


def thread_shape(post, user) -> list[tuple[str, list[str]]]:
    """What a person sees: each top-level comment's text or placeholder, with its replies'."""

    def label(view):
        return view.placeholder or view.comment.body

    return [(label(view), [label(reply) for reply in view.replies]) for view in build_thread(post, user)]


def test_reply_joins_the_thread_under_its_comment(cast, post, agreed, client_for):
    agreed(cast.team)
    top = CommentFactory(post=post, body="Top")
    client_for(cast.team).post(create_url(post), {"body": "A reply", "parent": top.pk})
    reply = Comment.objects.get(body="A reply")
    assert reply.parent == top
    page = parse(client_for(None).get(post.get_absolute_url()))
    thread = page.select_one(f"#comment-{top.pk}").find_parent("li")
    assert text_of(thread.select_one(".carelab-comments__replies .carelab-comment__body")) == "A reply"


def test_reply_to_a_reply_attaches_to_the_top_level_comment(cast, post, agreed, client_for):
    agreed(cast.team)
    top = CommentFactory(post=post, body="Top")
    first_reply = CommentFactory(post=post, parent=top, body="First reply")
    client_for(cast.team).post(create_url(post), {"body": "Second reply", "parent": first_reply.pk})
    assert Comment.objects.get(body="Second reply").parent == top
    assert thread_shape(post, AnonymousUser()) == [("Top", ["First reply", "Second reply"])]


def test_reply_links_point_at_the_top_level_comment(cast, post, policy, client_for):
    top = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=top)
    page = parse(client_for(cast.member).get(post.get_absolute_url()))
    reply_link = page.select_one(f"#comment-{reply.pk} a[href*='?parent=']")
    assert text_of(reply_link).startswith("Reply")
    assert reply_link["href"] == f"{create_url(post)}?parent={top.pk}"


@pytest.mark.parametrize("status", [Comment.Status.HIDDEN, Comment.Status.DELETED])
def test_no_reply_link_is_offered_under_a_comment_that_is_hidden_or_deleted(cast, post, policy, client_for, status):
    top = CommentFactory(post=post, status=status)
    reply = CommentFactory(post=post, parent=top)
    page = parse(client_for(cast.member).get(post.get_absolute_url()))
    assert page.select_one(f"#comment-{reply.pk}") is not None
    assert page.select("#comments a[href*='?parent=']") == []
    assert client_for(cast.member).get(f"{create_url(post)}?parent={top.pk}").status_code == 404


def test_reply_page_quotes_the_comment_and_keeps_the_parent(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    top = CommentFactory(post=post, body="Top comment", author=cast.participant)
    page = parse(client_for(cast.member).get(f"{create_url(post)}?parent={top.pk}"))
    assert text_of(page.select_one("h1")) == "Reply to Pat Participant"
    assert "Top comment" in text_of(page.select_one(".carelab-comments__replying-to"))
    assert page.select_one("main form input[name=parent]")["value"] == str(top.pk)


def test_reply_to_a_comment_that_is_not_published_is_refused(cast, post, agreed, client_for):
    agreed(cast.member)
    waiting = CommentFactory(post=post, pending=True)
    response = client_for(cast.member).post(create_url(post), {"body": "Sneaky reply", "parent": waiting.pk})
    assert response.status_code == 404
    assert not Comment.objects.filter(body="Sneaky reply").exists()


def test_reply_to_a_comment_on_another_post_is_refused(cast, post, agreed, client_for):
    agreed(cast.member)
    elsewhere = CommentFactory(post__lab=cast.lab)
    response = client_for(cast.member).post(create_url(post), {"body": "Wrong place", "parent": elsewhere.pk})
    assert response.status_code == 404
    assert not Comment.objects.filter(body="Wrong place").exists()


def test_hiding_a_comment_keeps_its_replies(cast, post, client_for):
    top = CommentFactory(post=post, body="Top")
    CommentFactory(post=post, parent=top, body="Reply")
    client_for(cast.team).post(reverse("comments:hide", args=["the-lab", top.pk]), {"reason": "Off topic."})
    assert thread_shape(post, AnonymousUser()) == [("This comment was hidden by the lab team", ["Reply"])]
    page = parse(client_for(None).get(post.get_absolute_url()))
    assert "Top" not in [text_of(node) for node in page.select(".carelab-comment__body")]
    assert "This comment was hidden by the lab team" in text_of(page.select_one("#comments"))


def test_hidden_comment_without_replies_disappears_for_others_but_not_its_author(cast, post, client_for):
    hidden = CommentFactory(post=post, author=cast.member, status=Comment.Status.HIDDEN, decision_reason="Rude.")
    assert thread_shape(post, cast.participant) == []
    assert thread_shape(post, AnonymousUser()) == []
    page = parse(client_for(cast.member).get(post.get_absolute_url()))
    article = page.select_one(f"#comment-{hidden.pk}")
    assert "This comment was hidden by the lab team" in text_of(article)
    assert "Rude." in text_of(article.select_one(".carelab-comment__reason"))


def test_deleted_comment_shows_a_placeholder_only_when_it_has_replies(cast, post):
    kept = CommentFactory(post=post, author=None, status=Comment.Status.DELETED, body="gone")
    CommentFactory(post=post, parent=kept, body="Reply")
    CommentFactory(post=post, author=None, status=Comment.Status.DELETED, body="gone too")
    assert thread_shape(post, AnonymousUser()) == [("This comment was deleted", ["Reply"])]


def test_placeholder_with_only_waiting_replies_is_not_shown_to_others(cast, post):
    hidden = CommentFactory(post=post, status=Comment.Status.HIDDEN)
    CommentFactory(post=post, parent=hidden, author=cast.member, pending=True, body="Mine, waiting")
    assert thread_shape(post, cast.participant) == []
    assert thread_shape(post, cast.member) == [("This comment was hidden by the lab team", ["Mine, waiting"])]


def test_thread_lists_comments_oldest_first(cast, post):
    now = timezone.now()
    CommentFactory(post=post, body="Newer", created_at=now - timedelta(minutes=1))
    CommentFactory(post=post, body="Older", created_at=now - timedelta(hours=1))
    assert [label for label, _ in thread_shape(post, AnonymousUser())] == ["Older", "Newer"]


def test_comment_count_counts_published_comments_and_replies(cast, post, client_for):
    top = CommentFactory(post=post)
    CommentFactory(post=post, parent=top)
    CommentFactory(post=post, pending=True)
    page = parse(client_for(None).get(post.get_absolute_url()))
    assert text_of(page.select_one("#comments-heading")) == "Comments (2)"


def test_a_reply_page_for_a_nonsense_parent_is_not_found(cast, post, policy, client_for):
    assert client_for(cast.member).get(f"{create_url(post)}?parent=abc").status_code == 404
    assert client_for(cast.member).post(create_url(post), {"body": "x", "parent": "1e3"}).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("parent", ["²", "9" * 30, "1\x00"])
def test_a_reply_to_a_comment_number_that_cannot_exist_is_not_found(cast, post, agreed, client_for, parent):
    agreed(cast.member)
    response = client_for(cast.member).post(create_url(post), {"body": "Odd reply", "parent": parent})
    assert response.status_code == 404
    assert not Comment.objects.filter(body="Odd reply").exists()
