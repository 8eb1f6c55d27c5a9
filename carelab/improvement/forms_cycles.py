"""Forms for PDSA cycles: start a cycle (choosing its change idea) and fill in each part, plan, do,
study and act, as its own form, so a team writes them over the weeks the cycle runs.

Everything a cycle says is read by the lab's participants, so every text goes through `check_words`
(`WordsCheckedForm`, as for measures): personal data and risk are refused with a message.
"""

from django import forms

from carelab.core.forms import reasonable_year, too_long
from carelab.improvement.forms import WordsCheckedForm
from carelab.improvement.models import TEXT_MAX_LENGTH, Cycle, Measure, TestTeam
from carelab.improvement.queries_cycles import change_ideas_of

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PLAN_TEXT = ("title", "objective", "prediction", "plan_who", "plan_what", "plan_where", "plan_when")


def _too_long(what: str) -> dict:
    return {"max_length": too_long(what, TEXT_MAX_LENGTH)}


class PlanForm(WordsCheckedForm):
    checked_fields = PLAN_TEXT

    class Meta:
        model = Cycle
        fields = [*PLAN_TEXT, "measures", "start_date", "end_date"]
        labels = {
            "title": "Name of the cycle",
            "objective": "Objective",
            "prediction": "Prediction",
            "plan_who": "Who will do it?",
            "plan_what": "What will they do?",
            "plan_where": "Where?",
            "plan_when": "When?",
            "measures": "Measures",
            "start_date": "Start date",
            "end_date": "End date (optional)",
        }
        help_texts = {
            "title": "A few words, for example “Text reminders at one clinic for two weeks”.",
            "objective": "What this cycle is to find out.",
            "prediction": "What you expect to happen, and by how much.",
            "measures": "The measures that will show what happened. The cycle is marked on their charts.",
            "start_date": "The cycle is marked on its measures' charts from this date. For example, 2026-03-01.",
        }
        widgets = {
            "measures": forms.CheckboxSelectMultiple,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "objective": forms.Textarea(attrs={"rows": 3}),
            "prediction": forms.Textarea(attrs={"rows": 3}),
            "plan_who": forms.Textarea(attrs={"rows": 2}),
            "plan_what": forms.Textarea(attrs={"rows": 3}),
            "plan_where": forms.Textarea(attrs={"rows": 2}),
            "plan_when": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {"required": "Enter a name for the cycle"},
            "objective": {
                "required": "Enter the objective: what this cycle is to find out",
                **_too_long("The objective"),
            },
            "prediction": _too_long("The prediction"),
            "plan_who": _too_long("Who"),
            "plan_what": _too_long("What"),
            "plan_where": _too_long("Where"),
            "plan_when": _too_long("When"),
            "measures": {"invalid_choice": "Choose the team's own measures", "invalid_pk_value": "Choose a measure"},
            "start_date": {"invalid": "Enter a real start date, like 2026-03-01"},
            "end_date": {"invalid": "Enter a real end date, like 2026-03-14"},
        }

    def __init__(self, *args, team: TestTeam, **kwargs):
        super().__init__(*args, lab=team.lab, **kwargs)
        self.team = team
        self.fields["measures"].queryset = Measure.objects.filter(team=team).order_by("position", "pk")
        self.fields["measures"].required = False
        for name in ("start_date", "end_date"):
            self.fields[name].validators.append(reasonable_year)

    def clean(self):
        start, end = self.cleaned_data.get("start_date"), self.cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        if end and not start and "start_date" not in self.errors:
            self.add_error("start_date", "Enter the start date as well as the end date")
        return super().clean()


class StartForm(PlanForm):
    """Starting a cycle: its change idea, then its plan."""

    change_idea = forms.ModelChoiceField(
        queryset=None,
        label="Change idea to test",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the change idea to test",
            "invalid_choice": "Choose the change idea to test",
        },
    )

    field_order = ["change_idea", *PLAN_TEXT]

    def __init__(self, *args, team: TestTeam, **kwargs):
        super().__init__(*args, team=team, **kwargs)
        self.fields["change_idea"].queryset = change_ideas_of(team)


def initial_after(cycle: Cycle) -> dict:
    """A next cycle's form, filled in from the plan of the cycle it follows: the team changes what it adapts."""
    return {
        "change_idea": cycle.change_idea_id,
        **{name: getattr(cycle, name) for name in PLAN_TEXT},
        "measures": [measure.pk for measure in cycle.measures.all()],
    }


class DoForm(WordsCheckedForm):
    checked_fields = ("what_happened", "observations")

    class Meta:
        model = Cycle
        fields = ["what_happened", "observations"]
        labels = {"what_happened": "What happened?", "observations": "Observations"}
        help_texts = {
            "what_happened": "What the team did, and anything that went differently from the plan.",
            "observations": "What the team noticed: problems, surprises, what people said (without names).",
        }
        error_messages = {"what_happened": _too_long("What happened"), "observations": _too_long("The observations")}


class StudyForm(WordsCheckedForm):
    checked_fields = ("results",)

    class Meta:
        model = Cycle
        fields = ["results"]
        labels = {"results": "Results against the prediction"}
        help_texts = {"results": "What the measures and observations show, compared with what you predicted."}
        error_messages = {"results": _too_long("The results")}


class ActForm(WordsCheckedForm):
    checked_fields = ("act_detail",)

    class Meta:
        model = Cycle
        fields = ["act", "act_detail"]
        labels = {"act": "What will the team do now?", "act_detail": "What and why"}
        widgets = {"act": forms.RadioSelect}
        error_messages = {"act_detail": _too_long("What and why")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].required = True
        self.fields["act"].choices = Cycle.Act.choices
        self.fields["act"].error_messages = {
            "required": "Choose what the team will do now",
            "invalid_choice": "Choose what the team will do now",
        }


PART_FORMS = {"plan": PlanForm, "do": DoForm, "study": StudyForm, "act": ActForm}
PART_NAMES = {"plan": "Plan", "do": "Do", "study": "Study", "act": "Act"}


def part_form(part: str, data, cycle: Cycle):
    if part == "plan":
        return PlanForm(data, instance=cycle, team=cycle.team)
    return PART_FORMS[part](data, instance=cycle, lab=cycle.team.lab)
