from pathlib import PurePath

from django import forms

from carelab.labs.models import Lab
from carelab.lib.organisations_csv import DESCRIPTION_MAX_LENGTH, MAX_ROWS, NAME_MAX_LENGTH, WEBSITE_MAX_LENGTH
from carelab.lib.regions import REGIONS
from carelab.organisations.models import HTTPS_ONLY, Organisation

CSV_MAX_BYTES = 2 * 1024 * 1024
SEARCH_MAX_LENGTH = 100


class HttpsAddressField(forms.URLField):
    """A web address that must be https; "www.example.org" is read as "https://www.example.org"."""

    default_validators = [HTTPS_ONLY]

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", max_length=WEBSITE_MAX_LENGTH, **kwargs)


class OrganisationForm(forms.ModelForm):
    """The lab team's form for adding and editing an organisation in the directory."""

    website = HttpsAddressField(
        label="Website (optional)",
        required=False,
        help_text="The organisation's secure web address, starting with https://",
        error_messages={
            "invalid": "Enter the website as a web address that starts with https://, like https://www.example.org",
            "max_length": f"Website must be {WEBSITE_MAX_LENGTH} characters or fewer",
        },
    )
    contact_page = HttpsAddressField(
        label="Contact page (optional)",
        required=False,
        help_text="A page on their website that says how to get in touch, starting with https://",
        error_messages={
            "invalid": "Enter the contact page as a web address that starts with https://",
            "max_length": f"Contact page must be {WEBSITE_MAX_LENGTH} characters or fewer",
        },
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "website", "contact_page", "description", "is_public"]
        labels = {
            "name": "Name",
            "kind": "What kind of organisation is it?",
            "region": "Region",
            "description": "Short description (optional)",
            "is_public": "Show this organisation in the lab's public directory",
        }
        help_texts = {
            "region": "Where the organisation works. Choose UK-wide or online if it is not in one region.",
            "description": "What the organisation does, in a sentence or two. Shown as plain text.",
            "is_public": "",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {
                "required": "Enter the organisation's name",
                "max_length": f"Name must be {NAME_MAX_LENGTH} characters or fewer",
            },
            "kind": {"required": "Select what kind of organisation it is"},
            "region": {"required": "Select a region", "invalid_choice": "Select a region from the list"},
            "description": {"max_length": f"Description must be {DESCRIPTION_MAX_LENGTH} characters or fewer"},
        }

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.instance.lab = lab
        self.fields["region"].choices = [("", "Choose a region"), *REGIONS]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Organisation.objects.for_lab(self.lab).name_taken(name, exclude_pk=self.instance.pk):
            raise forms.ValidationError("The directory already has an organisation with this name")
        return name

    def clean_description(self):
        return self.cleaned_data["description"].strip()


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters, sent as a GET form so the page works without JavaScript."""

    q = forms.CharField(
        label="Search by name",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": f"Search must be {SEARCH_MAX_LENGTH} characters or fewer"},
    )
    region = forms.ChoiceField(
        label="Region",
        required=False,
        choices=[("", "All regions"), *REGIONS],
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        required=False,
        choices=[("", "All kinds"), *Organisation.Kind.choices],
        error_messages={"invalid_choice": "Select a kind of organisation from the list"},
    )

    def filter(self, organisations):
        """The organisations that match the valid filters; a filter with an error is left out."""
        if not self.is_bound:
            return organisations
        self.is_valid()
        data = self.cleaned_data  # only the fields without errors
        if data.get("region"):
            organisations = organisations.filter(region=data["region"])
        if data.get("kind"):
            organisations = organisations.filter(kind=data["kind"])
        return organisations.search(data.get("q", ""))

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Choose a CSV file",
        help_text=f"A .csv file smaller than 2 MB, with up to {MAX_ROWS:,} organisations.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() != ".csv":
            raise forms.ValidationError("The selected file must be a CSV file (ending in .csv)")
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(
                "The selected file must be smaller than 2 MB. Split it into smaller files and upload each one"
            )
        return upload
