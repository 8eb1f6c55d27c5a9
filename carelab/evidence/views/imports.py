"""The lab team imports a reference file into the evidence library, and sees what happened to each record."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from carelab.evidence.actions_imports import import_references
from carelab.evidence.forms_imports import ImportReferencesForm
from carelab.labs.access import lab_team_required
from carelab.lib.references import ReferenceFileError


@lab_team_required
@require_http_methods(["GET", "POST"])
def import_page(request, slug):
    lab = request.lab
    posted = request.method == "POST"
    form = ImportReferencesForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_references(lab, upload.read(), upload.name, by=request.user)
        except ReferenceFileError as error:
            form.add_error("file", f"{error}. Nothing was imported. Correct or export the file again, then upload it")
        else:
            form = ImportReferencesForm()  # ready for the next file
    return render(request, "evidence/imports/import.jinja", {"lab": lab, "form": form, "report": report})
