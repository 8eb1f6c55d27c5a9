"""Posts in a real browser: the lab team writes one, and stored text never runs as script."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.comments.tests.factories import CommentFactory, CommentPolicyFactory
from carelab.posts.models import Post
from carelab.posts.tests.factories import PostFactory

pytestmark = pytest.mark.browser


def follow(link_or_button):
    """Click, and wait until the page it leads to has loaded."""
    with link_or_button.page.expect_navigation():
        link_or_button.click()


SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1;alert(1)">'
LINK = "[link](javascript:window.__pwned=1)"
# Anything that would run, load or link if it reached the page as HTML.
DANGEROUS = "main script, main [onerror], main img[src='x'], main a[href^='javascript']"


def test_lab_team_writes_a_post_that_everyone_can_read(new_page, sign_in_browser, cast):
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    visitor = new_page(javascript=False)

    team.goto("/")
    axe_check(team)
    follow(team.get_by_role("link", name="Lab team"))  # one lab: straight to its team page
    axe_check(team)
    follow(team.get_by_role("main").get_by_role("link", name="Posts"))  # the dashboard's, not the lab menu's
    axe_check(team)
    follow(team.get_by_role("button", name="Write a post"))
    axe_check(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("Write a post")

    team.get_by_label("Title", exact=True).fill("What 130 people told us")
    team.get_by_label("Summary", exact=True).fill("The launch survey, in brief.")
    team.get_by_label("Post", exact=True).fill("## Pain and mood\n\nMost people said **both** matter.")
    team.get_by_role("radio", name="Published – anyone can read it from the publish date").check()
    follow(team.get_by_role("button", name="Save post"))
    axe_check(team)

    expect(team).to_have_url(re.compile(r"/labs/the-lab/posts/what-130-people-told-us/$"))
    expect(team.locator(".nhsuk-notification-banner")).to_contain_text("Post published.")
    expect(team.locator("#post-body h2")).to_have_text("Pain and mood")
    post = Post.objects.get()
    assert (post.author, post.status) == (cast.team, Post.Status.PUBLISHED)

    visitor.goto(reverse("posts:list", args=[cast.lab.slug]))
    axe_check(visitor)
    follow(visitor.get_by_role("link", name="What 130 people told us"))
    axe_check(visitor)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("What 130 people told us")
    expect(visitor.locator("#post-meta")).to_contain_text("by Tam Team")
    expect(visitor.locator("#post-body strong")).to_have_text("both")


def test_stored_script_never_runs_on_any_page_that_shows_it(page, sign_in_browser, cast):
    title = f"Title {SCRIPT}"
    summary = f"Summary {IMAGE}"
    post = PostFactory(
        lab=cast.lab, slug="unsafe", title=title, summary=summary, body=f"Body {SCRIPT}\n\n{IMAGE}\n\n{LINK}"
    )
    CommentPolicyFactory(lab=cast.lab)
    comment_text = f"Comment {SCRIPT} {IMAGE} {LINK}"
    CommentFactory(post=post, body=comment_text)
    CommentFactory(post=post, body=f"Waiting {SCRIPT} {IMAGE}", pending=True)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in_browser(page, cast.team)

    def assert_nothing_ran():
        axe_check(page)
        assert page.evaluate("window.__pwned") is None
        expect(page.locator(DANGEROUS)).to_have_count(0)
        assert dialogs == []

    page.goto(post.get_absolute_url())
    assert_nothing_ran()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".nhsuk-lede-text")).to_have_text(summary)
    body = page.locator("#post-body")
    expect(body).to_contain_text(f"Body {SCRIPT}")
    expect(body).to_contain_text(IMAGE)
    expect(body).to_contain_text(LINK)
    expect(page.locator(".carelab-comment__body").first).to_have_text(comment_text)

    page.goto(reverse("posts:list", args=[cast.lab.slug]))
    assert_nothing_ran()
    expect(page.locator("#posts")).to_contain_text(title)
    expect(page.locator("#posts")).to_contain_text(summary)

    page.goto(cast.lab.get_absolute_url())
    assert_nothing_ran()
    expect(page.get_by_role("link", name=title)).to_be_visible()

    page.goto(reverse("comments:queue", args=[cast.lab.slug]))
    assert_nothing_ran()
    expect(page.locator(".carelab-queue__item")).to_contain_text(f"Waiting {SCRIPT} {IMAGE}")
    expect(page.locator(".carelab-queue__item")).to_contain_text(title)
