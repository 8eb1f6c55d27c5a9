from django import forms

from carelab.lib.references import MAX_FILE_BYTES, MAX_REFERENCES

MAX_MEGABYTES = MAX_FILE_BYTES // (1024 * 1024)


class ImportReferencesForm(forms.Form):
    file = forms.FileField(
        label="Choose a reference file",
        help_text=(
            f"A RIS, PubMed (.nbib), BibTeX, Web of Science or CSV file smaller than {MAX_MEGABYTES} MB, "
            f"with up to {MAX_REFERENCES:,} references."
        ),
        # Only a hint for the file picker: CareLab tells the format from what the file holds.
        widget=forms.FileInput(attrs={"accept": ".ris,.nbib,.txt,.bib,.csv,.tsv,text/csv,text/plain"}),
        error_messages={"required": "Select a reference file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_MEGABYTES} MB. Split it into smaller files and "
                "import each one"
            )
        return upload
