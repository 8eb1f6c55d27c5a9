"""Forms of the library pages: search and filters, an item, a tag, an attachment."""

import re

from django import forms
from django.core.exceptions import ValidationError

from carelab.core.forms import too_long
from carelab.core.private_files import UPLOAD_ACCEPT, UPLOAD_HELP, read_upload
from carelab.evidence.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, EvidenceItem, EvidenceTag
from carelab.lib.references import EARLIEST_YEAR, LATEST_YEAR, normalise_doi
from carelab.lib.regions import REGIONS

QUERY_MAX_LENGTH = 500
TAG_MAX_LENGTH = 100
MAX_AUTHORS = 500
MAX_KEYWORDS = 200
_YEAR_MESSAGE = f"Enter a year between {EARLIEST_YEAR} and {LATEST_YEAR}, like 2021"


def _year_field(label: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        error_messages={
            "invalid": _YEAR_MESSAGE,
            "min_value": _YEAR_MESSAGE,
            "max_value": _YEAR_MESSAGE,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
    )


class LibrarySearchForm(forms.Form):
    """The list's search box and filters (a GET form: every field is optional)."""

    q = forms.CharField(
        label="Search the library",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={"max_length": f"Search for {QUERY_MAX_LENGTH} characters or fewer"},
        help_text="Words in the title, authors, abstract, keywords, notes or attached files.",
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *EvidenceItem.Kind.choices])
    year_from = _year_field("From year")
    year_to = _year_field("To year")
    tag = forms.ChoiceField(label="Tag", required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)

    def __init__(self, *args, tags, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", "Any tag"), *((str(tag.pk), tag.name) for tag in tags)]
        self.fields["organisation"].choices = [
            ("", "Any organisation"),
            *((str(organisation.pk), organisation.name) for organisation in organisations),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", "The “to” year must be the same as or after the “from” year")
        return data

    def filters(self) -> dict:
        """The filters to apply: empty when the form has errors, so the page shows them and the whole list."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "kind": data["kind"],
            "year_from": data["year_from"],
            "year_to": data["year_to"],
            "tag": int(data["tag"]) if data["tag"] else None,
            "organisation": int(data["organisation"]) if data["organisation"] else None,
        }


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of evidence", choices=EvidenceItem.Kind.choices)
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": "Enter a title", "max_length": too_long("The title", TITLE_MAX_LENGTH)},
    )
    authors = forms.CharField(
        label="Authors (optional)",
        required=False,
        help_text="One author on each line, as the source writes them, like “Smith, J. A.”",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    year = _year_field("Year (optional)")
    source = forms.CharField(
        label="Journal, publisher or organisation (optional)",
        required=False,
        max_length=500,
        error_messages={"max_length": too_long("The journal, publisher or organisation", 500)},
    )
    doi = forms.CharField(label="DOI (optional)", required=False, max_length=300, help_text="Like 10.1000/xyz123")
    pmid = forms.RegexField(
        label="PubMed ID (optional)",
        required=False,
        regex=r"^\s*\d{1,9}\s*$",
        error_messages={"invalid": "Enter a PubMed ID in numbers only, like 31409330"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
    )
    url = forms.URLField(
        label="Web address (optional)",
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org/report"},
    )
    abstract = forms.CharField(
        label="Abstract or summary (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages={"max_length": too_long("The abstract or summary", TEXT_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    keywords = forms.CharField(
        label="Keywords (optional)",
        required=False,
        help_text="One keyword or phrase on each line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tags = forms.MultipleChoiceField(label="Tags (optional)", required=False, widget=forms.CheckboxSelectMultiple)
    new_tags = forms.CharField(
        label="Add new tags (optional)",
        required=False,
        max_length=1000,
        help_text="Separate tags with commas, like “peer support, rural”.",
    )
    organisation = forms.ChoiceField(label="Organisation (optional)", required=False)
    region = forms.ChoiceField(label="Region (optional)", required=False, choices=[("", "No region"), *REGIONS])
    notes = forms.CharField(
        label="The lab team's notes (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text="Participants never see these.",
        error_messages={"max_length": too_long("The notes", TEXT_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_with_participants = forms.BooleanField(
        label="Share this item with the lab's participants",
        required=False,
        help_text="They can read it and download its files in the library. Your notes stay with the lab team.",
    )

    def __init__(self, *args, tags, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].choices = [(str(tag.pk), tag.name) for tag in tags]
        if not tags:
            del self.fields["tags"]
        self.fields["organisation"].choices = [
            ("", "No organisation"),
            *((str(organisation.pk), organisation.name) for organisation in organisations),
        ]

    @classmethod
    def initial_for(cls, item: EvidenceItem) -> dict:
        return {
            "kind": item.kind,
            "title": item.title,
            "authors": "\n".join(item.authors or []),
            "year": item.year,
            "source": item.source,
            "doi": item.doi,
            "pmid": item.pmid,
            "url": item.url,
            "abstract": item.abstract,
            "keywords": "\n".join(item.keywords or []),
            "tags": [str(pk) for pk in item.tags.values_list("pk", flat=True)],
            "organisation": str(item.organisation_id or ""),
            "region": item.region,
            "notes": item.notes,
            "shared_with_participants": item.shared_with_participants,
        }

    def clean_authors(self):
        authors = _lines(self.cleaned_data["authors"])
        if len(authors) > MAX_AUTHORS or any(len(author) > 300 for author in authors):
            raise ValidationError(f"Enter up to {MAX_AUTHORS} authors, each shorter than 300 characters")
        return authors

    def clean_keywords(self):
        keywords = _lines(self.cleaned_data["keywords"])
        if len(keywords) > MAX_KEYWORDS or any(len(keyword) > 200 for keyword in keywords):
            raise ValidationError(f"Enter up to {MAX_KEYWORDS} keywords, each shorter than 200 characters")
        return keywords

    def clean_doi(self):
        value = self.cleaned_data["doi"].strip()
        if not value:
            return ""
        doi = normalise_doi(value)
        if not doi or len(doi) > 200:
            raise ValidationError("Enter a DOI, like 10.1000/xyz123")
        return doi

    def clean_pmid(self):
        return self.cleaned_data["pmid"].strip()

    def clean_new_tags(self):
        names = [" ".join(name.split()) for name in re.split(r"[,\n]", self.cleaned_data["new_tags"])]
        names = list(dict.fromkeys(name for name in names if name))
        if any(len(name) > TAG_MAX_LENGTH for name in names):
            raise ValidationError(f"Each tag must be {TAG_MAX_LENGTH} characters or fewer")
        return names

    def item_fields(self) -> dict:
        """The cleaned data as the item's own fields, tags and organisation as ids."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"].strip(),
            "authors": data["authors"],
            "year": data["year"],
            "source": data["source"].strip(),
            "doi": data["doi"],
            "pmid": data["pmid"],
            "url": data["url"],
            "abstract": data["abstract"].strip(),
            "keywords": data["keywords"],
            "organisation_id": int(data["organisation"]) if data["organisation"] else None,
            "region": data["region"],
            "notes": data["notes"].strip(),
            "shared_with_participants": data["shared_with_participants"],
        }


class TagForm(forms.Form):
    name = forms.CharField(
        label="Tag name",
        max_length=TAG_MAX_LENGTH,
        error_messages={"required": "Enter a tag name", "max_length": too_long("The tag name", TAG_MAX_LENGTH)},
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if EvidenceTag.objects.filter(lab=self.lab, name__iexact=name).exists():
            raise ValidationError(f"There is a tag called “{name}” already")
        return name


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text=UPLOAD_HELP,
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.data_bytes, self.kind = read_upload(upload)
        return upload
