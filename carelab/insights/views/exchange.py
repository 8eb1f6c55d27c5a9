"""REFI-QDA exchange for the lab team: download the codebook (.qdc) or the project (.qdpx), import either."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from carelab.insights import exchange
from carelab.insights.access import coding_required
from carelab.insights.forms_exchange import ImportQdaForm
from carelab.insights.views.coding import _context, team_only
from carelab.lib.refiqda import RefiQdaError


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def exchange_page(request, slug):
    lab = request.lab
    posted = request.method == "POST"
    form = ImportQdaForm(request.POST if posted else None, request.FILES if posted else None)
    report = read_as = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read_as, report = exchange.import_file(lab, upload.read(), by=request.user)
        except (RefiQdaError, exchange.ExchangeError) as error:
            form.add_error("file", f"{str(error).rstrip('.')}. Nothing was imported")
        else:
            form = ImportQdaForm()
    return render(
        request,
        "insights/exchange/exchange.jinja",
        _context(request, form=form, report=report, read_as=read_as, has_codes=exchange.has_codes(lab)),
    )


@require_safe
@coding_required
@team_only
def export_qdc(request, slug):
    lab = request.lab
    try:
        data = exchange.export_codebook(lab)
    except RefiQdaError:
        return render(
            request,
            "insights/exchange/exchange.jinja",
            _context(request, form=ImportQdaForm(), report=None, read_as=None, has_codes=False),
            status=409,
        )
    return _download(data, "application/xml; charset=utf-8", f"{lab.slug}-codebook.qdc")


@require_safe
@coding_required
@team_only
def export_qdpx(request, slug):
    lab = request.lab
    return _download(exchange.export_project(lab), "application/zip", f"{lab.slug}.qdpx")
