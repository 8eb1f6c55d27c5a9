"""Writes for test teams, measures and data points: each one whole or not at all."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from carelab.improvement.models import DataPoint, Measure, TeamMember, TestTeam
from carelab.lib.measures_csv import MeasureRow
from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import WordsCheck, flag_if_urgent
from carelab.safeguarding.models import SafeguardingFlag


def add_member(team: TestTeam, user, role: str) -> TeamMember:
    member, _ = TeamMember.objects.update_or_create(team=team, user=user, defaults={"role": role})
    return member


def remove_member(member: TeamMember) -> None:
    member.delete()


def next_measure_position(team: TestTeam) -> int:
    last = Measure.objects.filter(team=team).order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def flag_refused_words(team: TestTeam, words: WordsCheck | None, person) -> SafeguardingFlag | None:
    """Words refused on a test team's page that suggest urgent risk still reach the safeguarding queue,
    naming the team and the person, never the words."""
    if words is None:
        return None
    source = FlagSource(
        SafeguardingFlag.Source.TEST_TEAM,
        team.pk,
        f"Words refused on the test team “{team.name}”",
        reverse("improvement:team", args=[team.lab.slug, team.pk]),
    )
    return flag_if_urgent(lab=team.lab, check=words, source=source, person=person, written_again=True)


@transaction.atomic
def import_points(measure: Measure, rows: list[MeasureRow], by) -> tuple[int, int]:
    """Save every row, replacing the value of any date the measure already has. Returns (added, replaced)."""
    existing = {p.date: p for p in DataPoint.objects.select_for_update().filter(measure=measure)}
    added, replaced = [], []
    for row in rows:
        point = existing.get(row.date)
        if point is None:
            added.append(
                DataPoint(
                    measure=measure,
                    date=row.date,
                    value=row.value,
                    denominator=row.denominator,
                    note=row.note,
                    entered_by=by,
                )
            )
        else:
            point.value, point.denominator, point.note, point.entered_by = row.value, row.denominator, row.note, by
            replaced.append(point)
    DataPoint.objects.bulk_create(added)
    DataPoint.objects.bulk_update(replaced, ["value", "denominator", "note", "entered_by"])
    return len(added), len(replaced)
