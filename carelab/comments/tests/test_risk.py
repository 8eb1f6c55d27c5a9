"""A comment whose words suggest its writer may be at risk: held for review whoever wrote it, where to
get help shown to the writer at once, and urgent risk in the one safeguarding queue, linked to the
comment's page for the lab team."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory
from carelab.core.tests.html import parse, text_of
from carelab.lib.risk import assess_risk
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.risk_words import UNMISTAKABLE, make_urgent_by_the_labs_phrase, possible_risk


def create_url(post, parent=None):
    return f"/labs/the-lab/comments/posts/{post.pk}/new/" + (f"?parent={parent.pk}" if parent else "")


@pytest.fixture
def trusted(cast, post, agreed):
    """A member whose comments are published at once: enough approved comments, no pre-moderation needed."""
    agreed(cast.member)
    last_week = timezone.now() - timedelta(days=7)  # too old to count towards the hourly limit
    CommentFactory.create_batch(cast.lab.trusted_after_approved, post=post, author=cast.member, created_at=last_week)
    return cast.member


def test_a_trusted_commenters_urgent_words_are_held_with_help_shown_and_a_flag_linking_back(
    cast, post, trusted, client_for
):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client = client_for(trusted)
    response = client.post(create_url(post), {"body": f"Some nights I think about {phrase}."})
    assert response["Location"] == post.get_absolute_url() + "#help-now"

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_reasons == ["risk"]  # not pre-moderation: only the risk holds it
    assert comment.risk_level == "urgent" and any(phrase in reason for reason in comment.risk_reasons)
    page = parse(client.get(response["Location"]))
    assert "116 123" in text_of(page.select_one("#comments #help-now"))
    assert "Your comment will appear once the lab team has checked it." in text_of(page)

    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == ("comment", comment.pk, trusted)
    assert flag.source_title == "Comment on “What we heard”"
    assert flag.source_url == f"/labs/the-lab/comments/{comment.pk}/history/"
    assert flag.reasons == ["risk_words"] and "Some nights" not in str(flag.details)
    assert client_for(cast.team).get(flag.source_url).status_code == 200


def test_unmistakable_words_are_held_and_flagged_even_with_no_lab_phrases(cast, post, trusted, client_for):
    cast.lab.risk_phrases = ""
    cast.lab.save(update_fields=["risk_phrases"])
    client_for(trusted).post(create_url(post), {"body": UNMISTAKABLE})
    assert assess_risk(UNMISTAKABLE).is_urgent
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING
    assert SafeguardingFlag.objects.get().source_kind == "comment"


def test_possible_risk_holds_the_comment_and_shows_help_but_raises_no_flag(cast, post, trusted, client_for):
    marker = possible_risk()
    response = client_for(trusted).post(create_url(post), {"body": f"To be honest {marker}."}, follow=True)
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING and comment.hold_reasons == ["risk"]
    assert comment.risk_level == "possible"
    assert parse(response).select_one("#comments #help-now") is not None
    assert not SafeguardingFlag.objects.exists()


def test_a_reply_with_urgent_words_is_flagged_as_a_reply(cast, post, trusted, client_for):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    parent = CommentFactory(post=post)
    client_for(trusted).post(create_url(post, parent), {"body": phrase, "parent": parent.pk})
    reply = Comment.objects.latest("pk")
    assert reply.parent == parent and reply.status == Comment.Status.PENDING
    assert SafeguardingFlag.objects.get().source_title == "Reply to a comment on “What we heard”"


def test_personal_data_still_holds_a_trusted_commenters_words_without_a_flag(cast, post, trusted, client_for):
    response = client_for(trusted).post(create_url(post), {"body": "Ring me on 07700 900123."}, follow=True)
    assert Comment.objects.latest("pk").hold_reasons == ["personal_data"]
    assert parse(response).select_one("#help-now") is None
    assert not SafeguardingFlag.objects.exists()


def test_the_moderation_queue_and_the_comments_page_show_what_was_found_and_link_to_the_flag(
    cast, post, trusted, client_for
):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client_for(trusted).post(create_url(post), {"body": f"I keep thinking about {phrase}."})
    comment = Comment.objects.latest("pk")
    flag = SafeguardingFlag.objects.get()
    team = client_for(cast.team)

    item = parse(team.get("/labs/the-lab/comments/queue/")).select_one(f"#comment-{comment.pk}")
    risk = item.select_one(".carelab-queue__risk")
    assert text_of(risk).startswith("The risk check found: Urgent:") and phrase in text_of(risk)
    assert risk.find("a")["href"] == f"/labs/the-lab/safeguarding/{flag.pk}/"
    assert "Words suggest the writer may be at risk" in [text_of(tag) for tag in item.select(".nhsuk-tag")]

    history = parse(team.get(flag.source_url))
    assert history.select_one("#comment-risk a")["href"] == f"/labs/the-lab/safeguarding/{flag.pk}/"
    assert history.select_one(f"form[action='/labs/the-lab/comments/{comment.pk}/approve/']")


def test_what_the_check_found_is_in_the_writers_data(cast, post, trusted, client_for):
    from carelab.core.your_data import collect

    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client_for(trusted).post(create_url(post), {"body": phrase})
    (section,) = [section for section in collect(trusted) if section.key == "comments"]
    record = dict(section.records[-1])
    assert any(phrase in reason for reason in record["What the risk check found"])
    assert record["Held for checking because"] == ["Words suggest the writer may be at risk"]


@pytest.mark.parametrize(
    ("action", "reason", "says"),
    [
        ("approve", "", "has read it and published it"),
        ("reject", "We keep comments to ideas for the lab.", "decided not to publish it"),
    ],
)
def test_a_comment_held_for_risk_is_never_quoted_back_to_its_author_and_the_email_offers_help_first(
    cast, post, trusted, client_for, django_capture_on_commit_callbacks, action, reason, says
):
    words = f"Some nights I think about {make_urgent_by_the_labs_phrase(cast.lab)}."
    client_for(trusted).post(create_url(post), {"body": words})
    comment = Comment.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.team).post(f"/labs/the-lab/comments/{comment.pk}/{action}/", {"reason": reason})

    (email,) = [message for message in mail.outbox if message.to == [trusted.email]]
    assert "Some nights" not in email.body and "Your comment:" not in email.body
    assert email.subject.startswith("CareLab: Thank you for your comment on “What we heard”")
    assert email.subject not in ("CareLab: Your comment was not published", "CareLab: Your comment is published")
    assert says in email.body
    assert "We have not copied what you wrote into this e-mail." in email.body
    help_first = email.body.index("If you are struggling, help is here.")
    assert help_first < email.body.index("-- \nNeed help now?")  # in the message itself, not only the footer
    assert "Text SHOUT to 85258" in email.body[help_first:]
