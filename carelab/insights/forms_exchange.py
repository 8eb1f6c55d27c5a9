"""The import form of the REFI-QDA exchange page."""

from django import forms

from carelab.lib.refiqda import MAX_FILE_BYTES

MAX_MEGABYTES = MAX_FILE_BYTES // (1024 * 1024)


class ImportQdaForm(forms.Form):
    file = forms.FileField(
        label="Choose a REFI-QDA file",
        help_text=f"A project (.qdpx) or a codebook (.qdc) smaller than {MAX_MEGABYTES} MB.",
        # Only a hint for the file picker: CareLab tells the two apart from what the file holds.
        widget=forms.FileInput(attrs={"accept": ".qdpx,.qdc,application/zip,application/xml,text/xml"}),
        error_messages={"required": "Select a .qdpx or .qdc file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_MEGABYTES} MB")
        return upload
