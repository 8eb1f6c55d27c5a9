"""What the test-team pages read, each in a fixed number of queries however much there is."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch

from carelab.improvement.models import DataPoint, Measure, TeamMember, TestTeam
from carelab.labs.models import Lab, Membership, Role


def teams_of(lab: Lab):
    return (
        TestTeam.objects.for_lab(lab)
        .annotate(member_count=Count("members", distinct=True), measure_count=Count("measures", distinct=True))
        .prefetch_related("organisations")
    )


def members_of(team: TestTeam):
    return TeamMember.objects.filter(team=team).select_related("user").order_by("added_at", "pk")


def measures_with_points(team: TestTeam) -> list[Measure]:
    measures = list(
        Measure.objects.filter(team=team).prefetch_related(
            Prefetch("points", queryset=DataPoint.objects.order_by("date"))
        )
    )
    for measure in measures:
        measure.team = team
    return measures


def points_of(measure: Measure) -> list[DataPoint]:
    return list(DataPoint.objects.filter(measure=measure).order_by("date", "pk"))


def people_to_add(team: TestTeam):
    """The lab's participants and team who are not in this test team yet, by name."""
    in_team = TeamMember.objects.filter(team=team).values("user")
    ids = Membership.objects.filter(lab=team.lab, role__in=[Role.PARTICIPANT, Role.TEAM]).values("user")
    return get_user_model().objects.filter(pk__in=ids).exclude(pk__in=in_team).order_by("display_name", "pk")


def teams_of_person(user):
    return TestTeam.objects.with_member(user).select_related("lab")
