"""Developing and testing ideas: a lab's test teams and the measures they chart (issue 11).

A test team (often an NHS trust with a university, or a local organisation) writes a challenge
statement and an aim, and keeps its measures here: outcome, process and balancing measures with
an operational definition, their data points, and how they are charted (carelab/lib/spc.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from carelab.labs.models import Lab
from carelab.organisations.models import Organisation

TEXT_MAX_LENGTH = 5_000


class TestTeamQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def with_member(self, user):
        return self.filter(members__user=user)


class TestTeam(models.Model):
    __test__ = False  # not a pytest test class, whatever its name

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="test_teams")
    name = models.CharField(max_length=200)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="test_teams")
    challenge = models.TextField(
        max_length=TEXT_MAX_LENGTH, help_text="The challenge statement: what the team wants to change, and for whom."
    )
    aim = models.TextField(
        max_length=TEXT_MAX_LENGTH,
        help_text="What are we trying to accomplish, by how much, by when?",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TestTeamQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["lab", "name"], name="test_team_name_unique_in_lab")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("improvement:team", args=[self.lab.slug, self.pk])


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Team lead"
        MEMBER = "member", "Member"
        DATA = "data", "Data lead"
        LIVED_EXPERIENCE = "lived_experience", "Lived-experience partner"
        SPONSOR = "sponsor", "Sponsor"

    team = models.ForeignKey(TestTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="test_team_places")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="test_team_member_once")]

    def __str__(self):
        return f"{self.user} in {self.team}"


class Measure(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome measure"
        PROCESS = "process", "Process measure"
        BALANCING = "balancing", "Balancing measure"

    class Improvement(models.TextChoices):
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"
        NEITHER = "neither", "Neither: watch for change either way"

    class Chart(models.TextChoices):
        XMR = "xmr", "XmR chart (individual values)"
        RUN = "run", "Run chart"
        P = "p", "P chart (a proportion)"
        P_PRIME = "p-prime", "P′ chart (a proportion from large samples, Laney)"
        U = "u", "U chart (a rate)"
        U_PRIME = "u-prime", "U′ chart (a rate from large samples, Laney)"
        C = "c", "C chart (a count)"

    team = models.ForeignKey(TestTeam, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OUTCOME)
    definition = models.TextField(
        max_length=TEXT_MAX_LENGTH, help_text="The operational definition: exactly what is counted, how and when."
    )
    unit = models.CharField(max_length=60, blank=True, help_text="For example: days, %, people.")
    improvement = models.CharField(max_length=20, choices=Improvement.choices, default=Improvement.INCREASE)
    target = models.FloatField(null=True, blank=True)
    chart = models.CharField(max_length=20, choices=Chart.choices, default=Chart.XMR)
    baseline_points = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Fix the centre line and limits on this many first points."
    )
    # Dates (ISO 8601) from which the limits are worked out again, for example a PDSA cycle's start.
    recalculate_from = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="measure_name_unique_in_team")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("improvement:measure", args=[self.team.lab.slug, self.team_id, self.pk])

    @property
    def needs_denominator(self) -> bool:
        return self.chart in (self.Chart.P, self.Chart.P_PRIME, self.Chart.U, self.Chart.U_PRIME)

    @property
    def is_proportion(self) -> bool:
        return self.chart in (self.Chart.P, self.Chart.P_PRIME)


class DataPoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    date = models.DateField()
    value = models.FloatField()
    denominator = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Shown on the chart as a numbered note.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["measure", "date"], name="data_point_date_once")]

    def __str__(self):
        return f"{self.measure}: {self.value:g} on {self.date}"
