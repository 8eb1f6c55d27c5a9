from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from carelab.core.pagination import pagination
from carelab.posts.models import Post
from carelab.posts.presenters import PostStatus


@pytest.mark.parametrize(
    ("status", "published_in", "expected"),
    [
        (Post.Status.DRAFT, None, ("draft", "Draft", "grey")),
        (Post.Status.DRAFT, timedelta(days=-1), ("draft", "Draft", "grey")),
        (Post.Status.PUBLISHED, timedelta(days=2), ("scheduled", "Scheduled", "blue")),
        (Post.Status.PUBLISHED, timedelta(seconds=-1), ("published", "Published", "green")),
    ],
)
def test_a_posts_status_tag_says_whether_the_public_can_see_it(status, published_in, expected):
    now = timezone.now()
    post = Post(status=status, published_at=now + published_in if published_in is not None else None)
    shown = PostStatus.of(post, now=now)
    assert (shown.key, shown.tag_text, shown.tag_colour) == expected
    assert bool(shown.notice) == (expected[0] != "published")


def test_a_scheduled_posts_notice_says_when_it_appears():
    now = timezone.make_aware(timezone.datetime(2026, 9, 1, 9, 0))
    post = Post(status=Post.Status.PUBLISHED, published_at=now + timedelta(days=2, hours=5))
    assert PostStatus.of(post, now=now).notice == (
        "Scheduled for 3 September 2026 at 2:00pm – only the lab team can see this until then"
    )


def page_of(number: int, pages: int = 10):
    return Paginator(range(pages * 10), 10).page(number)


def test_one_page_needs_no_pagination():
    assert pagination(Paginator(range(3), 10).page(1), "/posts/") is None


def test_pagination_shows_the_ends_the_neighbours_and_ellipses_between():
    params = pagination(page_of(5), "/posts/")
    shown = ["…" if item.get("ellipsis") else item["number"] for item in params["items"]]
    assert shown == [1, "…", 4, 5, 6, "…", 10]
    assert [item["number"] for item in params["items"] if item.get("current")] == [5]
    assert params["previous"] == {"href": "/posts/?page=4"}
    assert params["next"] == {"href": "/posts/?page=6"}


def test_the_first_page_links_to_the_plain_address_and_has_no_previous():
    params = pagination(page_of(2, pages=3), "/posts/")
    assert params["items"][0] == {"number": 1, "href": "/posts/", "current": False}
    assert pagination(page_of(1, pages=3), "/posts/").get("previous") is None
    assert pagination(page_of(3, pages=3), "/posts/").get("next") is None
