"""A test team's private space: its notes and files, for the team's members and the lab team only.

Gatekeepers: `readers_required` (the lab's participants and team) lets the person into the lab, then
`get_team_space` refuses everyone but the team's members and the lab team (403); a note or file of
another team, or a team of another lab, is a 404. Every page is a private page (no-store).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from carelab.core.private_files import private_download
from carelab.improvement import actions, actions_space, queries_space
from carelab.improvement.access import get_team_space, readers_required
from carelab.improvement.forms_space import FileForm, NoteForm
from carelab.improvement.models import TeamNote


def _posted(request):
    return request.POST if request.method == "POST" else None


def _space_url(team) -> str:
    return reverse("improvement:space", args=[team.lab.slug, team.pk])


@require_safe
@readers_required
def space(request, slug, pk):
    team = get_team_space(request, pk)
    return render(
        request,
        "improvement/space/space.jinja",
        {
            "lab": request.lab,
            "team": team,
            "notes": list(queries_space.notes_of(team)),
            "files": list(queries_space.files_of(team)),
        },
    )


# -- Notes ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def note_new(request, slug, pk):
    team = get_team_space(request, pk)
    return _note_form(request, team, TeamNote(team=team), "Write a note")


@require_safe
@readers_required
def note(request, slug, pk, note_pk):
    team = get_team_space(request, pk)
    shown = queries_space.get_note(team, note_pk)
    return render(request, "improvement/space/note.jinja", {"lab": request.lab, "team": team, "note": shown})


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def note_edit(request, slug, pk, note_pk):
    team = get_team_space(request, pk)
    return _note_form(request, team, queries_space.get_note(team, note_pk), "Change the note")


def _note_form(request, team, note: TeamNote, heading: str):
    form = NoteForm(_posted(request), instance=note, team=team)
    if request.method == "POST":
        if form.is_valid():
            fields = {"title": form.cleaned_data["title"], "body": form.cleaned_data["body"]}
            if note.pk:
                saved = actions_space.update_note(note, **fields)
            else:
                saved = actions_space.create_note(team, **fields, by=request.user)
            messages.success(request, f"Saved the note “{saved.title}”.")
            return redirect("improvement:space_note", request.lab.slug, team.pk, saved.pk)
        actions.flag_refused_words(team, form.words, request.user)
    return render(
        request,
        "improvement/space/note_form.jinja",
        {"lab": request.lab, "team": team, "form": form, "note": note, "heading": heading},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def note_delete(request, slug, pk, note_pk):
    team = get_team_space(request, pk)
    shown = queries_space.get_note(team, note_pk)
    if request.method == "POST":
        actions_space.delete_note(shown)
        messages.success(request, f"Deleted the note “{shown.title}”.")
        return redirect(_space_url(team))
    return render(request, "improvement/space/note_delete.jinja", {"lab": request.lab, "team": team, "note": shown})


# -- Files ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def file_upload(request, slug, pk):
    team = get_team_space(request, pk)
    form = FileForm(_posted(request), request.FILES if request.method == "POST" else None, team=team)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            saved = actions_space.add_file(
                team,
                form.data_bytes,
                form.kind,
                name=upload.name,
                description=form.cleaned_data["description"],
                by=request.user,
            )
            messages.success(request, f"Uploaded “{saved.original_name}”.")
            return redirect(f"{_space_url(team)}#files")
        actions.flag_refused_words(team, form.words, request.user)
    return render(
        request,
        "improvement/space/file_upload.jinja",
        {"lab": request.lab, "team": team, "form": form},
    )


@require_safe
@readers_required
def file_download(request, slug, pk, file_pk):
    """The gatekeeper for a team's files: a download, never shown inline, for its members and the lab team."""
    found = queries_space.get_file(get_team_space(request, pk), file_pk)
    return private_download(found.file, found.original_name, found.content_type)


@require_http_methods(["GET", "HEAD", "POST"])
@readers_required
def file_delete(request, slug, pk, file_pk):
    team = get_team_space(request, pk)
    found = queries_space.get_file(team, file_pk)
    if request.method == "POST":
        actions_space.delete_file(found)
        messages.success(request, f"Deleted “{found.original_name}”.")
        return redirect(f"{_space_url(team)}#files")
    return render(request, "improvement/space/file_delete.jinja", {"lab": request.lab, "team": team, "file": found})
