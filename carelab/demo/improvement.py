"""The demo lab's ideas and test teams (content in carelab/demo/improvement_content.py).

Eleven ideas at every stage, each with its stage history, supporters, and the insights and areas of
opportunity that prompted it; five test teams with their members, organisations, ideas taken up, driver
diagram, PDSA cycles, measures with weekly data, private notes and learning log.

Everything goes through the same actions people's pages use, so the demo's words are checked and its
diagrams kept within their limits as anyone's are: ideas, stage moves and supports (carelab/ideas/actions.py),
members and data points (improvement/actions.py), the driver diagram (actions_diagram.py), notes
(actions_space.py) and learning (actions_learning.py). A team and a measure are saved as the lab team's
forms save them (there is no action beyond the form's save). PDSA cycles are written with the model: the
demo's cycles carry all four parts and dates weeks in the past at once, which the cycle pages build up
over time, part by part, through their forms.

Safe to run again: everything is found by its name, title or place; teams, measures and cycles are updated,
the rest (written once through the actions) left as it is. Each measure's data is
dated back from the most recent complete week; loading again replaces it with the same values (on new
dates if a week has passed), so a measure always has exactly the demo's points.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from carelab.accounts.models import User
from carelab.demo import improvement_content as content
from carelab.demo.participants import PARTICIPANTS
from carelab.ideas.actions import move_idea_stage, propose_idea, support_idea
from carelab.ideas.models import Idea, StageChange, Support
from carelab.improvement.actions import add_member, import_points
from carelab.improvement.actions_diagram import add_node
from carelab.improvement.actions_learning import create_entry
from carelab.improvement.actions_space import create_note
from carelab.improvement.models import Cycle, DataPoint, DriverNode, LearningEntry, Measure, TeamNote, TestTeam
from carelab.insights.models import Insight, OpportunityArea
from carelab.labs.models import Lab
from carelab.lib.measures_csv import MeasureRow
from carelab.organisations.models import Organisation

_PARTICIPANT_EMAILS = {
    name: f"participant{number + 1:02}@example.org" for number, (name, *_rest) in enumerate(PARTICIPANTS)
}


def email_of(person: str) -> str:
    """A demo person named in the content: an e-mail address, or a participant's display name."""
    return person if "@" in person else _PARTICIPANT_EMAILS[person]


def last_complete_week(today: date) -> date:
    """The Monday of the week before this one: the most recent week whose data is all in."""
    return today - timedelta(days=today.weekday() + 7)


def week_dates(weeks: int, last_week: date) -> list[date]:
    return [last_week - timedelta(weeks=weeks - 1 - week) for week in range(weeks)]


def _people() -> dict[str, User]:
    named = {content.LAB_LEAD}
    for idea in content.IDEAS.values():
        named |= {idea["author"], *idea["supporters"]}
    for team in content.TEAMS:
        named |= {person for person, _role in team["members"]}
        named |= {author for *_note, author in team["notes"]}
    named |= {entry["author"] for entry in content.LEARNING}
    users = {user.email: user for user in User.objects.filter(email__in=[email_of(person) for person in named])}
    return {person: users[email_of(person)] for person in named}


# Ideas


def _save_idea(lab: Lab, item: dict, author: User, created_at, insights: list, areas: list) -> tuple[Idea, bool]:
    """Proposed through the ideas' own action (its words checked as anyone's are), once; dated back.
    Returns the idea and whether it is new."""
    found = Idea.objects.filter(lab=lab, title=item["title"]).first()
    if found is not None:
        return found, False
    idea = propose_idea(
        lab=lab, author=author, title=item["title"], description=item["description"], insights=insights, areas=areas
    )
    if idea.status != Idea.Status.PUBLISHED:
        raise ValueError(f"The demo idea {item['title']!r} was held by the words check: reword it.")
    Idea.objects.filter(pk=idea.pk).update(created_at=created_at)
    return idea, True


def _record_stage_history(idea: Idea, history: list, actor: User, now) -> None:
    """Each move through the lab team's stage action, dated back. A history is never edited: written once."""
    for to_stage, reason, days_ago in history:
        change = move_idea_stage(idea=idea, actor=actor, to_stage=to_stage, reason=reason)
        StageChange.objects.filter(pk=change.pk).update(created_at=now - timedelta(days=days_ago))
    idea.refresh_from_db()


def _add_supports(idea: Idea, supporters: list[User], created_at) -> None:
    for number, user in enumerate(supporters):
        support = support_idea(idea=idea, user=user)
        Support.objects.filter(pk=support.pk).update(created_at=created_at + timedelta(days=1 + number))


def load_ideas(lab: Lab, people: dict[str, User], now) -> dict[str, Idea]:
    insights = {insight.statement: insight for insight in Insight.objects.filter(lab=lab)}
    areas = {area.name: area for area in OpportunityArea.objects.filter(lab=lab)}
    ideas = {}
    for key, item in content.IDEAS.items():
        created_at = now - timedelta(days=item["days_ago"])
        linked_insights = [insights[statement] for statement in item["insights"]]
        linked_areas = [areas[name] for name in item["areas"]]
        idea, new = _save_idea(lab, item, people[item["author"]], created_at, linked_insights, linked_areas)
        if new:
            _record_stage_history(idea, item["history"], people[content.LAB_LEAD], now)
        _add_supports(idea, [people[person] for person in item["supporters"]], created_at)
        ideas[key] = idea
    return ideas


# Test teams


def _save_team(lab: Lab, item: dict, created_by: User) -> TestTeam:
    """As the lab team's form saves a team (there is no team action)."""
    team, _ = TestTeam.objects.update_or_create(
        lab=lab,
        name=item["name"],
        defaults={"challenge": item["challenge"], "aim": item["aim"], "created_by": created_by},
    )
    team.organisations.set(Organisation.objects.for_lab(lab).filter(name__in=item["organisations"]))
    return team


def _save_measure(team: TestTeam, item: dict, position: int, dates: list[date]) -> Measure:
    """As the measure form saves a measure (there is no measure action)."""
    measure, _ = Measure.objects.update_or_create(
        team=team,
        name=item["name"],
        defaults={
            "kind": item["kind"],
            "definition": item["definition"],
            "unit": item["unit"],
            "improvement": item["improvement"],
            "target": item["target"],
            "chart": item["chart"],
            "baseline_points": item.get("baseline_points"),
            "recalculate_from": [dates[week].isoformat() for week in item.get("recalculate_from_weeks", [])],
            "position": position,
        },
    )
    return measure


def _load_points(measure: Measure, item: dict, dates: list[date], by: User) -> None:
    """Exactly the content's points: any on other dates (from a load in an earlier week) go first."""
    values = item["values"]
    denominators = item.get("denominators") or [None] * len(values)
    notes = item.get("notes", {})
    DataPoint.objects.filter(measure=measure).exclude(date__in=dates).delete()
    rows = [
        MeasureRow(row=week + 1, date=when, value=value, denominator=denominator, note=notes.get(week, ""))
        for week, (when, value, denominator) in enumerate(zip(dates, values, denominators, strict=True))
    ]
    import_points(measure, rows, by)


def _node(team: TestTeam, parent: DriverNode | None, level: str, text: str, idea=None) -> DriverNode:
    """Added through the diagram's own action (its limits and levels checked), once; found again after."""
    found = DriverNode.objects.filter(team=team, parent=parent, level=level, text=text).first()
    return found if found is not None else add_node(team, parent, level, text, idea)


def save_driver_diagram(team: TestTeam, drivers: list, ideas: dict[str, Idea]) -> dict[str, DriverNode]:
    """The team's driver diagram; returns its change ideas by key."""
    changes = {}
    for primary, secondaries in drivers:
        primary_node = _node(team, None, DriverNode.Level.PRIMARY, primary)
        for secondary, change_ideas in secondaries:
            secondary_node = _node(team, primary_node, DriverNode.Level.SECONDARY, secondary)
            for key, text, idea_key in change_ideas:
                changes[key] = _node(team, secondary_node, DriverNode.Level.CHANGE, text, ideas.get(idea_key))
    return changes


def _save_cycle(team: TestTeam, change: DriverNode, item: dict, last_week: date, weeks: int, by: User) -> Cycle:
    def week_date(week: int) -> date:
        return last_week - timedelta(weeks=weeks - 1 - week)

    previous = None
    if item["number"] > 1:
        previous = Cycle.objects.get(change_idea=change, number=item["number"] - 1)
    cycle, _ = Cycle.objects.update_or_create(
        change_idea=change,
        number=item["number"],
        defaults={
            "team": team,
            "previous": previous,
            "title": item["title"],
            "objective": item["objective"],
            "prediction": item["prediction"],
            "plan_who": item["who"],
            "plan_what": item["what"],
            "plan_where": item["where"],
            "plan_when": item["when"],
            "start_date": week_date(item["start_week"]),
            "end_date": week_date(item["end_week"]) + timedelta(days=6),
            "what_happened": item["what_happened"],
            "observations": item["observations"],
            "results": item.get("results", ""),
            "act": item.get("act", ""),
            "act_detail": item.get("act_detail", ""),
            "created_by": by,
        },
    )
    return cycle


def _save_note(team: TestTeam, title: str, body: str, author: User) -> TeamNote:
    found = TeamNote.objects.filter(team=team, title=title).first()
    return found if found is not None else create_note(team, title=title, body=body, by=author)


def load_team(lab: Lab, item: dict, people: dict[str, User], ideas: dict[str, Idea], last_week: date) -> TestTeam:
    team = _save_team(lab, item, people[content.LAB_LEAD])
    team.ideas.set([ideas[key] for key in item["ideas"]])
    for person, role in item["members"]:
        add_member(team, people[person], role)
    roles = {role: person for person, role in reversed(item["members"])}
    data_lead = people[roles.get("data", roles["lead"])]

    dates = week_dates(item["weeks"], last_week)
    measures = {}
    for position, measure_item in enumerate(item["measures"]):
        measure = _save_measure(team, measure_item, position, dates)
        _load_points(measure, measure_item, dates, data_lead)
        measures[measure.name] = measure

    changes = save_driver_diagram(team, item["drivers"], ideas)
    lead = people[roles["lead"]]
    for cycle_item in item["cycles"]:
        cycle = _save_cycle(team, changes[cycle_item["change"]], cycle_item, last_week, item["weeks"], lead)
        cycle.measures.set([measures[name] for name in cycle_item["measures"]])

    for title, body, author in item["notes"]:
        _save_note(team, title, body, people[author])
    return team


def _save_learning_entry(team: TestTeam, item: dict, author: User, links: dict) -> LearningEntry:
    found = LearningEntry.objects.filter(team=team, title=item["title"]).first()
    if found is not None:
        return found
    fields = {name: item[name] for name in ("title", "tried", "happened", "learned")}
    return create_entry(team, fields, links, by=author)


def load_learning(lab: Lab, teams: dict[str, TestTeam], people: dict[str, User], ideas: dict[str, Idea]) -> None:
    insights = {insight.statement: insight for insight in Insight.objects.filter(lab=lab)}
    for item in content.LEARNING:
        team = teams[item["team"]]
        cycles = [
            Cycle.objects.get(team=team, change_idea__text=_change_text(item["team"], key), number=number)
            for key, number in item["cycles"]
        ]
        links = {
            "cycles": cycles,
            "ideas": [ideas[key] for key in item["ideas"]],
            "insights": [insights[statement] for statement in item["insights"]],
        }
        _save_learning_entry(team, item, people[item["author"]], links)


def _change_text(team_name: str, key: str) -> str:
    (team,) = [team for team in content.TEAMS if team["name"] == team_name]
    return {
        change_key: text
        for _primary, secondaries in team["drivers"]
        for _secondary, change_ideas in secondaries
        for change_key, text, _idea in change_ideas
    }[key]


@transaction.atomic
def load_demo_improvement(lab: Lab, today: date | None = None) -> None:
    """After the organisations, the participants and the insights the ideas and teams link to."""
    today = today or timezone.localdate()
    now = timezone.now()
    people = _people()
    ideas = load_ideas(lab, people, now)
    last_week = last_complete_week(today)
    teams = {item["name"]: load_team(lab, item, people, ideas, last_week) for item in content.TEAMS}
    load_learning(lab, teams, people, ideas)
