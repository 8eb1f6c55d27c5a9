"""The lab team's safeguarding review queue: the list, a flag's page, and what the team can do with it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.labs.access import lab_team_required
from carelab.safeguarding import actions
from carelab.safeguarding.access import get_flag_for_team, lab_guidance
from carelab.safeguarding.forms import CloseForm, GuidanceForm, NoteForm, QueueFilterForm, ReopenForm
from carelab.safeguarding.models import SafeguardingFlag, SafeguardingGuidance
from carelab.safeguarding.presenters import (
    STATUS_TAGS,
    FlagRow,
    actor_name,
    contact_answer,
    event_note,
    reason_explanations,
)

FLAGS_PER_PAGE = 50


@lab_team_required
@require_safe
def queue(request, slug):
    flags = request.lab.safeguarding_flags.all()
    choice, source = QueueFilterForm.chosen(request.GET)
    form = QueueFilterForm(request.GET or None, counts=flags.counts(status=choice, source=source))
    shown = flags.with_status(choice).from_source(source).for_queue()
    page = Paginator(shown, FLAGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safeguarding/queue.jinja",
        {
            "lab": request.lab,
            "form": form,
            "choice": choice,
            "choice_label": dict(QueueFilterForm.CHOICES)[choice],
            "source": source,
            "source_label": dict(SafeguardingFlag.Source.choices).get(source, ""),
            "page": page,
            "rows": [FlagRow(flag) for flag in page],
            "page_query": query.urlencode(),
        },
    )


def _guidance(lab) -> SafeguardingGuidance | None:
    guidance = lab_guidance(lab)
    return guidance if guidance is not None and guidance.body else None


def _render_flag(request, flag: SafeguardingFlag, *, note_form=None, close_form=None, reopen_form=None, status=200):
    response = flag.survey_response
    definition = response.version.parsed() if response is not None else None
    events = [
        {"event": event, "who": actor_name(event.actor, event.action), "note": event_note(event)}
        for event in flag.events.select_related("actor")
    ]
    forms = [form for form in (note_form, close_form, reopen_form) if form is not None]
    return render(
        request,
        "safeguarding/detail.jinja",
        {
            "lab": request.lab,
            "flag": flag,
            "row": FlagRow(flag),
            "status_tag": STATUS_TAGS[flag.status],
            "explanations": reason_explanations(flag, definition),
            "survey_response": response,
            "contact_answer": contact_answer(response),
            "contact_details_held": response is not None and hasattr(response, "contact"),
            "events": events,
            "guidance": _guidance(request.lab),
            "note_form": note_form or NoteForm(prefix="note"),
            "close_form": close_form or CloseForm(prefix="close"),
            "reopen_form": reopen_form or ReopenForm(prefix="reopen"),
            "has_errors": any(form.errors for form in forms),
            "forms_with_errors": forms,
        },
        status=status,
    )


@lab_team_required
@require_safe
def detail(request, slug, pk):
    return _render_flag(request, get_flag_for_team(request, pk))


def _done(request, flag, message: str):
    messages.success(request, message)
    return redirect("safeguarding:detail", slug=request.lab.slug, pk=flag.pk)


@lab_team_required
@require_POST
def start_review(request, slug, pk):
    flag = get_flag_for_team(request, pk)
    try:
        actions.start_review(flag=flag, by=request.user)
    except actions.FlagActionRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("safeguarding:detail", slug=slug, pk=flag.pk)
    return _done(request, flag, "You have started reviewing this flag. The rest of the lab team can see that.")


@lab_team_required
@require_POST
def add_note(request, slug, pk):
    flag = get_flag_for_team(request, pk)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        actions.add_note(flag=flag, by=request.user, note=form.cleaned_data["text"])
        return _done(request, flag, "Note added to the history.")
    return _render_flag(request, flag, note_form=form)


@lab_team_required
@require_POST
def close(request, slug, pk):
    flag = get_flag_for_team(request, pk)
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        outcome = form.cleaned_data["outcome"]
        try:
            actions.close_flag(flag=flag, by=request.user, outcome=outcome)
        except actions.FlagActionRefused as refusal:
            return _refused_keeping_text(request, flag, form, refusal, outcome)
        return _done(request, flag, "Flag closed. The outcome is in its history.")
    if not flag.is_open:  # a stale form, sent empty: say what happened rather than show errors for a hidden form
        messages.warning(request, "This flag is already closed, so nothing was changed.")
        return redirect("safeguarding:detail", slug=slug, pk=flag.pk)
    return _render_flag(request, flag, close_form=form)


@lab_team_required
@require_POST
def reopen(request, slug, pk):
    flag = get_flag_for_team(request, pk)
    form = ReopenForm(request.POST, prefix="reopen")
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            actions.reopen_flag(flag=flag, by=request.user, reason=reason)
        except actions.FlagActionRefused as refusal:
            return _refused_keeping_text(request, flag, form, refusal, reason)
        return _done(request, flag, "Flag reopened. It is in review again.")
    if flag.is_open:
        messages.warning(request, "This flag is already open, so nothing was changed.")
        return redirect("safeguarding:detail", slug=slug, pk=flag.pk)
    return _render_flag(request, flag, reopen_form=form)


def _refused_keeping_text(request, flag, form, refusal, text: str):
    """Someone else changed the flag first (a form left open in another tab). Show the flag as it is
    now, say what happened, and put what the person wrote in the note box so nothing typed is lost."""
    form.add_error(None, f"{refusal} What you wrote is in the note box below: add it as a note if it is still useful.")
    flag.refresh_from_db()
    note_form = NoteForm(prefix="note", initial={"text": text})
    return _render_flag(request, flag, note_form=note_form, **{_slot(form): form}, status=409)


def _slot(form) -> str:
    return "close_form" if isinstance(form, CloseForm) else "reopen_form"


@lab_team_required
@require_http_methods(["GET", "POST"])
def guidance(request, slug):
    lab = request.lab
    current = lab_guidance(lab)
    form = GuidanceForm(request.POST or None, initial={"body": current.body if current else ""})
    if request.method == "POST" and form.is_valid():
        saved = actions.save_guidance(lab=lab, by=request.user, body=form.cleaned_data["body"])
        messages.success(
            request,
            "Safeguarding guidance saved. The lab team sees it beside every flag."
            if saved.body
            else "Safeguarding guidance removed.",
        )
        return redirect("safeguarding:queue", slug=lab.slug)
    return render(request, "safeguarding/guidance.jinja", {"lab": lab, "form": form, "current": current})
