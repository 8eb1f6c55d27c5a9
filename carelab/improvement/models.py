"""Developing and testing ideas: a lab's test teams and what they do (issue 11).

A test team (often an NHS trust with a university, or a local organisation) writes a challenge
statement and an aim, takes up the lab's ideas, draws a driver diagram (aim, primary and secondary
drivers, change ideas), runs PDSA cycles on its change ideas, keeps its measures (outcome, process
and balancing, with an operational definition, data points, and how they are charted by
carelab/lib/spc.py), a private space (notes and files) and a learning log the lab can search.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from carelab.core.private_files import private_storage  # noqa: F401 (migrations name it here)
from carelab.ideas.models import Idea
from carelab.insights.models import Insight
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
    ideas = models.ManyToManyField(Idea, blank=True, related_name="test_teams")
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


class DriverNode(models.Model):
    """One line of a team's driver diagram. The aim is the team's own; the tree hangs under it.

    Primary drivers have no parent, secondary drivers hang under a primary driver, and change ideas
    under a secondary (or, for a simple diagram, a primary) driver.
    """

    class Level(models.TextChoices):
        PRIMARY = "primary", "Primary driver"
        SECONDARY = "secondary", "Secondary driver"
        CHANGE = "change", "Change idea"

    team = models.ForeignKey(TestTeam, on_delete=models.CASCADE, related_name="driver_nodes")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    level = models.CharField(max_length=20, choices=Level.choices)
    text = models.CharField(max_length=300)
    # A change idea may be one of the lab's ideas, taken up by the team.
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="driver_nodes")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class Cycle(models.Model):
    """A PDSA cycle on one change idea: plan, do, study, act. Cycles on one change idea form a chain."""

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt: keep the change"
        ADAPT = "adapt", "Adapt: change it and test again"
        ABANDON = "abandon", "Abandon: stop testing it"
        NEXT = "next", "Run a next cycle"

    team = models.ForeignKey(TestTeam, on_delete=models.CASCADE, related_name="cycles")
    change_idea = models.ForeignKey(DriverNode, on_delete=models.PROTECT, related_name="cycles")
    # The cycle this one follows on the same change idea (None for the first).
    previous = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycle")
    number = models.PositiveSmallIntegerField(default=1, help_text="1 for the first cycle on a change idea.")
    title = models.CharField(max_length=200)
    # Plan
    objective = models.TextField(max_length=TEXT_MAX_LENGTH)
    prediction = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    plan_who = models.TextField("who", max_length=TEXT_MAX_LENGTH, blank=True)
    plan_what = models.TextField("what", max_length=TEXT_MAX_LENGTH, blank=True)
    plan_where = models.TextField("where", max_length=TEXT_MAX_LENGTH, blank=True)
    plan_when = models.TextField("when", max_length=TEXT_MAX_LENGTH, blank=True)
    measures = models.ManyToManyField(Measure, blank=True, related_name="cycles")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # Do
    what_happened = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    observations = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    # Study
    results = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True, help_text="The results against the prediction.")
    # Act
    act = models.CharField(max_length=20, choices=Act.choices, blank=True)
    act_detail = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["change_idea", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["change_idea", "number"], name="cycle_number_once_per_change_idea")
        ]

    def __str__(self):
        return f"Cycle {self.number}: {self.title}"


class TeamNote(models.Model):
    """A note in a team's private space: its members and the lab team read it, nobody else."""

    team = models.ForeignKey(TestTeam, on_delete=models.CASCADE, related_name="notes")
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=20_000, help_text="Markdown.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title


def _team_file_path(team_file, filename):
    # Never under MEDIA_URL's public folder: team files are served by a gatekeeper view.
    return f"teams/{team_file.team.lab_id}/{team_file.team_id}/{filename}"


class TeamFile(models.Model):
    """A file in a team's private space."""

    team = models.ForeignKey(TestTeam, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_team_file_path, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.original_name


class LearningEntry(models.Model):
    """What a team tried, what happened and what it learned: searchable across the lab, citable."""

    team = models.ForeignKey(TestTeam, on_delete=models.CASCADE, related_name="learning")
    title = models.CharField(max_length=200)
    tried = models.TextField("what we tried", max_length=TEXT_MAX_LENGTH)
    happened = models.TextField("what happened", max_length=TEXT_MAX_LENGTH)
    learned = models.TextField("what we learned", max_length=TEXT_MAX_LENGTH)
    cycles = models.ManyToManyField(Cycle, blank=True, related_name="learning")
    ideas = models.ManyToManyField(Idea, blank=True, related_name="learning")
    insights = models.ManyToManyField(Insight, blank=True, related_name="learning")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "learning entries"

    def __str__(self):
        return self.title
