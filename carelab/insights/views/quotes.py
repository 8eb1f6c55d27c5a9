"""Quotes pages for the lab team: make a quote from a consented excerpt, redact it, have a second team member
approve it, publish or unpublish it, remove it, and see which quotes were withdrawn and why.

Only the lab team (and site admins): coders code, but choosing people's words to publish is the team's.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.pagination import pagination
from carelab.insights import actions_quotes as actions
from carelab.insights import queries_quotes as queries
from carelab.insights.forms_quotes import ApproveForm, NewQuoteForm, RedactForm
from carelab.insights.models import Quote
from carelab.labs.access import lab_team_required
from carelab.lib.quote_redaction import KIND_LABELS, suggest_redactions
from carelab.safeguarding.checks import check_words

QUOTES_PER_PAGE = 25
MAX_ID_LENGTH = 12


def _posted(request):
    return request.POST if request.method == "POST" else None


def _pk(value: str | None) -> int:
    if not value or not value.isdigit() or len(value) > MAX_ID_LENGTH or not value.isascii():
        raise Http404("Choose a coded part of a source to quote, from a source's coding page.")
    return int(value)


@require_safe
@lab_team_required
def quotes(request, slug):
    lab = request.lab
    state = request.GET.get("state", Quote.Status.RAW)
    if state not in queries.LIST_STATES:
        state = Quote.Status.RAW
    page = Paginator(queries.quotes_in_state(lab, state), QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "insights/quotes/list.jinja",
        {
            "lab": lab,
            "state": state,
            "state_label": Quote.Status(state).label,
            "states": [(status, Quote.Status(status).label) for status in queries.LIST_STATES],
            "counts": queries.counts_by_state(lab),
            "page": page,
            "page_links": pagination(page, request.path, request.GET),
        },
    )


@require_safe
@lab_team_required
def withdrawn(request, slug):
    lab = request.lab
    page = Paginator(queries.withdrawn_quotes(lab), QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "insights/quotes/withdrawn.jinja",
        {"lab": lab, "page": page, "page_links": pagination(page, request.path, request.GET)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def quote_new(request, slug):
    lab = request.lab
    excerpt = queries.get_excerpt_to_quote(lab, _pk(request.POST.get("excerpt") or request.GET.get("excerpt")))
    source = excerpt.source
    refusal = actions.quote_refusal(source)
    parts = actions.attribution_parts(source)
    form = NewQuoteForm(_posted(request))
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            quote = actions.create_quote(
                excerpt,
                by=request.user,
                with_group=form.cleaned_data["with_group"],
                with_region=form.cleaned_data["with_region"],
            )
        except actions.QuoteError as error:
            refusal = str(error)
        else:
            messages.success(request, "Quote made. Now take out anything that could identify someone.")
            return redirect("insights:quote_redact", lab.slug, quote.pk)
    return render(
        request,
        "insights/quotes/new.jinja",
        {"lab": lab, "excerpt": excerpt, "source": source, "refusal": refusal, "parts": parts, "form": form},
    )


def _detail_context(request, quote, **more):
    return {
        "lab": request.lab,
        "quote": quote,
        "log": queries.redaction_log(quote),
        "kind_labels": KIND_LABELS,
        "approval_refusal": actions.approval_refusal(quote, request.user)
        if quote.status == Quote.Status.REDACTED
        else None,
        **more,
    }


@require_safe
@lab_team_required
def quote(request, slug, pk):
    found = queries.get_quote(request.lab, pk)
    return render(request, "insights/quotes/detail.jinja", _detail_context(request, found))


def _marked(text: str, suggestions) -> list[tuple[str, int | None]]:
    """The text in pieces, each suggestion's words numbered (from 1) so the page can mark them."""
    pieces: list[tuple[str, int | None]] = []
    position = 0
    for number, suggestion in enumerate(suggestions, start=1):
        if suggestion.start > position:
            pieces.append((text[position : suggestion.start], None))
        pieces.append((text[suggestion.start : suggestion.end], number))
        position = suggestion.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def quote_redact(request, slug, pk):
    lab = request.lab
    found = queries.get_quote(lab, pk)
    suggestions = suggest_redactions(found.text)
    fingerprint = actions.text_fingerprint(found.text)
    form = RedactForm(_posted(request), text=found.text, suggestions=suggestions, fingerprint=fingerprint)
    editable = found.status in (Quote.Status.RAW, Quote.Status.REDACTED, Quote.Status.APPROVED)
    if request.method == "POST" and editable and form.is_valid():
        spans = form.chosen_spans()
        try:
            actions.redact_quote(found, spans=spans, by=request.user, seen=form.cleaned_data["seen"])
        except actions.QuoteError as error:
            form.add_error(None, str(error))
        else:
            count = len(spans)
            messages.success(
                request,
                f"{count} {'part' if count == 1 else 'parts'} taken out. Another member of the lab team can now "
                "approve the quote."
                if count
                else "Marked as needing no changes. Another member of the lab team can now approve the quote.",
            )
            return redirect("insights:quote", lab.slug, found.pk)
    return render(
        request,
        "insights/quotes/redact.jinja",
        _detail_context(request, found, form=form, pieces=_marked(found.text, suggestions), editable=editable),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def quote_approve(request, slug, pk):
    lab = request.lab
    found = queries.get_quote(lab, pk)
    check = check_words(lab, found.text)
    still_suggested = [KIND_LABELS[item.kind] for item in suggest_redactions(found.text)]
    form = ApproveForm(_posted(request), needs_confirmation=check.needs_review or bool(still_suggested))
    if request.method == "POST" and form.is_valid():
        try:
            actions.approve_quote(found, by=request.user)
        except actions.QuoteError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Quote approved. It can now be published.")
            return redirect("insights:quote", lab.slug, found.pk)
    return render(
        request,
        "insights/quotes/approve.jinja",
        {
            **_detail_context(
                request, found, form=form, check=check, still_suggested=list(dict.fromkeys(still_suggested))
            ),
            # Said in every state, not only "redacted": a raw or published quote is not for approving.
            "approval_refusal": actions.approval_refusal(found, request.user),
        },
    )


@lab_team_required
@require_POST
def quote_publish(request, slug, pk):
    lab = request.lab
    found = queries.get_quote(lab, pk)
    try:
        actions.publish_quote(found)
    except actions.QuoteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Quote published: insights can show it.")
    return redirect("insights:quote", lab.slug, found.pk)


@lab_team_required
@require_POST
def quote_unpublish(request, slug, pk):
    lab = request.lab
    found = queries.get_quote(lab, pk)
    try:
        actions.unpublish_quote(found)
    except actions.QuoteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Quote unpublished: no page shows it now.")
    return redirect("insights:quote", lab.slug, found.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def quote_remove(request, slug, pk):
    lab = request.lab
    found = queries.get_quote(lab, pk)
    if request.method == "POST":
        try:
            actions.remove_quote(found)
        except actions.QuoteError as error:
            messages.error(request, str(error))
            return redirect("insights:quote", lab.slug, found.pk)
        messages.success(request, "Quote removed.")
        return redirect(reverse("insights:quotes", args=[lab.slug]) + f"?state={found.status}")
    return render(request, "insights/quotes/remove.jinja", _detail_context(request, found))
