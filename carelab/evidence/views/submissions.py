"""Examples of practice and stories sent to a lab's evidence library, and the lab team's review of them.

The lab's participants (and its team) send them and see their own; members of partner organisations
take part as participants. The lab team reads what waits, adds it to the library or declines it with
a reason the person is e-mailed.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.pagination import pagination
from carelab.core.presenters import format_date, paragraphs
from carelab.evidence import queries_submissions as queries
from carelab.evidence.actions_submissions import (
    SubmissionRefused,
    accept_submission,
    decline_submission,
    delete_submission,
    submit_evidence,
    withdraw_quote_consent,
)
from carelab.evidence.forms_submissions import DeclineForm, SubmissionForm
from carelab.evidence.models import EvidenceItem
from carelab.labs.access import lab_role_required, lab_team_required
from carelab.labs.models import Role
from carelab.lib.consent import recorded_at

PER_PAGE = 20
CONSENT_USES = {"use": "Using what you wrote", "quote": "Quoting your words anonymously"}

participants_and_team = lab_role_required(
    Role.PARTICIPANT,
    Role.TEAM,
    refusal="Only the lab's participants can share examples and stories here. Apply to take part first.",
)


# The person's own pages


@participants_and_team
@require_http_methods(["GET", "POST"])
def share(request, slug):
    lab = request.lab
    form = SubmissionForm(request.POST if request.method == "POST" else None, lab=lab)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = submit_evidence(
                lab=lab,
                person=request.user,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                region=data["region"],
                organisation=data["chosen_organisation"],
                organisation_name=data["organisation_name"],
                consents=form.consents(),
            )
        except SubmissionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Thank you. The lab team will read what you sent, but not straight away.")
            return redirect("evidence:submission", lab.slug, sent.item.pk)
    return render(request, "evidence/submissions/share.jinja", {"lab": lab, "form": form})


@require_safe
@participants_and_team
def submissions(request, slug):
    lab = request.lab
    page = Paginator(queries.submissions_of(lab, request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/submissions/yours.jinja",
        {"lab": lab, "page": page, "page_links": pagination(page, request.path, request.GET)},
    )


@require_safe
@participants_and_team
def submission(request, slug, pk):
    lab = request.lab
    item = queries.get_own_submission(lab, request.user, pk)
    return render(
        request,
        "evidence/submissions/yours_one.jinja",
        {"lab": lab, "item": item, "paragraphs": paragraphs(item.abstract), "consents": consent_rows(item)},
    )


def consent_rows(item: EvidenceItem) -> list[tuple[str, dict]]:
    """Each consent the person gave with this submission: what for, its words and version, and its state."""
    rows = []
    for name, consent in (item.consents or {}).items():
        if not isinstance(consent, dict):
            continue
        given = recorded_at(consent)
        withdrawn = recorded_at(consent, "withdrawn_at")
        if withdrawn:
            state = f"withdrawn on {format_date(withdrawn)}"
        else:
            state = f"given on {format_date(given)}" if given else "given"
        rows.append(
            (
                name,
                {
                    "use": CONSENT_USES.get(name, name),
                    "wording": consent.get("wording", ""),
                    "version": consent.get("version", ""),
                    "state": state,
                },
            )
        )
    return rows


@participants_and_team
@require_POST
def withdraw_quote(request, slug, pk):
    lab = request.lab
    item = queries.get_own_submission(lab, request.user, pk)
    try:
        withdraw_quote_consent(item=item, person=request.user)
    except SubmissionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "You have withdrawn your consent. The lab team will not quote what you sent.")
    return redirect("evidence:submission", lab.slug, item.pk)


@participants_and_team
@require_http_methods(["GET", "POST"])
def delete(request, slug, pk):
    lab = request.lab
    item = queries.get_own_submission(lab, request.user, pk)
    if request.method == "POST":
        try:
            delete_submission(item=item, person=request.user)
        except SubmissionRefused as refused:
            messages.error(request, str(refused))
            return redirect("evidence:submission", lab.slug, item.pk)
        messages.success(request, f"You deleted “{item.title}”. The lab team will not see it.")
        return redirect("evidence:submissions", lab.slug)
    return render(request, "evidence/submissions/delete.jinja", {"lab": lab, "item": item})


# The lab team's review


@require_safe
@lab_team_required
def review_submissions(request, slug):
    lab = request.lab
    page = Paginator(queries.waiting_queue(lab), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/submissions/review_queue.jinja",
        {
            "lab": lab,
            "page": page,
            "page_links": pagination(page, request.path, request.GET),
            "reviewed": queries.reviewed_recently(lab),
        },
    )


def _review_page(request, item: EvidenceItem, decline_form: DeclineForm | None = None):
    return render(
        request,
        "evidence/submissions/review.jinja",
        {
            "lab": request.lab,
            "item": item,
            "paragraphs": paragraphs(item.abstract),
            "decline_form": decline_form or DeclineForm(),
        },
    )


@require_safe
@lab_team_required
def review_submission(request, slug, pk):
    return _review_page(request, queries.get_submission_for_review(request.lab, pk))


@lab_team_required
@require_POST
def accept(request, slug, pk):
    lab = request.lab
    item = queries.get_submission_for_review(lab, pk)
    try:
        accept_submission(item=item, by=request.user)
    except SubmissionRefused as refused:
        messages.error(request, str(refused))
        return redirect("evidence:review_submission", lab.slug, item.pk)
    messages.success(request, f"“{item.title}” is in the library. We have e-mailed the person who sent it.")
    return redirect("evidence:review_submissions", lab.slug)


@lab_team_required
@require_POST
def decline(request, slug, pk):
    lab = request.lab
    item = queries.get_submission_for_review(lab, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            decline_submission(item=item, by=request.user, reason=form.cleaned_data["reason"])
        except SubmissionRefused as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, f"You declined “{item.title}”. We have e-mailed the person your reason.")
            return redirect("evidence:review_submissions", lab.slug)
    return _review_page(request, item, form)
