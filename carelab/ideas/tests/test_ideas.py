"""Ideas (issue 11, section 1): proposing, reading, supporting, the lab team's review and stages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.comments import actions as comment_actions
from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentPolicyFactory
from carelab.core.tests.html import parse, text_of
from carelab.ideas import actions
from carelab.ideas.models import Idea, Stage, StageChange, Support
from carelab.ideas.presenters import stage_tag, status_note, supporters_text
from carelab.ideas.tests.factories import IdeaFactory, StageChangeFactory, SupportFactory
from carelab.insights.tests.factories_insights import AreaFactory, InsightFactory, PublishedInsightFactory
from carelab.labs.models import Membership
from carelab.safeguarding.models import SafeguardingFlag

P = "/labs/the-lab/ideas"
TITLE = "How might we help people talk about pain and mood in one appointment?"


def propose(client, **data):
    return client.post(f"{P}/new/", {"title": TITLE, "description": "", **data})


def list_titles(page) -> list[str]:
    return [text_of(link) for link in page.select("#ideas h2 a")]


# Proposing


def test_a_member_proposes_an_idea_linked_to_published_insights_and_areas(cast, client_for):
    insight = PublishedInsightFactory(lab=cast.lab, statement="People want pain and mood seen together")
    draft_insight = InsightFactory(lab=cast.lab, statement="Not yet published")
    area = AreaFactory(lab=cast.lab, name="Joined-up care")
    client = client_for(cast.member)

    form = parse(client.get(f"{P}/new/"))
    assert "People want pain and mood seen together" in text_of(form.select_one("#idea-form"))
    assert "Not yet published" not in text_of(form.select_one("#idea-form"))

    response = propose(client, description="Ask both questions.", insights=[insight.pk], areas=[area.pk])
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert (idea.status, idea.stage, idea.author) == (Idea.Status.PUBLISHED, Stage.PROPOSED, cast.member)
    assert list(idea.insights.all()) == [insight] and list(idea.areas.all()) == [area]
    # A draft insight is not a choice, so it cannot be linked.
    propose(client, insights=[draft_insight.pk])
    assert Idea.objects.count() == 1

    page = parse(client_for(AnonymousUser()).get(idea.get_absolute_url()))
    assert text_of(page.select_one("#idea-title")) == TITLE
    assert "Mo Member" in text_of(page.select_one("#idea-meta"))
    assert page.select_one("#idea-insights a")["href"] == f"/labs/the-lab/insights/{insight.pk}/"
    assert page.select_one("#idea-areas a")["href"] == f"{P}/?area={area.pk}"


def test_proposing_an_idea_makes_a_signed_in_person_a_member_of_the_lab(cast, client_for, django_user_model):
    newcomer = django_user_model.objects.create_user(email="new@example.org", password="x", display_name="Nia New")
    propose(client_for(newcomer))
    assert Membership.objects.filter(lab=cast.lab, user=newcomer, role="member").exists()


def test_an_anonymous_visitor_is_asked_to_sign_in_to_propose_or_support(cast, client):
    assert client.get(f"{P}/new/")["Location"].startswith("/accounts/login/")
    idea = IdeaFactory(lab=cast.lab)
    page = parse(client.get(idea.get_absolute_url()))
    assert "Sign in to support this idea" in text_of(page.select_one("#support"))


def test_an_idea_with_personal_data_is_held_and_its_author_is_told_why(cast, client_for):
    client = client_for(cast.member)
    response = propose(client, description="Ring me on 07700 900123 to talk about it.")
    idea = Idea.objects.get()
    assert idea.status == Idea.Status.HELD and idea.hold_reasons == ["personal_data"]
    assert not SafeguardingFlag.objects.exists()
    page = parse(client.get(response["Location"]))
    status = text_of(page.select_one("#idea-status"))
    assert "Only you and the lab team can see this idea" in status and "phone number" in status
    assert page.select_one("#help-now") is None
    assert client_for(cast.participant).get(idea.get_absolute_url()).status_code == 404
    assert TITLE not in text_of(parse(client_for(AnonymousUser()).get(f"{P}/")))


def test_possible_risk_holds_the_idea_and_shows_where_to_get_help_once(cast, client_for):
    client = client_for(cast.member)
    response = propose(client, description="Nothing matters any more, I cannot cope.")
    idea = Idea.objects.get()
    assert idea.status == Idea.Status.HELD and idea.hold_reasons == ["risk"] and idea.risk_level == "possible"
    assert response["Location"] == idea.get_absolute_url() + "#help-now"
    panel = parse(client.get(response["Location"])).select_one("#help-now")
    assert "Samaritans" in text_of(panel) and "116 123" in text_of(panel)
    assert parse(client.get(idea.get_absolute_url())).select_one("#help-now") is None
    assert not SafeguardingFlag.objects.exists(), "possible risk holds; only urgent risk raises a flag"


def test_urgent_risk_raises_a_flag_naming_the_idea_by_number_never_its_words(cast, client_for):
    propose(client_for(cast.member), description="I feel suicidal some nights.")
    idea = Idea.objects.get()
    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == (SafeguardingFlag.Source.IDEA, idea.pk, cast.member)
    assert flag.source_title == f"Idea {idea.pk}" and flag.source_url == f"{P}/team/{idea.pk}/review/"
    assert flag.details["risk"]["level"] == "urgent"
    assert "some nights" not in str(flag.details) and TITLE not in flag.source_title


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": ""}, "Enter your idea"),
        ({"title": "a" * 201}, "Your idea must be 200 characters or fewer"),
        ({"title": "How might we\x00 sleep?"}, "Null characters are not allowed."),
        ({"description": "bad\x00byte"}, "Null characters are not allowed."),
        ({"areas": ["9" * 40]}, "Choose areas from the list"),
        ({"insights": ["99999999999999999999"]}, "Choose insights from the list"),
        ({"areas": ["abc"]}, "Choose areas from the list"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(cast, client_for, data, message):
    AreaFactory(lab=cast.lab)
    PublishedInsightFactory(lab=cast.lab)
    typed = {"description": "Keep these words", **data}
    response = propose(client_for(cast.member), **typed)
    assert response.status_code == 200
    page = parse(response)
    assert message in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=description]").text.strip() == typed["description"].strip()
    assert not Idea.objects.exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.one_of(st.text(max_size=250), st.just("\x00"), st.just("a" * 201)),
    description=st.one_of(st.text(max_size=300), st.just("bad\x00byte")),
    areas=st.lists(st.one_of(st.integers(), st.text(max_size=20), st.just("9" * 40)), max_size=3),
)
def test_hostile_input_to_the_form_gets_a_message_never_a_crash(cast, client, title, description, areas):
    client.force_login(cast.member)
    response = client.post(f"{P}/new/", {"title": title, "description": description, "areas": areas})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert parse(response).select_one(".nhsuk-error-summary") is not None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stage=st.one_of(st.sampled_from(Stage.values), st.text(max_size=20)),
    area=st.one_of(st.integers(), st.text(max_size=20), st.just("9" * 40)),
    page=st.one_of(st.integers(), st.text(max_size=10), st.just("9" * 40)),
)
def test_any_query_on_the_list_gets_a_page_never_a_crash(cast, client, stage, area, page):
    response = client.get(f"{P}/", {"stage": stage, "area": area, "page": page})
    assert response.status_code in (200, 400)  # 400 only for a NUL character, refused before the view


def test_huge_or_unknown_ids_are_not_found(cast, client_for):
    client = client_for(cast.member)
    for path in [f"{P}/99999999999999999999/", f"{P}/99999999999999999999/edit/", f"{P}/0/"]:
        assert client.get(path).status_code == 404
    assert client.post(f"{P}/99999999999999999999/support/").status_code == 404


# Reading and the list


def test_the_list_shows_published_ideas_only_and_filters_by_stage_and_area(cast, client_for):
    area = AreaFactory(lab=cast.lab, name="Waiting times")
    proposed = IdeaFactory(lab=cast.lab, title="How might we shorten waits?")
    proposed.areas.add(area)
    IdeaFactory(lab=cast.lab, title="How might we test it?", stage=Stage.TESTING)
    IdeaFactory(lab=cast.lab, title="Held words", held=True)
    IdeaFactory(lab=cast.lab, title="Withdrawn words", status=Idea.Status.WITHDRAWN)
    IdeaFactory(lab=cast.other_lab, title="Another lab's idea")
    client = client_for(AnonymousUser())

    assert list_titles(parse(client.get(f"{P}/"))) == ["How might we test it?", "How might we shorten waits?"]
    assert list_titles(parse(client.get(f"{P}/?stage=testing"))) == ["How might we test it?"]
    assert list_titles(parse(client.get(f"{P}/?area={area.pk}"))) == ["How might we shorten waits?"]
    # Nonsense in the address shows every idea rather than an error.
    assert len(list_titles(parse(client.get(f"{P}/?stage=nonsense&area=x")))) == 2


def test_the_list_takes_the_same_number_of_queries_however_many_ideas(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.member)

    def make(count):
        for _ in range(count):
            idea = IdeaFactory(lab=cast.lab)
            idea.areas.add(AreaFactory(lab=cast.lab))
            SupportFactory(idea=idea)

    make(1)
    client.get(f"{P}/")  # warm the session
    make(1)  # each count follows a write, so nothing kept from the visit before is used
    with django_assert_max_num_queries(30) as few:
        client.get(f"{P}/")
    make(15)
    with django_assert_max_num_queries(len(few)):
        page = parse(client.get(f"{P}/"))
    assert len(list_titles(page)) == 17


def test_the_author_sees_their_ideas_waiting_in_the_list_and_nobody_else_does(cast, client_for):
    IdeaFactory(lab=cast.lab, author=cast.member, title="My held idea", held=True)
    assert "My held idea" in text_of(parse(client_for(cast.member).get(f"{P}/")).select_one("#own-waiting"))
    assert "My held idea" not in text_of(parse(client_for(cast.participant).get(f"{P}/")))


def test_the_idea_page_shows_the_stage_history_with_reasons_and_only_published_insights(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, stage=Stage.DEVELOPING)
    idea.insights.add(PublishedInsightFactory(lab=cast.lab, statement="Shown"), InsightFactory(lab=cast.lab))
    StageChangeFactory(idea=idea, reason="Two local Minds will try it.\n\nIn March.")
    page = parse(client_for(AnonymousUser()).get(idea.get_absolute_url()))
    assert [text_of(link) for link in page.select("#idea-insights a")] == ["Shown"]
    history = text_of(page.select_one("#stage-history"))
    assert "Proposed to Developing" in history and "Two local Minds will try it." in history
    assert "Developing" in text_of(page.select_one("#idea-meta"))


def test_untrusted_text_is_escaped(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, title="<script>alert(1)</script>", description="<b>bold</b>")
    html = client_for(AnonymousUser()).get(idea.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


# Support


def test_support_counts_once_and_can_be_withdrawn(cast, client_for):
    idea = IdeaFactory(lab=cast.lab)
    client = client_for(cast.participant)
    assert client.post(f"{P}/{idea.pk}/support/")["Location"] == idea.get_absolute_url() + "#support"
    client.post(f"{P}/{idea.pk}/support/")
    assert Support.objects.filter(idea=idea).count() == 1
    page = parse(client.get(idea.get_absolute_url()))
    assert text_of(page.select_one("#supporters")) == "1 supporter"
    assert "Withdraw your support" in text_of(page.select_one("#support"))

    client.post(f"{P}/{idea.pk}/support/withdraw/")
    assert not Support.objects.filter(idea=idea).exists()
    assert "Support this idea" in text_of(parse(client.get(idea.get_absolute_url())).select_one("#support"))


def test_a_held_idea_cannot_be_supported(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, held=True)
    assert client_for(cast.participant).post(f"{P}/{idea.pk}/support/").status_code == 404
    with pytest.raises(actions.IdeaActionRefused):
        actions.support_idea(idea=idea, user=cast.participant)


# The author changes or withdraws


def test_the_author_changes_their_idea_and_the_words_are_checked_again(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, author=cast.member)
    client = client_for(cast.member)
    form = parse(client.get(f"{P}/{idea.pk}/edit/"))
    assert form.select_one("input[name=title]")["value"] == idea.title
    client.post(f"{P}/{idea.pk}/edit/", {"title": "How might we do better?", "description": "Call 07700 900123"})
    idea.refresh_from_db()
    assert idea.title == "How might we do better?"
    assert idea.status == Idea.Status.HELD and idea.hold_reasons == ["personal_data"]


def test_a_held_idea_stays_held_after_a_change_until_the_lab_team_decides(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, author=cast.member, held=True)
    client_for(cast.member).post(f"{P}/{idea.pk}/edit/", {"title": "How might we do better?", "description": ""})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.HELD and idea.hold_reasons == ["personal_data"]


def test_only_the_author_may_change_or_withdraw_an_idea(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, author=cast.member)
    for person in (cast.participant, cast.team, cast.admin):
        client = client_for(person)
        assert client.get(f"{P}/{idea.pk}/edit/").status_code == 404
        assert client.post(f"{P}/{idea.pk}/withdraw/").status_code == 404
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED


def test_a_withdrawn_idea_leaves_every_page_but_its_authors_and_cannot_be_changed(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, author=cast.member)
    client = client_for(cast.member)
    assert client.post(f"{P}/{idea.pk}/withdraw/")["Location"] == f"{P}/"
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN
    assert client_for(cast.participant).get(idea.get_absolute_url()).status_code == 404
    client = client_for(cast.member)
    assert "withdrawn" in text_of(parse(client.get(idea.get_absolute_url())).select_one("#idea-status"))
    page = parse(client.post(f"{P}/{idea.pk}/edit/", {"title": "New words"}))
    assert "can no longer be changed" in text_of(page)
    idea.refresh_from_db()
    assert idea.title != "New words"


# The lab team


def test_the_lab_team_publishes_a_held_idea(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, held=True, title="Held for a look")
    client = client_for(cast.team)
    held = parse(client.get(f"{P}/team/held/"))
    assert "Held for a look" in text_of(held.select_one("#held-ideas"))
    assert "May contain personal data" in text_of(held.select_one("#held-ideas"))
    client.post(f"{P}/team/{idea.pk}/review/", {"decision": "publish"})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED
    assert "No ideas are waiting." in text_of(parse(client.get(f"{P}/team/held/")))


def test_not_publishing_needs_a_reason_which_the_author_sees(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, held=True, author=cast.member)
    client = client_for(cast.team)
    page = parse(client.post(f"{P}/team/{idea.pk}/review/", {"decision": "reject", "reason": " "}))
    assert "Enter the reason for not publishing" in text_of(page.select_one(".nhsuk-error-summary"))
    client.post(f"{P}/team/{idea.pk}/review/", {"decision": "reject", "reason": "It names a person."})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.REJECTED
    status = text_of(parse(client_for(cast.member).get(idea.get_absolute_url())).select_one("#idea-status"))
    assert "It names a person." in status and "did not publish" in status
    # Deciding twice changes nothing.
    with pytest.raises(actions.IdeaActionRefused):
        actions.publish_idea(idea=idea, moderator=cast.team)


def test_the_lab_team_moves_an_idea_with_a_reason_kept_in_its_history(cast, client_for):
    idea = IdeaFactory(lab=cast.lab)
    client = client_for(cast.team)
    form = parse(client.get(f"{P}/team/{idea.pk}/stage/"))
    assert "proposed" not in [item["value"] for item in form.select("input[name=stage]")]
    page = parse(client.post(f"{P}/team/{idea.pk}/stage/", {"stage": "developing", "reason": ""}))
    assert "Enter the reason for the move" in text_of(page.select_one(".nhsuk-error-summary"))
    response = client.post(f"{P}/team/{idea.pk}/stage/", {"stage": "developing", "reason": "A test team took it up."})
    assert response["Location"] == idea.get_absolute_url() + "#history"
    idea.refresh_from_db()
    change = StageChange.objects.get()
    assert idea.stage == Stage.DEVELOPING
    assert (change.from_stage, change.to_stage, change.reason, change.actor) == (
        "proposed",
        "developing",
        "A test team took it up.",
        cast.team,
    )


@pytest.mark.parametrize(
    "to_stage, reason, message",
    [
        ("proposed", "Again", "already at"),
        ("nonsense", "Why", "Choose a stage"),
        ("testing", "  ", "Enter the reason"),
        ("testing", "Ring Sam on 07700 900123", "personal data"),
    ],
)
def test_a_stage_move_is_refused_with_a_message_and_changes_nothing(cast, to_stage, reason, message):
    idea = IdeaFactory(lab=cast.lab)
    with pytest.raises(actions.IdeaActionRefused, match=message):
        actions.move_idea_stage(idea=idea, actor=cast.team, to_stage=to_stage, reason=reason)
    idea.refresh_from_db()
    assert idea.stage == Stage.PROPOSED and not StageChange.objects.exists()


def test_a_held_idea_does_not_move_between_stages(cast):
    idea = IdeaFactory(lab=cast.lab, held=True)
    with pytest.raises(actions.IdeaActionRefused, match="Only a published idea"):
        actions.move_idea_stage(idea=idea, actor=cast.team, to_stage="developing", reason="Why not")


def test_the_team_of_another_lab_cannot_review_or_move_this_labs_ideas(cast, client_for):
    idea = IdeaFactory(lab=cast.lab, held=True)
    client = client_for(cast.other_team)
    assert client.post(f"{P}/team/{idea.pk}/review/", {"decision": "publish"}).status_code == 403
    assert client.post(f"/labs/other-lab/ideas/team/{idea.pk}/review/", {"decision": "publish"}).status_code == 404
    idea.refresh_from_db()
    assert idea.status == Idea.Status.HELD


def test_the_team_dashboard_counts_held_ideas(cast, client_for):
    IdeaFactory(lab=cast.lab, held=True)
    IdeaFactory(lab=cast.other_lab, held=True)
    page = parse(client_for(cast.team).get("/labs/the-lab/team/"))
    assert text_of(page.select_one("#held-ideas-waiting")) == "1 waiting"


# Comments on ideas: the comments' own form, policy and moderation


def test_comments_on_an_idea_are_moderated_in_the_same_queue_and_link_to_the_idea(cast, client_for):
    cast.lab.premoderate_comments = True
    cast.lab.save(update_fields=["premoderate_comments"])
    policy = CommentPolicyFactory(lab=cast.lab)
    idea = IdeaFactory(lab=cast.lab, title="How might we walk together?")
    client = client_for(cast.participant)
    page = parse(client.get(idea.get_absolute_url()))
    assert page.select_one("#comments form")["action"] == f"/labs/the-lab/comments/ideas/{idea.pk}/new/"
    response = client.post(
        f"/labs/the-lab/comments/ideas/{idea.pk}/new/",
        {"body": "I would join.", "accept_policy": "on", "policy_version": policy.version},
    )
    assert response["Location"] == idea.get_absolute_url() + "#comment-" + str(Comment.objects.get().pk)
    comment = Comment.objects.get()
    assert comment.idea == idea and comment.post is None and comment.status == Comment.Status.PENDING

    queue = parse(client_for(cast.team).get("/labs/the-lab/comments/queue/"))
    link = queue.select_one(f"#comment-{comment.pk} a")
    assert link["href"] == idea.get_absolute_url() and "On the idea" in text_of(
        queue.select_one(f"#comment-{comment.pk}")
    )
    client_for(cast.team).post(f"/labs/the-lab/comments/{comment.pk}/approve/")
    public = parse(client_for(AnonymousUser()).get(idea.get_absolute_url()))
    assert "I would join." in text_of(public.select_one("#comments"))


def test_comments_open_only_on_published_ideas(cast):
    policy = CommentPolicyFactory(lab=cast.lab)
    comment_actions.accept_policy(user=cast.member, policy=policy)
    idea = IdeaFactory(lab=cast.lab, held=True)
    with pytest.raises(comment_actions.CommentActionRefused, match="when the idea is published"):
        comment_actions.submit_comment(author=cast.member, idea=idea, body="Hello")


def test_a_comment_is_on_a_post_or_an_idea_never_both_nor_neither(cast):
    from django.db import IntegrityError, transaction

    from carelab.comments.tests.factories import CommentFactory

    idea = IdeaFactory(lab=cast.lab)
    with transaction.atomic(), pytest.raises(IntegrityError):
        CommentFactory(idea=idea)  # the factory's post as well
    with transaction.atomic(), pytest.raises(IntegrityError):
        CommentFactory(post=None)


# Presenters


def test_presenters_say_the_stage_status_and_supporters_in_words():
    assert stage_tag("adopted") == {"text": "Adopted", "classes": "nhsuk-tag--green"}
    assert [supporters_text(n) for n in (0, 1, 2)] == ["No supporters yet", "1 supporter", "2 supporters"]
    held = Idea(status=Idea.Status.HELD)
    assert status_note(held, viewer_is_author=True).startswith("Only you and the lab team")
    assert status_note(Idea(status=Idea.Status.PUBLISHED), viewer_is_author=True) == ""


def test_the_author_of_a_comment_on_an_idea_hears_the_decision_with_a_link_to_the_idea(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.lab.premoderate_comments = True
    cast.lab.save(update_fields=["premoderate_comments"])
    policy = CommentPolicyFactory(lab=cast.lab)
    idea = IdeaFactory(lab=cast.lab, title="How might we walk together?")
    comment = comment_actions.submit_comment(author=cast.member, idea=idea, body="Count me in.", accepting=policy)
    with django_capture_on_commit_callbacks(execute=True):
        comment_actions.approve_comment(comment=comment, moderator=cast.team)
    [email] = mailoutbox
    assert email.to == [cast.member.email]
    assert "“How might we walk together?”" in email.body
    assert f"{idea.get_absolute_url()}#comment-{comment.pk}" in email.body
