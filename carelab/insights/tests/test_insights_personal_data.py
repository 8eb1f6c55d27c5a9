"""Insights work in "Your data" and in deleting an account (issue 10, section 4)."""

from carelab.accounts.actions import delete_account
from carelab.core.your_data import collect, collect_privacy
from carelab.insights import actions_insights as actions
from carelab.insights.models import InsightEvent
from carelab.insights.tests.factories_insights import InsightFactory


def test_insights_written_and_reviewed_are_counted_in_your_data_and_nothing_of_anyone_elses(cast):
    mine = actions.create_insight(cast.lab, statement="Mine", detail="", themes=[], areas=[], by=cast.team)
    InsightFactory(lab=cast.lab, created_by=cast.admin)
    actions.review_insight(InsightFactory(lab=cast.lab, created_by=cast.admin), by=cast.team)
    actions.review_insight(mine, by=cast.admin)
    found = {section.key: section for section in collect(cast.team)}["insight_work"]
    assert [(dict(r)["What"], dict(r)["How many times"]) for r in found.records] == [
        ("Wrote an insight", 1),
        ("Insight status: reviewed by a second team member", 1),
    ]
    assert found.kept_after_deletion
    assert "insight_work" in {key for privacy in collect_privacy() for key in privacy.covers}
    assert "insight_work" not in {section.key for section in collect(cast.member)}


def test_deleting_an_account_keeps_the_labs_insights_and_their_history_without_the_name(cast):
    insight = actions.create_insight(cast.lab, statement="Kept", detail="", themes=[], areas=[], by=cast.team)
    actions.send_back(insight, by=cast.team, note="Needs a second study.")
    delete_account(cast.team)
    insight.refresh_from_db()
    assert insight.created_by is None
    assert [(e.actor, e.note) for e in InsightEvent.objects.filter(insight=insight)] == [
        (None, ""),
        (None, "Needs a second study."),
    ]
