"""The demo lab's ideas and five test teams: driver diagrams, PDSA cycles, measures whose charts show a
shift, a trend and common-cause variation, notes and the learning log."""

from datetime import timedelta

from django.utils import timezone

from carelab.conftest import DEMO_PASSWORD
from carelab.demo import improvement_content as content
from carelab.demo.improvement import last_complete_week, load_demo_improvement
from carelab.ideas.models import Idea, Stage, StageChange, Support
from carelab.improvement.models import (
    Cycle,
    DataPoint,
    DriverNode,
    LearningEntry,
    Measure,
    TeamMember,
    TeamNote,
    TestTeam,
)
from carelab.insights.models import Insight
from carelab.lib import spc
from carelab.safeguarding.checks import check_words


def _measure(lab, team_and_name) -> Measure:
    team, name = team_and_name
    return Measure.objects.get(team__lab=lab, team__name=team, name=name)


def _values(measure):
    return [point.value for point in measure.points.order_by("date")]


def _xmr(measure) -> spc.XmRChart:
    """The chart as the measure's page draws it (these measures have no recalculation dates)."""
    assert measure.recalculate_from == []
    return spc.xmr(
        _values(measure),
        improvement=measure.improvement,
        baseline_points=measure.baseline_points,
        target=measure.target,
    )


def _cycle_start_index(measure, title) -> int:
    cycle = Cycle.objects.get(team=measure.team, title=title)
    dates = list(measure.points.order_by("date").values_list("date", flat=True))
    return dates.index(cycle.start_date)


def _counts(lab) -> dict:
    return {
        "teams": TestTeam.objects.for_lab(lab).count(),
        "members": TeamMember.objects.filter(team__lab=lab).count(),
        "measures": Measure.objects.filter(team__lab=lab).count(),
        "points": DataPoint.objects.filter(measure__team__lab=lab).count(),
        "nodes": DriverNode.objects.filter(team__lab=lab).count(),
        "cycles": Cycle.objects.filter(team__lab=lab).count(),
        "notes": TeamNote.objects.filter(team__lab=lab).count(),
        "learning": LearningEntry.objects.filter(team__lab=lab).count(),
        "ideas": Idea.objects.for_lab(lab).count(),
        "supports": Support.objects.filter(idea__lab=lab).count(),
        "stage changes": StageChange.objects.filter(idea__lab=lab).count(),
    }


def test_the_demo_lab_has_five_test_teams_with_a_challenge_an_aim_members_and_organisations(demo_lab, db):
    teams = list(TestTeam.objects.for_lab(demo_lab).prefetch_related("organisations", "members"))
    assert len(teams) == 5
    for team in teams:
        assert team.challenge and "By the end of" in team.aim
        assert team.organisations.count() == 2
        roles = {member.role for member in team.members.all()}
        assert {"lead", "lived_experience"} <= roles
        assert team.ideas.exists()
    assert {o.name for o in TestTeam.objects.get(lab=demo_lab, name=content.WESTMERE).organisations.all()} == {
        "Westmere NHS Foundation Trust",
        "Westmere University",
    }


def test_every_team_has_a_driver_diagram_with_two_or_three_primary_drivers_and_change_ideas_some_from_the_labs_ideas(
    demo_lab, db
):
    for team in TestTeam.objects.for_lab(demo_lab):
        nodes = list(DriverNode.objects.filter(team=team).select_related("parent"))
        primaries = [node for node in nodes if node.level == "primary"]
        secondaries = [node for node in nodes if node.level == "secondary"]
        changes = [node for node in nodes if node.level == "change"]
        assert 2 <= len(primaries) <= 3
        assert all(node.parent is None for node in primaries)
        assert all(node.parent.level == "primary" for node in secondaries)
        assert all(node.parent.level == "secondary" for node in changes)
        assert {node.parent_id for node in secondaries} == {node.pk for node in primaries}
        assert {node.parent_id for node in changes} == {node.pk for node in secondaries}
        linked = [node.idea for node in changes if node.idea is not None]
        assert linked and all(idea.lab_id == demo_lab.pk for idea in linked)


def test_every_team_ran_two_or_three_cycles_completed_ones_whole_and_some_still_running(demo_lab, db):
    last_week = last_complete_week(timezone.localdate())
    running = 0
    for team in TestTeam.objects.for_lab(demo_lab):
        cycles = list(Cycle.objects.filter(team=team).select_related("change_idea", "previous"))
        assert 2 <= len(cycles) <= 3
        for cycle in cycles:
            assert cycle.change_idea.team_id == team.pk and cycle.change_idea.level == "change"
            assert cycle.objective and cycle.prediction and cycle.plan_who and cycle.plan_what
            assert cycle.plan_where and cycle.plan_when and cycle.start_date <= cycle.end_date
            assert cycle.what_happened and cycle.observations and cycle.measures.exists()
            if cycle.act:
                assert cycle.results and cycle.act_detail and cycle.end_date <= last_week + timedelta(days=6)
            else:
                running += 1
                assert not cycle.results and not cycle.act_detail and cycle.end_date > last_week
            if cycle.number > 1:
                assert cycle.previous.change_idea_id == cycle.change_idea_id
                assert cycle.previous.number == cycle.number - 1 and cycle.previous.act == "adapt"
            else:
                assert cycle.previous is None
    assert running == 3
    acts = set(Cycle.objects.filter(team__lab=demo_lab).values_list("act", flat=True))
    assert acts == {"adopt", "adapt", "abandon", ""}


def test_every_measure_has_twenty_to_thirty_weekly_points_up_to_the_last_complete_week(demo_lab, db):
    last_week = last_complete_week(timezone.localdate())
    for team in TestTeam.objects.for_lab(demo_lab):
        measures = list(team.measures.all())
        assert {measure.kind for measure in measures} == {"outcome", "process", "balancing"}
        for measure in measures:
            assert measure.definition and measure.unit
            dates = list(measure.points.order_by("date").values_list("date", flat=True))
            assert 20 <= len(dates) <= 30
            assert dates[-1] == last_week
            assert all(later - earlier == timedelta(weeks=1) for earlier, later in zip(dates, dates[1:], strict=False))
    assert Measure.objects.filter(team__lab=demo_lab, target__isnull=False).count() >= 5


def test_missed_appointments_shift_down_after_the_bad_day_swap_and_stay_down(demo_lab, db):
    measure = _measure(demo_lab, content.SHIFT)
    chart = _xmr(measure)
    change = _cycle_start_index(measure, "Bad-day swap on the main clinic's lists")
    assert change == measure.baseline_points == 12
    assert not any(point.rules for point in chart.points[:change])
    after = chart.points[change:]
    assert len(after) >= 7
    assert all(point.value < point.centre and "run" in point.rules for point in after)
    assert chart.variation == "improvement-low"


def test_the_peer_groups_attendance_rises_week_on_week_a_trend(demo_lab, db):
    measure = _measure(demo_lab, content.TREND)
    chart = _xmr(measure)
    assert not any(point.rules for point in chart.points[: measure.baseline_points])
    trending = [index for index, point in enumerate(chart.points) if "trend" in point.rules]
    assert len(trending) >= 7
    assert trending == list(range(trending[0], len(chart.points)))  # one unbroken trend, to the last week
    values = _values(measure)
    assert all(
        later > earlier for earlier, later in zip(values[trending[0] :], values[trending[0] + 1 :], strict=False)
    )
    assert chart.variation == "improvement-high"


def test_call_length_shows_only_common_cause_variation(demo_lab, db):
    measure = _measure(demo_lab, content.COMMON_CAUSE)
    chart = _xmr(measure)
    assert len(chart.points) == 30
    assert not any(point.rules or point.signal for point in chart.points)
    assert chart.variation == "common"
    assert spc.describe_xmr(chart) == [
        "Every point shows common-cause variation: nothing here is unlikely to be chance."
    ]


def test_the_p_chart_measure_has_a_denominator_for_every_point_and_rises_beyond_its_baseline_limits(demo_lab, db):
    measure = _measure(demo_lab, content.P_CHART)
    assert measure.chart == "p" and measure.needs_denominator
    points = list(measure.points.order_by("date"))
    assert all(point.denominator and 0 <= point.value <= point.denominator for point in points)
    chart = spc.attribute_chart(
        "p", [p.value for p in points], [p.denominator for p in points], baseline_points=measure.baseline_points
    )
    assert not any(point.signal for point in chart.points[: measure.baseline_points])
    assert all(point.signal and point.value > point.upper for point in chart.points[-7:])
    assert chart.runs[0].signal


def test_ideas_are_at_every_stage_with_their_history_supporters_insights_and_areas(demo_lab, db):
    ideas = list(Idea.objects.for_lab(demo_lab).prefetch_related("stage_changes", "insights", "areas", "supports"))
    assert {idea.stage for idea in ideas} == set(Stage.values)
    assert all(idea.status == Idea.Status.PUBLISHED for idea in ideas)
    for idea in ideas:
        changes = list(idea.stage_changes.all())
        assert (changes[-1].to_stage if changes else Stage.PROPOSED) == idea.stage
        assert [change.from_stage for change in changes] == [Stage.PROPOSED, *[c.to_stage for c in changes]][
            : len(changes)
        ]
        assert all(change.reason and change.actor.email == "team@example.org" for change in changes)
        assert [change.created_at for change in changes] == sorted(change.created_at for change in changes)
        assert all(change.created_at > idea.created_at for change in changes)
        assert idea.insights.exists() and idea.areas.exists()
        assert all(insight.status == Insight.Status.PUBLISHED for insight in idea.insights.all())
        assert idea.author_id not in {support.user_id for support in idea.supports.all()}
    assert Support.objects.filter(idea__lab=demo_lab).count() > 30
    testing = Idea.objects.for_lab(demo_lab).filter(stage__in=[Stage.TESTING, Stage.ADOPTED, Stage.ADAPTED])
    assert all(idea.test_teams.exists() for idea in testing)


def test_teams_keep_notes_and_a_learning_log_that_cites_cycles_ideas_and_insights(demo_lab, db):
    assert TeamNote.objects.filter(team__lab=demo_lab).count() >= 5
    assert all(note.author is not None for note in TeamNote.objects.filter(team__lab=demo_lab))
    entries = list(LearningEntry.objects.filter(team__lab=demo_lab))
    assert len(entries) == 4
    for entry in entries:
        assert entry.tried and entry.happened and entry.learned
        assert entry.cycles.exists() and all(cycle.team_id == entry.team_id for cycle in entry.cycles.all())
        assert entry.ideas.exists() and entry.insights.exists()


def test_the_demos_words_pass_the_shared_risk_and_personal_data_check(demo_lab, db):
    texts = [f"{idea.title} {idea.description}" for idea in Idea.objects.for_lab(demo_lab)]
    texts += [change.reason for change in StageChange.objects.filter(idea__lab=demo_lab)]
    for team in TestTeam.objects.for_lab(demo_lab):
        texts += [team.challenge, team.aim]
        texts += [f"{m.name} {m.definition} {m.unit}" for m in team.measures.all()]
        texts += [node.text for node in team.driver_nodes.all()]
        texts += [note.body for note in team.notes.all()]
        texts += [point.note for point in DataPoint.objects.filter(measure__team=team).exclude(note="")]
        for cycle in team.cycles.all():
            texts += [cycle.objective, cycle.prediction, cycle.plan_what, cycle.what_happened, cycle.observations]
            texts += [cycle.results, cycle.act_detail]
    for entry in LearningEntry.objects.filter(team__lab=demo_lab):
        texts += [entry.tried, entry.happened, entry.learned]
    flagged = [text for text in texts if check_words(demo_lab, text).needs_review]
    assert flagged == []


def test_loading_again_adds_nothing_and_a_week_later_moves_the_same_values_on_a_week(demo_lab, db):
    before = _counts(demo_lab)
    shift = _measure(demo_lab, content.SHIFT)
    values, first_date = _values(shift), shift.points.order_by("date").first().date
    cycle_start = Cycle.objects.get(team=shift.team, title="Bad-day swap on the main clinic's lists").start_date

    load_demo_improvement(demo_lab)
    assert _counts(demo_lab) == before
    assert _values(shift) == values

    load_demo_improvement(demo_lab, today=timezone.localdate() + timedelta(weeks=1))
    assert _counts(demo_lab) == before
    assert _values(shift) == values
    assert shift.points.order_by("date").first().date == first_date + timedelta(weeks=1)
    cycle = Cycle.objects.get(team=shift.team, title="Bad-day swap on the main clinic's lists")
    assert cycle.start_date == cycle_start + timedelta(weeks=1)


def test_a_demo_teams_page_and_its_measures_charts_open_for_a_participant(demo_lab, client, db):
    assert client.login(email="participant@example.org", password=DEMO_PASSWORD)
    for team in TestTeam.objects.for_lab(demo_lab):
        assert client.get(team.get_absolute_url()).status_code == 200
        for measure in team.measures.all():
            assert client.get(measure.get_absolute_url()).status_code == 200
