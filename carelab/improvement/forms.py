"""Forms for test teams, their measures and data points."""

from django import forms
from django.core.exceptions import ValidationError

from carelab.core.forms import reasonable_year, too_long
from carelab.ideas.forms import ChoicesByIdField
from carelab.improvement.models import TEXT_MAX_LENGTH, DataPoint, Measure, TeamMember, TestTeam
from carelab.lib.measures_csv import MAX_NUMBER, NOTE_MAX_LENGTH, parse_date
from carelab.safeguarding.checks import WordsCheck, check_words

PERSONAL_DATA_REFUSED = (
    "Leave out names, e-mail addresses, phone numbers and other details about a person: the lab's participants "
    "can read this. Describe what changed instead."
)
RISK_REFUSED = (
    "This reads as if someone may be at risk. It has not been saved. If you or someone else needs help now, "
    "see the help page (the link is at the top of every page); the lab team has been told if it is urgent."
)


class WordsCheckedForm(forms.ModelForm):
    """A form whose free text the lab's participants read: checked for risk and personal data."""

    checked_fields: tuple[str, ...] = ()

    def __init__(self, *args, lab=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.words: WordsCheck | None = None

    def clean(self):
        cleaned = super().clean()
        texts = [cleaned.get(name) or "" for name in self.checked_fields]
        if any(texts):
            self.words = check_words(self.lab, *texts)
            if self.words.has_risk:
                raise ValidationError(RISK_REFUSED, code="risk")
            if self.words.has_personal_data:
                raise ValidationError(PERSONAL_DATA_REFUSED, code="personal_data")
        return cleaned


class TestTeamForm(forms.ModelForm):
    __test__ = False

    class Meta:
        model = TestTeam
        fields = ["name", "organisations", "challenge", "aim", "ideas"]
        labels = {
            "name": "Team name",
            "challenge": "Challenge statement",
            "aim": "Aim",
            "ideas": "The lab's ideas the team is taking up (optional)",
        }
        field_classes = {"ideas": ChoicesByIdField}
        help_texts = {
            "challenge": "What the team wants to change, for whom, and why it matters.",
            "aim": "What are we trying to accomplish, by how much, by when? For example: “By March, 80% of people "
            "referred are offered a first appointment within 14 days.”",
            "organisations": "The organisations the team comes from.",
        }
        widgets = {"organisations": forms.CheckboxSelectMultiple, "ideas": forms.CheckboxSelectMultiple}
        error_messages = {
            "name": {"required": "Enter the team's name"},
            "challenge": {
                "required": "Enter the challenge statement",
                "max_length": too_long("The challenge", TEXT_MAX_LENGTH),
            },
            "aim": {"required": "Enter the aim", "max_length": too_long("The aim", TEXT_MAX_LENGTH)},
        }

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.fields["organisations"].queryset = lab.organisations.order_by("name")
        self.fields["organisations"].required = False
        # The lab's published ideas, and any the team took up before (kept even if no longer published).
        ideas = lab.ideas.published()
        if self.instance.pk:
            ideas = ideas | lab.ideas.filter(test_teams=self.instance)
        self.fields["ideas"].queryset = ideas.distinct().order_by("title", "pk")
        self.fields["ideas"].required = False
        self.fields["ideas"].error_messages["invalid_choice"] = "Choose from the lab's published ideas"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = TestTeam.objects.for_lab(self.lab).filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("The lab already has a test team with this name")
        return name


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=None,
        label="Person",
        error_messages={"required": "Choose who to add", "invalid_choice": "Choose who to add"},
    )
    role = forms.ChoiceField(choices=TeamMember.Role.choices, initial=TeamMember.Role.MEMBER, label="Role in the team")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda user: f"{user.display_name or 'No name'} ({user.email})"


class MeasureForm(WordsCheckedForm):
    checked_fields = ("name", "definition", "unit")
    recalculate_from = forms.CharField(
        required=False,
        label="Work out the limits again from (optional)",
        help_text=(
            "Dates, one per line, like 2026-03-01: for example the start of a PDSA cycle that changed the process."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Measure
        fields = ["name", "kind", "definition", "unit", "improvement", "chart", "target", "baseline_points"]
        labels = {
            "kind": "Kind of measure",
            "definition": "Operational definition",
            "improvement": "Which direction is better?",
            "chart": "Chart",
            "target": "Target (optional)",
            "baseline_points": "Fix the limits on the first … points (optional)",
        }
        widgets = {"kind": forms.RadioSelect, "improvement": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the measure's name"},
            "definition": {
                "required": "Enter the operational definition: exactly what is counted, how and when",
                "max_length": too_long("The definition", TEXT_MAX_LENGTH),
            },
            "target": {"invalid": "Enter the target as a number, like 80 or 12.5"},
            "baseline_points": {
                "invalid": "Enter a whole number of points, like 12",
                "max_value": "Enter a number of points up to 32,767",
            },
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, lab=team.lab, **kwargs)
        self.team = team
        if self.instance.pk and not self.is_bound:
            self.initial["recalculate_from"] = "\n".join(self.instance.recalculate_from or [])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Measure.objects.filter(team=self.team, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError("The team already has a measure with this name")
        return name

    def clean_target(self):
        target = self.cleaned_data.get("target")
        if target is not None and abs(target) > MAX_NUMBER:
            raise ValidationError("The target is too large to chart")
        return target

    def clean_baseline_points(self):
        points = self.cleaned_data.get("baseline_points")
        if points is not None and points < 2:
            raise ValidationError("A baseline needs at least 2 points")
        return points

    def clean_recalculate_from(self):
        found = []
        for line in self.cleaned_data.get("recalculate_from", "").splitlines():
            if not line.strip():
                continue
            when = parse_date(line)
            if when is None:
                raise ValidationError(f"“{line.strip()[:30]}” is not a date. Use a date like 2026-03-01")
            try:
                reasonable_year(when)
            except ValidationError as error:
                raise ValidationError(error.messages[0]) from None
            found.append(when.isoformat())
        if len(found) > 50:
            raise ValidationError("Give up to 50 dates")
        return sorted(set(found))

    def save(self, commit=True):
        self.instance.recalculate_from = self.cleaned_data["recalculate_from"]
        self.instance.team = self.team
        return super().save(commit)


class DataPointForm(WordsCheckedForm):
    checked_fields = ("note",)

    class Meta:
        model = DataPoint
        fields = ["date", "value", "denominator", "note"]
        labels = {"date": "Date", "value": "Value", "denominator": "Denominator", "note": "Note (optional)"}
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        error_messages = {
            "date": {"required": "Enter the date", "invalid": "Enter a real date, like 2026-03-01"},
            "value": {"required": "Enter the value", "invalid": "Enter the value as a number, like 12 or 3.5"},
            "denominator": {"invalid": "Enter the denominator as a number, like 120"},
            "note": {"max_length": too_long("The note", NOTE_MAX_LENGTH)},
        }

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, lab=measure.team.lab, **kwargs)
        self.measure = measure
        self.fields["date"].validators.append(reasonable_year)
        if measure.needs_denominator:
            self.fields["denominator"].required = True
            self.fields["denominator"].error_messages["required"] = "Enter the denominator"
            self.fields["value"].label = "Count"
        else:
            del self.fields["denominator"]

    def clean_value(self):
        value = self.cleaned_data["value"]
        if abs(value) > MAX_NUMBER:
            raise ValidationError("The value is too large to chart")
        if self.measure.needs_denominator and value < 0:
            raise ValidationError("A count cannot be below 0")
        return value

    def clean(self):
        cleaned = super().clean()
        denominator, value = cleaned.get("denominator"), cleaned.get("value")
        if self.measure.needs_denominator and denominator is not None:
            if denominator <= 0 or denominator > MAX_NUMBER:
                self.add_error("denominator", "The denominator must be more than 0 and less than a trillion")
            elif self.measure.is_proportion and value is not None and value > denominator:
                self.add_error("value", "The count cannot be more than the denominator")
        when = cleaned.get("date")
        if when and DataPoint.objects.filter(measure=self.measure, date=when).exclude(pk=self.instance.pk).exists():
            self.add_error("date", "There is already a value for this date. Change that one, or choose another date")
        return cleaned

    def save(self, commit=True):
        self.instance.measure = self.measure
        return super().save(commit)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: date, value, and for this chart denominator; note is optional.",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
    )
