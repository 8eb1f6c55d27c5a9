"""Coding pages: coders, the codebook, sources, and coding sources by sentence or by selection.

The lab team and the coders it invited get in (`coding_required`); the team alone invites coders,
keeps the codebook and adds sources. A coder sees their own codings, the team everyone's.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.pagination import pagination
from carelab.core.redirects import next_or
from carelab.insights import actions_coding as actions
from carelab.insights import queries_coding as queries
from carelab.insights.access import coding_required
from carelab.insights.forms_coding import (
    ChooseForm,
    CodeForm,
    InviteCoderForm,
    MemoForm,
    SourceFilterForm,
    SpanCodingForm,
    SurveyAnswersForm,
    read_sentence_codings,
)
from carelab.insights.suggestions import code_suggestions
from carelab.labs.access import is_lab_team

SOURCES_PER_PAGE = 50
ANSWERS_PER_PAGE = 20
# Codes offered as checkboxes for each sentence when the person has not chosen.
DEFAULT_OFFERED_CODES = 8


def team_only(view):
    """Inside `coding_required`: only the lab team (and site admins) may do this."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_lab_team(request.user, request.lab):
            raise PermissionDenied("Only the lab team can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def _posted(request):
    return request.POST if request.method == "POST" else None


def _context(request, **more):
    lab = request.lab
    return {"lab": lab, "is_team": is_lab_team(request.user, lab), **more}


@require_safe
@coding_required
def overview(request, slug):
    lab = request.lab
    return render(
        request,
        "insights/coding/overview.jinja",
        _context(
            request,
            codes=lab.codes.count(),
            sources=lab.coding_sources.count(),
            my_codings=queries.codings_by(lab, request.user).count(),
            coders=lab.coders.count(),
        ),
    )


# Coders


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def coders(request, slug):
    lab = request.lab
    form = InviteCoderForm(_posted(request), lab=lab)
    if form.is_valid():
        user = form.cleaned_data["user"]
        actions.invite_coder(lab, user, by=request.user)
        messages.success(request, f"{user.display_name or user.email} can now code this lab's sources.")
        return redirect("insights:coders", lab.slug)
    return render(request, "insights/coding/coders.jinja", _context(request, form=form, coders=queries.coders(lab)))


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def coder_remove(request, slug, pk):
    coder = queries.get_coder(request.lab, pk)
    if request.method == "POST":
        actions.remove_coder(coder)
        messages.success(request, f"{coder.user.display_name or coder.user.email} no longer codes this lab's sources.")
        return redirect("insights:coders", request.lab.slug)
    return render(request, "insights/coding/coder_remove.jinja", _context(request, coder=coder))


# The codebook


@require_safe
@coding_required
def codebook(request, slug):
    rows = queries.codebook(request.lab, request.user, with_memos=True)
    return render(request, "insights/coding/codebook.jinja", _context(request, rows=rows, memo_form=MemoForm()))


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def code_add(request, slug):
    lab = request.lab
    form = CodeForm(_posted(request), lab=lab, initial={"parent": request.GET.get("parent", "")})
    if form.is_valid():
        data = form.cleaned_data
        code = actions.create_code(
            lab, name=data["name"], description=data["description"], parent=data["parent"], by=request.user
        )
        messages.success(request, f"Code “{code.name}” added.")
        return redirect("insights:codebook", lab.slug)
    return render(request, "insights/coding/code_form.jinja", _context(request, form=form, heading="Add a code"))


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def code_edit(request, slug, pk):
    lab = request.lab
    code = queries.get_code(lab, pk)
    form = CodeForm(_posted(request), lab=lab, code=code)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_code(code, name=data["name"], description=data["description"], parent=data["parent"])
        except actions.CodingError as error:
            form.add_error("parent", str(error))
        else:
            messages.success(request, f"Code “{code.name}” saved.")
            return redirect("insights:codebook", lab.slug)
    return render(
        request,
        "insights/coding/code_form.jinja",
        _context(request, form=form, code=code, heading=f"Edit “{code.name}”"),
    )


@coding_required
@require_POST
@team_only
def code_move(request, slug, pk):
    code = queries.get_code(request.lab, pk)
    actions.move_code(code, "up" if request.POST.get("direction") == "up" else "down")
    return redirect(reverse("insights:codebook", args=[request.lab.slug]) + f"#code-{code.pk}")


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def code_delete(request, slug, pk):
    code = queries.get_code(request.lab, pk)
    if request.method == "POST":
        count = actions.delete_code(code)
        messages.success(request, f"Code “{code.name}” deleted, with {count} {'coding' if count == 1 else 'codings'}.")
        return redirect("insights:codebook", request.lab.slug)
    return render(
        request,
        "insights/coding/code_delete.jinja",
        _context(
            request,
            code=code,
            codings=actions.codings_going_with(code),
            children=len(actions.descendant_ids(code)),
        ),
    )


# Memos


@coding_required
@require_POST
def memo_add(request, slug):
    lab = request.lab
    form = MemoForm(request.POST)
    target = request.POST.get("on", "")
    kind, _, pk = target.partition(":")
    if not pk.isdigit() or kind not in {"code", "source", "excerpt"}:
        raise Http404("Nothing to write a memo on.")
    getter = {"code": queries.get_code, "source": queries.get_source, "excerpt": queries.get_excerpt}[kind]
    thing = getter(lab, int(pk))
    back = next_or(request, reverse("insights:codebook", args=[lab.slug]))
    if form.is_valid():
        actions.add_memo(lab, author=request.user, text=form.cleaned_data["text"], **{kind: thing})
        messages.success(request, "Memo saved.")
    else:
        messages.error(request, " ".join(form.errors.get("text", ["The memo could not be saved."])))
    return redirect(back)


@coding_required
@require_POST
def memo_delete(request, slug, pk):
    lab = request.lab
    memo = queries.get_memo(lab, pk)
    if memo.author_id != request.user.pk and not is_lab_team(request.user, lab):
        raise PermissionDenied("Only the memo's author or the lab team can delete it.")
    actions.delete_memo(memo)
    messages.success(request, "Memo deleted.")
    return redirect(next_or(request, reverse("insights:codebook", args=[lab.slug])))


# Sources


@require_safe
@coding_required
def sources(request, slug):
    lab = request.lab
    form = SourceFilterForm(request.GET or None, lab=lab)
    filters = form.cleaned_data if form.is_valid() else {}
    found = queries.sources(
        lab,
        kind=filters.get("kind", ""),
        question=filters.get("question", ""),
        not_coded_by=request.user if filters.get("uncoded") else None,
    )
    found = queries.with_coding_counts(found, lab, request.user).select_related("survey_response__survey")
    page = Paginator(found, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "insights/coding/sources.jinja",
        _context(
            request,
            form=form,
            page=page,
            page_links=pagination(page, request.path, request.GET),
            questions=queries.source_questions(lab),
        ),
    )


def _source_forms(request, lab, posted_as: str = ""):
    def bound(name):
        return request.POST if posted_as == name else None

    return {
        "survey_form": SurveyAnswersForm(bound("survey"), lab=lab, prefix="survey"),
        "evidence_form": ChooseForm(
            bound("evidence"),
            prefix="evidence",
            things=queries.evidence_to_add(lab),
            label="Evidence item or submitted story",
            describe=lambda item: f"{item.get_kind_display()}: {item.title}",
        ),
        "attachment_form": ChooseForm(
            bound("attachment"),
            prefix="attachment",
            things=queries.attachments_to_add(lab),
            label="Attachment",
            describe=lambda attachment: f"{attachment.original_name} ({attachment.item.title})",
        ),
        "event_form": ChooseForm(
            bound("event"), prefix="event", things=queries.events_to_add(lab), label="Event", describe=lambda e: e.title
        ),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def source_add(request, slug):
    lab = request.lab
    posted_as = request.POST.get("add", "") if request.method == "POST" else ""
    forms = _source_forms(request, lab, posted_as)
    form = forms.get(f"{posted_as}_form")
    if form is not None and form.is_valid():
        try:
            if posted_as == "survey":
                data = form.cleaned_data
                count = actions.add_survey_answers(
                    lab, data["survey"], data["question_name"], group_by=data["group_by_name"]
                )
                messages.success(
                    request,
                    f"{count} new {'answer' if count == 1 else 'answers'} added to code."
                    if count
                    else "There are no new answers to that question to add.",
                )
                return redirect(reverse("insights:question", args=[lab.slug, data["survey"].pk, data["question_name"]]))
            add = {
                "evidence": actions.add_evidence_item,
                "attachment": actions.add_attachment,
                "event": actions.add_event_notes,
            }[posted_as]
            source = add(lab, form.chosen())
        except actions.CodingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{source.name}” added to code.")
            return redirect("insights:source", lab.slug, source.pk)
    return render(request, "insights/coding/source_add.jinja", _context(request, **forms))


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def source_delete(request, slug, pk):
    source = queries.get_source(request.lab, pk)
    if request.method == "POST":
        actions.delete_source(source)
        messages.success(request, f"“{source.name}” and its codings deleted.")
        return redirect("insights:sources", request.lab.slug)
    codings = queries.codings_on(source).count()
    return render(request, "insights/coding/source_delete.jinja", _context(request, source=source, codings=codings))


# Coding


def _offered_codes(request, rows):
    """The codes offered as checkboxes for each sentence: those chosen in `?codes=`, else the first few."""
    chosen = {value for value in request.GET.getlist("codes") if value.isdigit()}
    offered = [row.code for row in rows if str(row.code.pk) in chosen]
    return offered or [row.code for row in rows[:DEFAULT_OFFERED_CODES]]


def _coding_page(request, title, found, *, caption="", source=None, paged=True):
    lab = request.lab
    rows = queries.codebook(lab, request.user)
    labels = queries.code_label(rows)
    if paged:
        page = Paginator(found, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
        page_sources, page_links = page.object_list, pagination(page, request.path, request.GET)
    else:
        page, page_sources, page_links = None, found, None
    shown = queries.coding_page(lab, request.user, page_sources)
    offered = _offered_codes(request, rows)
    return render(
        request,
        "insights/coding/code.jinja",
        _context(
            request,
            title=title,
            caption=caption,
            source=source,
            shown=shown,
            page=page,
            page_links=page_links,
            rows=rows,
            labels=labels,
            offered=offered,
            offered_ids={code.pk for code in offered},
            here=request.get_full_path(),
            memo_form=MemoForm(),
            # Codes suggested for the uncoded sources on the page (issue 10, section 3; decision 0032).
            suggestions=code_suggestions(lab, request.user, shown),
        ),
    )


@require_safe
@coding_required
def source(request, slug, pk):
    source = queries.get_source(request.lab, pk)
    return _coding_page(request, source.name, [source], caption=source.get_kind_display(), source=source, paged=False)


@require_safe
@coding_required
def question(request, slug, survey, question):
    lab = request.lab
    the_survey = queries.get_survey(lab, survey)
    found = lab.coding_sources.filter(survey_response__survey=the_survey, question=question).order_by("pk")
    if not found.exists():
        raise Http404("No answers to that question are sources to code yet.")
    definition = the_survey.current_version.parsed() if the_survey.current_version else the_survey.working_definition()
    asked = definition.question(question)
    return _coding_page(request, asked.label if asked and asked.label else question, found, caption=the_survey.title)


@coding_required
@require_POST
def code(request, slug):
    """Save codings: by sentence (checkboxes, JavaScript off) or for a selected span (JavaScript on)."""
    lab = request.lab
    back = next_or(request, reverse("insights:sources", args=[lab.slug]))
    rows = queries.codebook(lab)
    if request.POST.get("mode") == "span":
        form = SpanCodingForm(request.POST, lab=lab, code_labels=queries.code_label(rows))
        if form.is_valid():
            data = form.cleaned_data
            actions.code_span(data["source"], data["start"], data["end"], data["codes"], request.user)
            names = ", ".join(code.name for code in data["codes"])
            messages.success(request, f"Coded “{data['source'].text[data['start'] : data['end']][:80]}” as {names}.")
        else:
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(back)
    ids = {int(value) for value in request.POST.getlist("source")[:500] if value.isdigit() and len(value) < 12}
    page_sources = list(lab.coding_sources.filter(pk__in=ids))
    offered_ids = {value for value in request.POST.getlist("offered")[:500] if value.isdigit()}
    offered = [row.code for row in rows if str(row.code.pk) in offered_ids]
    wanted = read_sentence_codings(request.POST, page_sources, offered)
    changed = sum(actions.set_span_codes(src, spans, request.user, offered) for src, spans in wanted.items())
    messages.success(request, f"Saved: {changed} {'change' if changed == 1 else 'changes'} to your coding.")
    return redirect(back)


@coding_required
@require_POST
def uncode(request, slug, pk):
    coding = queries.get_own_coding(request.lab, request.user, pk)
    actions.uncode(coding)
    messages.success(request, f"“{coding.code.name}” removed from “{coding.excerpt.text[:80]}”.")
    return redirect(next_or(request, reverse("insights:source", args=[request.lab.slug, coding.excerpt.source_id])))
