"""Pages that list comments make the same number of queries however many comments there are."""

import pytest

from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory, ReportFactory
from carelab.core.tests.html import parse
from carelab.core.tests.queries import PageQueries


def add_comments(post, count, author=None):
    """Half top-level, half replies, from different people, one hidden with its reply kept."""
    tops = CommentFactory.create_batch(count // 2, post=post)
    for top in tops:
        CommentFactory(post=post, parent=top)
    tops[0].status = Comment.Status.HIDDEN
    tops[0].save()
    if author is not None:
        CommentFactory(post=post, author=author, pending=True)


def queries_for(client, url) -> int:
    with PageQueries() as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("role", ["anonymous", "member", "team"])
def test_post_page_makes_the_same_queries_for_2_and_200_comments(
    cast, post, policy, client_for, django_assert_num_queries, role
):
    from carelab.posts.tests.factories import PostFactory

    person = cast.person(role)
    client = client_for(person)
    small = PostFactory(lab=cast.lab)
    add_comments(small, 2, author=person if person.is_authenticated else None)
    expected = queries_for(client, small.get_absolute_url())

    add_comments(post, 200, author=person if person.is_authenticated else None)
    with django_assert_num_queries(expected):
        response = client.get(post.get_absolute_url())
    assert len(parse(response).select("#comments article")) >= 200


def test_queue_makes_the_same_queries_for_2_and_100_comments(cast, post, client_for, django_assert_num_queries):
    client = client_for(cast.team)
    CommentFactory.create_batch(2, post=post, pending=True)
    expected = queries_for(client, "/labs/the-lab/comments/queue/")
    CommentFactory.create_batch(98, post__lab=cast.lab, pending=True)
    with django_assert_num_queries(expected):
        response = client.get("/labs/the-lab/comments/queue/")
    assert len(parse(response).select(".carelab-queue__item")) == 100


def test_reports_page_makes_the_same_queries_for_2_and_100_reports(cast, post, client_for, django_assert_num_queries):
    client = client_for(cast.team)
    ReportFactory.create_batch(2, comment__post=post)
    expected = queries_for(client, "/labs/the-lab/comments/reports/")
    ReportFactory.create_batch(98, comment__post__lab=cast.lab)
    with django_assert_num_queries(expected):
        response = client.get("/labs/the-lab/comments/reports/")
    assert len(parse(response).select(".carelab-reports__item")) == 100


def test_history_makes_the_same_queries_for_few_and_many_events(cast, post, client_for, django_assert_num_queries):
    from carelab.comments import actions

    client = client_for(cast.team)
    comment = CommentFactory(post=post)
    expected = queries_for(client, f"/labs/the-lab/comments/{comment.pk}/history/")
    for _ in range(20):
        actions.hide_comment(comment=comment, moderator=cast.team, reason="Check")
        actions.restore_comment(comment=comment, moderator=cast.admin)
    with django_assert_num_queries(expected):
        client.get(f"/labs/the-lab/comments/{comment.pk}/history/")
