from django import forms
from django.core.validators import URLValidator

from carelab.core.forms import UKDateTimeField, too_long
from carelab.events.models import (
    ACCESS_NEEDS_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Event,
    Registration,
)
from carelab.labs.models import Lab
from carelab.lib.markdown import HTML_HINT

HTTPS_ONLY = URLValidator(schemes=["https"], message="Enter a joining link that starts with https://")
MARKDOWN_HINT = f"You can use Markdown: * for a list, **bold**, and [links](https://…). {HTML_HINT}"


class EventForm(forms.ModelForm):
    """The lab team's form for an event. Cancelling is a page of its own, so it is not a status here."""

    starts_at = UKDateTimeField(
        label="Starts",
        help_text="The date and time in the UK, for example 3 November 2026 at 10:00am.",
        error_messages={"required": "Enter when the event starts", "invalid": "Enter a real date and time"},
    )
    ends_at = UKDateTimeField(
        label="Ends",
        help_text="The date and time in the UK.",
        error_messages={"required": "Enter when the event ends", "invalid": "Enter a real date and time"},
    )
    registration_closes_at = UKDateTimeField(
        label="Registration closes (optional)",
        required=False,
        help_text="Leave empty to let people register until the event starts.",
        error_messages={"invalid": "Enter a real date and time, or leave it empty"},
    )
    joining_link = forms.CharField(
        label="Joining link (optional)",
        required=False,
        max_length=500,
        validators=[HTTPS_ONLY],
        widget=forms.URLInput,
        help_text=(
            "For events online: the video call link, starting with https://. Only people with a place and the "
            "lab team see it. You can add it later."
        ),
        error_messages={"max_length": "Joining link must be 500 characters or fewer"},
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "format",
            "starts_at",
            "ends_at",
            "venue",
            "joining_link",
            "capacity",
            "who_may_register",
            "registration_closes_at",
            "access_needs_question",
            "status",
        ]
        labels = {
            "title": "Title",
            "summary": "What is the event about?",
            "format": "Where does it happen?",
            "venue": "Venue address",
            "capacity": "Number of places (optional)",
            "who_may_register": "Who can register?",
            "access_needs_question": "Question about access needs (optional)",
            "status": "Who can see this event?",
        }
        help_texts = {
            "summary": "Who it is for and what will happen. " + MARKDOWN_HINT,
            "venue": "For events in person. Put each line of the address on its own line.",
            "capacity": "Leave empty for no limit. When all places are taken, people join a waiting list.",
            "access_needs_question": (
                "People can answer it when they register. Only they and the lab team see the answer. "
                "Leave empty not to ask."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "venue": forms.Textarea(attrs={"rows": 3}),
            "format": forms.RadioSelect,
            "who_may_register": forms.RadioSelect,
            "status": forms.RadioSelect,
            "capacity": forms.NumberInput,
            "access_needs_question": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "Title must be 200 characters or fewer"},
            "summary": {
                "required": "Enter what the event is about",
                "max_length": too_long("The description", SUMMARY_MAX_LENGTH),
            },
            "format": {"required": "Select where the event happens"},
            "venue": {"max_length": too_long("The venue address", 500)},
            "capacity": {
                "invalid": "Enter the number of places as a whole number, like 20",
                "min_value": "Enter at least 1 place, or leave it empty for no limit",
            },
            "who_may_register": {"required": "Select who can register"},
            "access_needs_question": {"max_length": too_long("The question", 500)},
            "status": {"required": "Select who can see this event"},
        }

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.lab = lab
        self.fields["status"].choices = [
            (Event.Status.DRAFT, "Draft – only the lab team can see it"),
            (Event.Status.PUBLISHED, "Published – anyone can see it, and people can register"),
        ]
        self.fields["capacity"].widget.attrs.update({"inputmode": "numeric", "min": 1})

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The end must be after the start")
        closes_at = data.get("registration_closes_at")
        if starts_at and closes_at and closes_at > starts_at:
            self.add_error(
                "registration_closes_at", "Registration must close before the event starts, or leave it empty"
            )
        event_format = data.get("format")
        if event_format in (Event.Format.IN_PERSON, Event.Format.HYBRID) and not data.get("venue", "").strip():
            self.add_error("venue", "Enter the address of the venue")
        return data


class NotesForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["notes", "outputs"]
        labels = {"notes": "Notes from the event", "outputs": "Outputs"}
        help_texts = {
            "notes": "What happened and what people said. Anyone can read these on the event's page. " + MARKDOWN_HINT,
            "outputs": "Links to slides, write-ups, recordings or anything made at the event. " + MARKDOWN_HINT,
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 12}), "outputs": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "notes": {"max_length": too_long("The notes", NOTES_MAX_LENGTH)},
            "outputs": {"max_length": too_long("The outputs", NOTES_MAX_LENGTH)},
        }


class RegistrationForm(forms.Form):
    """Registering for an event: the one optional question about access needs, if the team asks it."""

    access_needs = forms.CharField(
        required=False,
        max_length=ACCESS_NEEDS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Only you and the lab team will see your answer.",
        error_messages={"max_length": too_long("Your answer", ACCESS_NEEDS_MAX_LENGTH)},
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        if event.access_needs_question.strip():
            self.fields["access_needs"].label = event.access_needs_question
        else:
            del self.fields["access_needs"]


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label="Message to people who registered (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="We e-mail everyone with a place or on the waiting list to say the event is cancelled. "
        "You can add why, or what happens next.",
        error_messages={"max_length": too_long("The message", 2000)},
    )


class AttendanceForm(forms.Form):
    """One choice per person with a place: attended, did not attend, or not recorded yet."""

    def __init__(self, *args, registrations: list[Registration], **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            self.fields[self.field_name(registration)] = forms.ChoiceField(
                label=registration.user.public_name,
                choices=[
                    (Registration.Attendance.ATTENDED, "Attended"),
                    (Registration.Attendance.DID_NOT_ATTEND, "Did not attend"),
                    (Registration.Attendance.NOT_RECORDED, "Not recorded"),
                ],
                required=False,
                initial=registration.attendance,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(registration: Registration) -> str:
        return f"attendance_{registration.pk}"

    def attendance(self) -> dict[int, str]:
        """What was chosen, by registration id."""
        return {
            registration.pk: self.cleaned_data.get(self.field_name(registration)) or ""
            for registration in self.registrations
        }
