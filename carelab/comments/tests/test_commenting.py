"""Writing comments: who sees what, the policy, the checks that hold a comment, and bad input."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from carelab.comments.models import Comment, ModerationEvent, PolicyAcceptance
from carelab.comments.tests.factories import CommentFactory, CommentPolicyFactory
from carelab.core.tests.html import parse, text_of
from carelab.labs.access import role_in_lab
from carelab.labs.models import Role
from carelab.posts.tests.factories import PostFactory


def create_url(post):
    return reverse("comments:create", args=[post.lab.slug, post.pk])


def comment_texts(response) -> list[str]:
    return [text_of(node) for node in parse(response).select("#comments .carelab-comment__body")]


def post_page(client_for, user, post):
    """The post page as this person sees it (signing out whoever was signed in before)."""
    client_for(None).logout()
    client = client_for(user)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response


# Signed out


def test_anonymous_visitor_is_asked_to_sign_in_to_comment(client, cast, post, policy):
    section = parse(client.get(post.get_absolute_url())).select_one("#comments")
    sign_in = section.find("a", string="Sign in to comment")
    assert sign_in["href"] == "/accounts/login/?next=%2Flabs%2Fthe-lab%2Fposts%2Fwhat-we-heard%2F%23comments"
    assert section.find("a", string="comments policy")["href"] == "/labs/the-lab/comments/policy/"
    assert section.select_one("form") is None


def test_anonymous_post_creates_nothing_and_asks_to_sign_in(client, cast, post, policy):
    response = client.post(create_url(post), {"body": "Hello", "accept_policy": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Comment.objects.exists()


# Who sees a comment


@pytest.fixture
def members_comment(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    response = client_for(cast.member).post(create_url(post), {"body": "Pacing helped me a lot."})
    assert response.status_code == 302
    return Comment.objects.get()


def test_new_comment_waits_for_moderation_and_only_its_author_sees_it(members_comment, cast, post, client_for):
    assert members_comment.status == Comment.Status.PENDING
    page = parse(post_page(client_for, cast.member, post))
    article = page.select_one(f"#comment-{members_comment.pk}")
    assert "Pacing helped me a lot." in text_of(article)
    assert "Awaiting moderation" in text_of(article.select_one(".nhsuk-tag"))


@pytest.mark.parametrize("role", ["anonymous", "participant", "team", "other_team", "admin"])
def test_waiting_comment_is_shown_to_nobody_else(members_comment, cast, post, client_for, role):
    response = post_page(client_for, cast.person(role), post)
    assert "Pacing helped me a lot." not in response.content.decode()
    assert parse(response).select(f"#comment-{members_comment.pk}") == []


@pytest.mark.parametrize("role", ["anonymous", "member", "participant", "other_team"])
def test_approved_comment_is_shown_to_everyone(members_comment, cast, post, client, client_for, role):
    client_for(cast.team).post(reverse("comments:approve", args=["the-lab", members_comment.pk]))
    page = parse(post_page(client_for, cast.person(role), post))
    article = page.select_one(f"#comment-{members_comment.pk}")
    assert text_of(article.select_one(".carelab-comment__body")) == "Pacing helped me a lot."
    assert text_of(article.select_one(".carelab-comment__author")) == "Mo Member"
    assert article.select_one(".nhsuk-tag") is None


def test_rejected_comment_shows_its_reason_to_its_author_only(members_comment, cast, post, client, client_for):
    client_for(cast.team).post(
        reverse("comments:reject", args=["the-lab", members_comment.pk]), {"reason": "It names a nurse."}
    )
    author_view = parse(post_page(client_for, cast.member, post)).select_one(f"#comment-{members_comment.pk}")
    assert "Not published" in text_of(author_view.select_one(".nhsuk-tag"))
    assert "It names a nurse." in text_of(author_view.select_one(".carelab-comment__reason"))
    client.logout()
    for role in ["anonymous", "participant"]:
        response = post_page(client_for, cast.person(role), post)
        assert "It names a nurse." not in response.content.decode()
        assert "Pacing helped me a lot." not in response.content.decode()


def test_the_email_address_is_never_shown_and_the_form_says_so(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    CommentFactory(post=post, author=cast.member)
    response = post_page(client_for, cast.participant, post)
    assert "member@example.org" not in response.content.decode()
    form = parse(post_page(client_for, cast.member, post)).select_one("#comments form")
    assert text_of(form.select_one(".carelab-comment-form__identity")) == (
        "Your comment will appear with your display name, Mo Member . Your email address is never shown."
    )


# The policy


def test_a_lab_without_a_policy_has_comments_closed(cast, post, client_for):
    section = parse(post_page(client_for, cast.member, post)).select_one("#comments")
    assert "closed until the lab team publishes a comments policy" in text_of(section)
    assert section.select_one("form") is None
    response = client_for(cast.member).post(create_url(post), {"body": "Hello", "accept_policy": "on"})
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_a_post_with_comments_closed_says_so_and_takes_none(cast, post, policy, agreed, client_for):
    post.comments_open = False
    post.save()
    agreed(cast.member)
    assert "Comments are closed on this post." in text_of(parse(post_page(client_for, cast.member, post)))
    client_for(cast.member).post(create_url(post), {"body": "Hello"})
    assert not Comment.objects.exists()


def test_first_comment_asks_to_agree_to_the_policy(cast, post, policy, client_for):
    form = parse(post_page(client_for, cast.participant, post)).select_one("#comments form")
    checkbox = form.select_one("input[type=checkbox][name=accept_policy]")
    assert text_of(form.find("label", attrs={"for": checkbox["id"]})) == (
        "I have read and agree to the comments policy (version 1)"
    )
    assert form.find("a", href="/labs/the-lab/comments/policy/")


def test_comment_without_agreeing_is_refused_and_keeps_the_text(cast, post, policy, client_for):
    response = client_for(cast.participant).post(create_url(post), {"body": "My experience of pain clinics"})
    page = parse(response)
    assert response.status_code == 200
    assert "Tick the box to agree to the comments policy" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=body]").get_text() == "My experience of pain clinics"
    assert not Comment.objects.exists()
    assert not PolicyAcceptance.objects.exists()


def test_agreeing_records_the_acceptance_and_makes_the_person_a_member(cast, post, policy, client_for):
    newcomer = cast.other_team
    client_for(newcomer).post(
        create_url(post), {"body": "Hello from another lab", "accept_policy": "on", "policy_version": 1}
    )
    assert PolicyAcceptance.objects.filter(user=newcomer, policy=policy).exists()
    newcomer.__dict__.pop("_lab_roles", None)
    assert role_in_lab(newcomer, cast.lab) == Role.MEMBER
    assert Comment.objects.get().author == newcomer


def test_a_new_policy_version_must_be_agreed_to_again(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    client = client_for(cast.member)
    assert parse(client.get(post.get_absolute_url())).select_one("#comments input[name=accept_policy]") is None

    CommentPolicyFactory(lab=cast.lab, version=2, summary_of_changes="We no longer publish links to products.")
    form = parse(client.get(post.get_absolute_url())).select_one("#comments form")
    assert "(version 2)" in text_of(form.select_one("input[name=accept_policy]").find_parent("div"))
    assert "We no longer publish links to products." in text_of(form)

    client.post(create_url(post), {"body": "Hello again"})
    assert not Comment.objects.exists()
    client.post(create_url(post), {"body": "Hello again", "accept_policy": "on", "policy_version": 2})
    assert Comment.objects.count() == 1
    assert PolicyAcceptance.objects.filter(user=cast.member, policy__version=2).exists()


def test_ticking_the_box_for_a_version_since_replaced_agrees_to_nothing(cast, post, policy, client_for):
    client = client_for(cast.participant)
    form = parse(client.get(post.get_absolute_url())).select_one("#comments form")
    assert form.select_one("input[name=policy_version]")["value"] == "1"
    CommentPolicyFactory(lab=cast.lab, version=2)
    response = client.post(create_url(post), {"body": "Hello", "accept_policy": "on", "policy_version": 1})
    page = parse(response)
    assert "The comments policy changed while you were writing. Read version 2" in text_of(
        page.select_one(".nhsuk-error-summary")
    )
    assert not page.select_one("input[name=accept_policy]").has_attr("checked")
    assert page.select_one("input[name=policy_version]")["value"] == "2"
    assert page.select_one("textarea[name=body]").get_text() == "Hello"
    assert not Comment.objects.exists()
    assert not PolicyAcceptance.objects.exists()


# Pre-moderation and its checks


def trust(user, post, count=3):
    """Approved comments from last week: enough to be trusted, too old to count towards the hourly limit."""
    CommentFactory.create_batch(count, post=post, author=user, created_at=timezone.now() - timedelta(days=7))


def test_trusted_commenter_skips_the_queue(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    trust(cast.member, post)
    client_for(cast.member).post(create_url(post), {"body": "Walking groups helped."})
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert comment.events.get().action == ModerationEvent.Action.PUBLISHED
    assert "Walking groups helped." in comment_texts(post_page(client_for, AnonymousUser(), post))


def test_approved_comments_in_another_lab_do_not_make_someone_trusted(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    trust(cast.member, PostFactory(lab=cast.other_lab))
    client_for(cast.member).post(create_url(post), {"body": "Hello"})
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_trust_threshold_of_zero_means_never_trusted(cast, post, policy, agreed, client_for):
    cast.lab.trusted_after_approved = 0
    cast.lab.save()
    agreed(cast.member)
    trust(cast.member, post, count=10)
    client_for(cast.member).post(create_url(post), {"body": "Hello"})
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_without_premoderation_a_plain_comment_is_published_at_once(cast, post, policy, agreed, client_for):
    cast.lab.premoderate_comments = False
    cast.lab.save()
    agreed(cast.member)
    client_for(cast.member).post(create_url(post), {"body": "Hello"})
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_lab_team_comments_skip_premoderation(cast, post, policy, agreed, client_for):
    agreed(cast.team)
    client_for(cast.team).post(create_url(post), {"body": "Thank you all for sharing."})
    assert Comment.objects.get().status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("Some days I want to die, honestly.", Comment.HoldReason.RISK),
        ("Ring me on 07700 900123 to chat.", Comment.HoldReason.PERSONAL_DATA),
        ("Email me: pat@example.org", Comment.HoldReason.PERSONAL_DATA),
    ],
)
def test_trusted_commenter_still_waits_with_a_risk_phrase_or_personal_data(
    cast, post, policy, agreed, client_for, body, reason
):
    cast.lab.risk_phrases = "want to die"
    cast.lab.save(update_fields=["risk_phrases"])
    agreed(cast.member)
    trust(cast.member, post)
    client_for(cast.member).post(create_url(post), {"body": body})
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_reasons == [reason.value]
    assert body not in " ".join(comment_texts(post_page(client_for, AnonymousUser(), post)))


def test_comment_with_a_risk_phrase_shows_crisis_help_once_after_saving(cast, post, policy, agreed, client_for):
    cast.lab.risk_phrases = "suicidal"
    cast.lab.save(update_fields=["risk_phrases"])
    agreed(cast.member)
    client = client_for(cast.member)
    response = client.post(create_url(post), {"body": "I feel suicidal some nights."})
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url() + "#help-now"
    comment = Comment.objects.get()
    assert comment.risk_level == "urgent" and any("suicidal" in reason for reason in comment.risk_reasons)
    assert set(comment.hold_reasons) == {"premoderation", "risk"}

    page = parse(client.get(response["Location"]))
    panel = page.select_one("#comments #help-now")
    assert "Samaritans" in text_of(panel) and "116 123" in text_of(panel)
    assert page.select_one(f"#comment-{comment.pk}"), "the comment was saved, not blocked"
    assert parse(client.get(post.get_absolute_url())).select_one("#help-now") is None


def test_comment_without_a_risk_phrase_shows_no_crisis_panel(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    client = client_for(cast.member)
    response = client.post(create_url(post), {"body": "Yoga helped."}, follow=True)
    assert parse(response).select_one("#help-now") is None
    assert "Your comment will appear once the lab team has checked it." in text_of(parse(response))


# Rate limit


def test_over_the_hourly_limit_nothing_is_created_and_the_text_is_kept(
    cast, post, policy, agreed, client_for, settings
):
    settings.CARELAB_COMMENT_RATE_LIMIT = 2
    agreed(cast.member)
    CommentFactory.create_batch(2, author=cast.member)  # on other posts: the limit is per person
    response = client_for(cast.member).post(create_url(post), {"body": "One more thought"})
    page = parse(response)
    assert response.status_code == 200
    assert "2 comments in the last hour" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=body]").get_text() == "One more thought"
    assert Comment.objects.filter(post=post).count() == 0


def test_comments_older_than_an_hour_do_not_count_towards_the_limit(cast, post, policy, agreed, client_for, settings):
    settings.CARELAB_COMMENT_RATE_LIMIT = 2
    agreed(cast.member)
    CommentFactory.create_batch(2, author=cast.member, created_at=timezone.now() - timedelta(minutes=61))
    client_for(cast.member).post(create_url(post), {"body": "One more thought"})
    assert Comment.objects.filter(post=post).count() == 1


def test_a_refused_first_comment_does_not_record_the_policy_acceptance(cast, post, policy, client_for, settings):
    settings.CARELAB_COMMENT_RATE_LIMIT = 1
    CommentFactory(author=cast.participant)
    client_for(cast.participant).post(create_url(post), {"body": "Hello", "accept_policy": "on", "policy_version": 1})
    assert not PolicyAcceptance.objects.exists()


# Bad input


def test_empty_comment_is_refused_with_a_clear_message(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    response = client_for(cast.member).post(create_url(post), {"body": "   "})
    page = parse(response)
    assert text_of(page.select_one(".nhsuk-error-summary a")) == "Enter your comment"
    assert page.select_one(".nhsuk-error-summary a")["href"] == "#id_body"
    assert "Error:" in text_of(page.select_one("title"))
    assert not Comment.objects.exists()


def test_too_long_comment_is_refused_and_the_text_kept(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    body = "word " * 4000
    response = client_for(cast.member).post(create_url(post), {"body": body})
    page = parse(response)
    assert "must be 5,000 characters or fewer. You have written 19999" in text_of(
        page.select_one(".nhsuk-error-summary")
    )
    assert page.select_one("textarea[name=body]").get_text() == body
    assert not Comment.objects.exists()


def test_comment_of_exactly_the_maximum_length_is_accepted(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    client_for(cast.member).post(create_url(post), {"body": "a" * 5000})
    assert len(Comment.objects.get().body) == 5000


def test_html_is_stored_as_typed_and_shown_as_text(cast, post, policy, agreed, client_for):
    agreed(cast.team)
    body = '<script src="https://evil.example/x.js"></script><b>bold</b> **not markdown**\nsecond line'
    client_for(cast.team).post(create_url(post), {"body": body})
    comment = Comment.objects.get()
    assert comment.body == body
    article = parse(post_page(client_for, AnonymousUser(), post)).select_one(f"#comment-{comment.pk}")
    assert article.select("script") == [] and article.select("b") == [] and article.select("strong.x") == []
    body_node = article.select_one(".carelab-comment__body")
    assert body_node.select("strong") == [], "no Markdown in comments"
    assert body_node.select("br"), "line breaks are kept"
    assert '<script src="https://evil.example/x.js"></script><b>bold</b> **not markdown**' in text_of(body_node)


def test_comment_on_a_draft_post_is_not_found(cast, policy, agreed, client_for):
    draft = PostFactory(lab=cast.lab, draft=True)
    agreed(cast.member)
    response = client_for(cast.member).post(create_url(draft), {"body": "Hello"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comment_on_another_labs_post_through_this_lab_is_not_found(cast, policy, agreed, client_for):
    elsewhere = PostFactory(lab=cast.other_lab)
    agreed(cast.member)
    response = client_for(cast.member).post(f"/labs/the-lab/comments/posts/{elsewhere.pk}/new/", {"body": "Hi"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_standalone_comment_page_works_without_javascript(cast, post, policy, agreed, client_for):
    agreed(cast.member)
    page = parse(client_for(cast.member).get(create_url(post)))
    form = page.select_one("main form")
    assert form["action"] == create_url(post)
    assert form.has_attr("novalidate")
    assert text_of(page.select_one("h1")) == "Add a comment"
