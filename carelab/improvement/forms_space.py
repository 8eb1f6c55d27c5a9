"""Forms of a test team's private space: a note (Markdown) and a file with a short description.

The space is private to the team and the lab team, but a note can still hold words that suggest
someone is at risk, or details about a person using a service (decision 0041): both are checked as on
the team's page, with a message that fits a private note.
"""

from django import forms
from django.core.exceptions import ValidationError

from carelab.core.forms import too_long
from carelab.core.private_files import UPLOAD_ACCEPT, UPLOAD_HELP, read_upload
from carelab.improvement.forms import RISK_REFUSED, WordsCheckedForm
from carelab.improvement.models import TeamNote
from carelab.lib.markdown import HTML_HINT
from carelab.safeguarding.checks import WordsCheck, check_words

NOTE_MAX_LENGTH = TeamNote._meta.get_field("body").max_length
DESCRIPTION_MAX_LENGTH = 300
SPACE_PERSONAL_DATA_REFUSED = (
    "Leave out names, e-mail addresses, phone numbers and other details about a person, such as someone who "
    "uses a service: even the team's private space is not the place for them. Describe what happened instead."
)


class NoteForm(WordsCheckedForm):
    checked_fields = ("title", "body")

    class Meta:
        model = TeamNote
        fields = ["title", "body"]
        labels = {"title": "Title", "body": "Note"}
        help_texts = {
            "body": "You can use Markdown: **bold**, *italic*, lists starting with - and links like "
            f"[words](https://example.org). {HTML_HINT}"
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        error_messages = {
            "title": {"required": "Enter a title", "max_length": too_long("The title", 200)},
            "body": {"required": "Write the note", "max_length": too_long("The note", NOTE_MAX_LENGTH)},
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, lab=team.lab, **kwargs)

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "personal_data":
                raise ValidationError(SPACE_PERSONAL_DATA_REFUSED, code="personal_data") from None
            raise


class FileForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text=UPLOAD_HELP,
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    description = forms.CharField(
        label="What is it? (optional)",
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="For example: the notes of our March meeting, or the leaflet we tested.",
        error_messages={"max_length": too_long("The description", DESCRIPTION_MAX_LENGTH)},
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.words: WordsCheck | None = None
        self.data_bytes, self.kind = b"", ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.data_bytes, self.kind = read_upload(upload)
        return upload

    def clean_description(self):
        description = " ".join(self.cleaned_data["description"].split())
        if description:
            self.words = check_words(self.team.lab, description)
            if self.words.has_risk:
                raise ValidationError(RISK_REFUSED, code="risk")
            if self.words.has_personal_data:
                raise ValidationError(SPACE_PERSONAL_DATA_REFUSED, code="personal_data")
        return description
