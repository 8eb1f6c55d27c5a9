"""The evidence library: search and filters, items, tags, attachments and exports.

The lab team sees and edits the whole library; the lab's participants read the items the team
shares with them and download their files; everyone else is refused (403).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.pagination import pagination
from carelab.core.private_files import private_download
from carelab.evidence import actions_library as actions
from carelab.evidence import queries_library as queries
from carelab.evidence.forms_library import AttachmentForm, ItemForm, LibrarySearchForm, TagForm
from carelab.evidence.presenters import summary_rows
from carelab.labs.access import is_lab_team, lab_role_required, lab_team_required
from carelab.labs.models import Role
from carelab.lib.references import write_csv, write_ris

ITEMS_PER_PAGE = 20

library_required = lab_role_required(
    Role.PARTICIPANT, Role.TEAM, refusal="Only the lab's participants and its team can see its evidence library."
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _context(request, **more):
    lab = request.lab
    return {"lab": lab, "is_team": is_lab_team(request.user, lab), **more}


def _search_form(request) -> LibrarySearchForm:
    lab = request.lab
    bound = any(request.GET.get(name) for name in LibrarySearchForm.base_fields)
    return LibrarySearchForm(
        request.GET if bound else None, tags=queries.tags(lab), organisations=queries.organisations(lab)
    )


@require_safe
@library_required
def library(request, slug):
    form = _search_form(request)
    filters = form.filters()
    items = queries.for_list(queries.find_items(request.lab, request.user, filters))
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "evidence/library/list.jinja",
        _context(
            request,
            form=form,
            page=page,
            searched=bool(filters.get("query")),
            page_links=pagination(page, request.path, request.GET),
            export_query=kept.urlencode() if filters else "",
        ),
    )


@require_safe
@library_required
def export(request, slug, file_format):
    if file_format not in ("ris", "csv"):
        raise Http404
    form = _search_form(request)
    references = queries.references(queries.find_items(request.lab, request.user, form.filters()))
    if file_format == "ris":
        response = HttpResponse(write_ris(references), content_type="application/x-research-info-systems")
    else:
        response = HttpResponse(write_csv(references), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{request.lab.slug}-evidence.{file_format}"'
    return response


@require_safe
@library_required
def item(request, slug, pk):
    evidence = queries.get_item(request.lab, request.user, pk)
    return render(
        request,
        "evidence/library/item.jinja",
        _context(request, item=evidence, rows=summary_rows(evidence), attachment_form=AttachmentForm()),
    )


def _item_form(request, item=None) -> ItemForm:
    lab = request.lab
    options = {"tags": list(queries.tags(lab)), "organisations": list(queries.organisations(lab))}
    if item is None:
        return ItemForm(_posted(request), **options)
    return ItemForm(_posted(request), initial=ItemForm.initial_for(item), **options)


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def item_add(request, slug):
    form = _item_form(request)
    if form.is_valid():
        evidence = actions.create_item(
            request.lab,
            form.item_fields(),
            tag_ids=form.cleaned_data.get("tags", []),
            new_tags=form.cleaned_data["new_tags"],
            by=request.user,
        )
        messages.success(request, f"“{evidence.title}” added to the library. You can attach files to it here.")
        return redirect(evidence.get_absolute_url())
    return render(
        request, "evidence/library/item_form.jinja", _context(request, form=form, heading="Add an item to the library")
    )


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def item_edit(request, slug, pk):
    evidence = queries.get_item(request.lab, request.user, pk)
    form = _item_form(request, evidence)
    if form.is_valid():
        actions.update_item(
            evidence,
            form.item_fields(),
            tag_ids=form.cleaned_data.get("tags", []),
            new_tags=form.cleaned_data["new_tags"],
        )
        messages.success(request, f"“{evidence.title}” saved.")
        return redirect(evidence.get_absolute_url())
    return render(
        request,
        "evidence/library/item_form.jinja",
        _context(request, form=form, item=evidence, heading=f"Edit “{evidence.title}”"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def item_delete(request, slug, pk):
    evidence = queries.get_item(request.lab, request.user, pk)
    if request.method == "POST":
        actions.delete_item(evidence)
        messages.success(request, f"“{evidence.title}” deleted from the library.")
        return redirect("evidence:library", request.lab.slug)
    return render(request, "evidence/library/item_delete.jinja", _context(request, item=evidence))


# Attachments


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def attachment_add(request, slug, pk):
    evidence = queries.get_item(request.lab, request.user, pk)
    form = AttachmentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        actions.add_attachment(evidence, form.data_bytes, upload.name, form.kind, by=request.user)
        messages.success(request, f"“{upload.name}” attached. Its text is being read for search and coding.")
        return redirect(evidence.get_absolute_url())
    return render(request, "evidence/library/attachment_add.jinja", _context(request, item=evidence, form=form))


@require_safe
@library_required
def attachment(request, slug, pk, attachment_pk):
    """The gatekeeper for attachments: a download, never shown inline, for those who may read the item."""
    file = queries.get_attachment(request.lab, request.user, pk, attachment_pk)
    return private_download(file.file, file.original_name, file.content_type)


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def attachment_delete(request, slug, pk, attachment_pk):
    file = queries.get_attachment(request.lab, request.user, pk, attachment_pk)
    if request.method == "POST":
        actions.delete_attachment(file)
        messages.success(request, f"“{file.original_name}” deleted.")
        return redirect(file.item.get_absolute_url())
    return render(request, "evidence/library/attachment_delete.jinja", _context(request, item=file.item, file=file))


# Tags


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def tags(request, slug):
    form = TagForm(_posted(request), lab=request.lab)
    if form.is_valid():
        tag = actions.create_tag(request.lab, form.cleaned_data["name"])
        messages.success(request, f"Tag “{tag.name}” added.")
        return redirect("evidence:tags", request.lab.slug)
    return render(
        request, "evidence/library/tags.jinja", _context(request, form=form, tags=queries.tags_with_counts(request.lab))
    )


@lab_team_required
@require_POST
def tag_delete(request, slug, pk):
    tag = queries.get_tag(request.lab, pk)
    actions.delete_tag(tag)
    messages.success(request, f"Tag “{tag.name}” deleted. The items it was on stay in the library.")
    return redirect("evidence:tags", request.lab.slug)
