"""Comments in a real browser: writing, moderating, errors and the crisis panel, with JavaScript on and off."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.comments.models import Comment

pytestmark = pytest.mark.browser


def follow(link_or_button):
    """Click, and wait until the page it leads to has loaded."""
    with link_or_button.page.expect_navigation():
        link_or_button.click()


JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def comment_on_page(page, text):
    return page.locator("article.carelab-comment").filter(has_text=text)


def write_comment(page, text, *, accept_policy=False):
    page.get_by_label("Your comment").fill(text)
    if accept_policy:
        page.get_by_label(re.compile(r"I have read and agree to the comments policy")).check()
    follow(page.get_by_role("button", name="Post comment"))


def test_member_comment_waits_for_the_lab_team_then_everyone_sees_it(new_page, sign_in_browser, cast, post, policy):
    post_url = post.get_absolute_url()
    author = new_page(javascript=False)
    sign_in_browser(author, cast.member)
    visitor = new_page(javascript=False)
    other_member = new_page(javascript=False)
    sign_in_browser(other_member, cast.participant)
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)

    # The member agrees to the policy and comments.
    author.goto(post_url)
    axe_check(author)
    write_comment(author, "Walking groups helped me more than anything.", accept_policy=True)
    axe_check(author)
    expect(author).to_have_url(re.compile(re.escape(post_url) + r"#comment-\d+$"))
    expect(author.locator(".nhsuk-notification-banner")).to_contain_text("once the lab team has checked it")
    mine = comment_on_page(author, "Walking groups helped me more than anything.")
    expect(mine).to_contain_text("Awaiting moderation")
    expect(mine).to_contain_text("Only you can see this comment")

    # Nobody else sees it yet.
    for someone in (visitor, other_member):
        someone.goto(post_url)
        axe_check(someone)
        expect(someone.locator("#comments")).not_to_contain_text("Walking groups")
        expect(someone.locator(".carelab-comments__empty")).to_have_text("No comments yet.")

    # The lab team approves it from the queue.
    team.goto(reverse("labs:team_dashboard", args=[cast.lab.slug]))
    axe_check(team)
    follow(team.get_by_role("link", name="Comments to moderate"))
    axe_check(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("Comments to moderate")
    waiting = team.locator(".carelab-queue__item").filter(has_text="Walking groups")
    expect(waiting).to_contain_text("All new comments are checked")
    follow(waiting.get_by_role("button", name="Approve and publish"))
    axe_check(team)
    expect(team.get_by_role("main")).to_contain_text("Comment by Mo Member approved and published.")
    expect(team.get_by_role("main")).to_contain_text("No comments are waiting.")

    visitor.reload()
    axe_check(visitor)
    published = comment_on_page(visitor, "Walking groups helped me more than anything.")
    expect(published).to_contain_text("Mo Member")
    expect(published).not_to_contain_text("Awaiting moderation")
    expect(visitor.get_by_role("heading", name="Comments (1)")).to_be_visible()

    # A second comment, which the team does not publish, with a reason only the author sees.
    author.goto(post_url)
    axe_check(author)
    expect(author.get_by_label(re.compile(r"I have read and agree"))).to_have_count(0)  # agreed already
    write_comment(author, "My neighbour Jo at number 12 could tell you more.")
    axe_check(author)
    team.reload()
    axe_check(team)
    waiting = team.locator(".carelab-queue__item").filter(has_text="My neighbour Jo")
    waiting.get_by_label("Reason for not publishing").fill("It names someone who has not agreed to be named.")
    follow(waiting.get_by_role("button", name="Do not publish"))
    axe_check(team)
    expect(team.get_by_role("main")).to_contain_text("Comment not published.")

    author.reload()
    axe_check(author)
    rejected = comment_on_page(author, "My neighbour Jo")
    expect(rejected).to_contain_text("Not published")
    expect(rejected.locator(".carelab-comment__reason")).to_have_text(
        "The lab team's reason: It names someone who has not agreed to be named."
    )
    for someone in (visitor, other_member):
        someone.reload()
        axe_check(someone)
        expect(someone.locator("#comments")).not_to_contain_text("My neighbour Jo")
        expect(someone.locator("#comments")).not_to_contain_text("has not agreed to be named")
    assert Comment.objects.get(body__startswith="My neighbour").status == Comment.Status.REJECTED


def test_anonymous_visitor_is_asked_to_sign_in_to_comment_and_comes_back_to_the_post(page, cast, post, policy):
    post_url = post.get_absolute_url()
    page.goto(post_url)
    axe_check(page)
    expect(page.get_by_role("textbox")).to_have_count(0)

    follow(page.get_by_role("link", name="comments policy"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments policy")
    expect(page.get_by_role("main")).to_contain_text("We publish comments that are respectful.")

    page.go_back()
    axe_check(page)
    follow(page.get_by_role("link", name="Sign in to comment"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator("input[name=next]")).to_have_value(f"{post_url}#comments")


@JAVASCRIPT
def test_a_comment_that_is_far_too_long_is_refused_and_kept(new_page, sign_in_browser, cast, post, agreed, javascript):
    page = new_page(javascript=javascript)
    sign_in_browser(page, agreed(cast.member))
    page.goto(post.get_absolute_url())
    axe_check(page)
    long_text = ("I have had back pain for years. " * 625).strip() + "!"
    assert len(long_text) == 20_000

    write_comment(page, long_text)
    axe_check(page)

    expect(page).to_have_title("Error: Comment on What we heard – CareLab")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Your comment must be 5,000 characters or fewer. You have written 20000.")
    expect(page.locator("#id_body-error")).to_contain_text("You have written 20000.")
    assert page.get_by_label("Your comment").input_value() == long_text
    assert not Comment.objects.exists()


@JAVASCRIPT
def test_an_empty_comment_shows_the_error_summary_whose_link_moves_to_the_box(
    new_page, sign_in_browser, cast, post, agreed, javascript
):
    page = new_page(javascript=javascript)
    sign_in_browser(page, agreed(cast.member))
    page.goto(post.get_absolute_url())
    axe_check(page)

    write_comment(page, "   ")
    axe_check(page)

    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    if javascript:
        expect(summary).to_be_focused()  # the NHS.UK script moves focus to the summary
    summary.get_by_role("link", name="Enter your comment").click()
    expect(page.get_by_label("Your comment")).to_be_focused()
    expect(page.locator("#id_body-error")).to_contain_text("Enter your comment")
    assert not Comment.objects.exists()


@JAVASCRIPT
def test_a_comment_with_a_risk_phrase_shows_where_to_get_help_at_once(
    new_page, sign_in_browser, cast, post, agreed, javascript
):
    cast.lab.risk_phrases = "can't go on"
    cast.lab.save(update_fields=["risk_phrases"])
    page = new_page(javascript=javascript)
    sign_in_browser(page, agreed(cast.member))
    page.goto(post.get_absolute_url())
    axe_check(page)
    expect(page.locator("#help-now")).to_have_count(0)

    write_comment(page, "Some nights the pain is so bad I can't go on.")
    axe_check(page)

    expect(page).to_have_url(re.compile(r"#help-now$"))
    panel = page.locator("#help-now")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("If you are struggling, help is here")
    expect(panel).to_contain_text("116 123")
    expect(panel).to_be_in_viewport()
    # Saved and held for the team, never blocked.
    expect(comment_on_page(page, "I can't go on")).to_contain_text("Awaiting moderation")
    assert any("can't go on" in reason for reason in Comment.objects.get().risk_reasons)
