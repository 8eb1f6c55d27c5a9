from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from carelab.accounts.models import User
from carelab.comments.models import Comment
from carelab.conftest import DEMO_PASSWORD
from carelab.core.tests.html import parse, text_of
from carelab.demo import content
from carelab.demo.actions import load_demo
from carelab.labs.models import Lab
from carelab.posts.models import Post
from carelab.surveys.models import Answer, Survey


@override_settings(DEBUG=True, CARELAB_DEMO_PASSWORD=DEMO_PASSWORD)
def test_loaddemo_builds_the_reference_lab_and_can_run_again(demo_lab, db):
    call_command("loaddemo")  # the second time: demo_lab ran it once
    lab = Lab.objects.get(slug="pain-and-mental-health")
    assert lab.phases.count() == 5
    assert Post.objects.for_lab(lab).published().count() >= 3
    assert Post.objects.filter(lab=lab, status=Post.Status.DRAFT).exists()
    statuses = set(Comment.objects.for_lab(lab).values_list("status", flat=True))
    assert statuses == {"pending", "approved", "rejected", "hidden", "deleted"}
    assert Comment.objects.for_lab(lab).count() == len(content.COMMENTS) + 2  # and a deleted one with a reply
    assert User.objects.filter(email__in=["admin@example.org", "team@example.org"]).count() == 2
    survey = Survey.objects.get(lab=lab, slug="share-your-experience")
    assert survey.is_open()
    assert survey.responses.submitted().count() == 320  # once, though loaddemo ran twice
    assert survey.responses.drafts().count() == 40
    assert Answer.objects.filter(survey=survey, question="what_helped").count() > 100


def test_loaddemo_refuses_with_debug_off_unless_forced(db):
    with pytest.raises(CommandError, match="--force"):
        call_command("loaddemo")
    output = StringIO()
    call_command("loaddemo", "--force", stdout=output)
    assert "Demo lab ready at /labs/pain-and-mental-health/" in output.getvalue()


def test_demo_accounts_use_the_configured_password(demo_lab, client, db):
    assert client.login(email="team@example.org", password=DEMO_PASSWORD)


@pytest.mark.parametrize("today", [date(2026, 9, 1), date(2027, 3, 15), date(2027, 8, 31)])
def test_the_demo_lab_always_has_a_current_phase(db, today):
    lab = load_demo("pw-for-tests-123", today=today)
    assert lab.current_phase(today) is not None


def test_demo_lab_home_shows_the_question_and_current_phase(demo_lab, client, db):
    page = parse(client.get("/"))
    assert "mental health problems and persistent back and neck pain" in text_of(page.select_one("#lab-question"))
    assert "Happening now" in text_of(page.select_one("#current-phase"))


def test_the_demo_surveys_results_tallies_count_each_response_on_the_day_it_is_dated(demo_lab, db):
    """The demo dates its answers over the months since launch; the results pages read the tallies."""
    from carelab.surveys.models import Survey
    from carelab.surveys.results import ResultFilters, count_answers, submitted_per_day
    from carelab.surveys.tallies import counts_by_day, responses_by_day

    survey = Survey.objects.get(lab=demo_lab, slug="share-your-experience")
    per_day = submitted_per_day(survey, ResultFilters())
    assert len(per_day) > 10  # spread over many days, not all on the day the demo was loaded
    assert responses_by_day(survey) == per_day
    tallied, counted = counts_by_day(survey), count_answers(survey, ResultFilters())
    assert tallied.responses == counted.responses == sum(per_day.values())
    assert {question: sorted(groups, key=str) for question, groups in tallied.grouped.items()} == {
        question: sorted(groups, key=str) for question, groups in counted.grouped.items()
    }


def test_the_demo_lab_adds_its_own_risk_phrases_and_its_held_comment_names_the_one_it_used(demo_lab, db):
    lab = Lab.objects.get(slug="pain-and-mental-health")
    assert lab.risk_phrase_list() == ["in a dark place", "in a bad way"]
    (held,) = [comment for comment in Comment.objects.for_lab(lab) if "risk" in comment.hold_reasons]
    assert held.risk_level == "urgent"
    assert "the lab's phrase “in a dark place”" in held.risk_reasons
    assert "in a dark place" in held.body
