"""Making sense: themes, areas of opportunity and insights for the lab team, and the lab's published
insights for everyone.

The team pages are the lab team's alone (`lab_team_required`); invited coders code, they do not
decide what the lab has learnt. The public pages show only published insights and only published
quotes (decision 0033).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.core.pagination import pagination
from carelab.insights import actions_insights as actions
from carelab.insights import queries_insights as queries
from carelab.insights.forms_insights import (
    STATUS_ACTIONS,
    AreaForm,
    ChooseSupportForm,
    InsightForm,
    NoteForm,
    SupportFilterForm,
    ThemeForm,
)
from carelab.insights.models import Insight
from carelab.labs.access import get_lab, is_lab_team, is_participant_or_team, lab_team_required

INSIGHTS_PER_PAGE = 25
PUBLIC_INSIGHTS_PER_PAGE = 20


def _posted(request):
    return request.POST if request.method == "POST" else None


def _plural(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


# Making sense: themes and areas


@require_safe
@lab_team_required
def making_sense(request, slug):
    lab = request.lab
    return render(request, "insights/making_sense.jinja", {"lab": lab, "sense": queries.making_sense(lab)})


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def theme_add(request, slug):
    return _theme_form(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def theme_edit(request, slug, pk):
    return _theme_form(request, queries.get_theme(request.lab, pk))


def _theme_form(request, theme):
    lab = request.lab
    form = ThemeForm(_posted(request), lab=lab, theme=theme)
    if form.is_valid():
        data = form.cleaned_data
        saved = actions.save_theme(
            lab, name=data["name"], description=data["description"], codes=data["code_objects"], theme=theme
        )
        messages.success(request, f"Theme “{saved.name}” saved.")
        return redirect(reverse("insights:making_sense", args=[lab.slug]) + f"#theme-{saved.pk}")
    heading = "Add a theme" if theme is None else f"Edit the theme “{theme.name}”"
    return render(request, "insights/theme_form.jinja", {"lab": lab, "form": form, "theme": theme, "heading": heading})


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def theme_delete(request, slug, pk):
    lab = request.lab
    theme = queries.get_theme(lab, pk)
    if request.method == "POST":
        actions.delete_theme(theme)
        messages.success(request, f"Theme “{theme.name}” deleted. Its codes and their codings are kept.")
        return redirect("insights:making_sense", lab.slug)
    return render(
        request,
        "insights/delete.jinja",
        {
            "lab": lab,
            "heading": f"Delete the theme “{theme.name}”?",
            "what_happens": "Its codes and their codings are kept. Areas and insights that name it no longer will.",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def area_add(request, slug):
    return _area_form(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def area_edit(request, slug, pk):
    return _area_form(request, queries.get_area(request.lab, pk))


def _area_form(request, area):
    lab = request.lab
    form = AreaForm(_posted(request), lab=lab, area=area)
    if form.is_valid():
        data = form.cleaned_data
        saved = actions.save_area(
            lab, name=data["name"], description=data["description"], themes=data["theme_objects"], area=area
        )
        messages.success(request, f"Area of opportunity “{saved.name}” saved.")
        return redirect(reverse("insights:making_sense", args=[lab.slug]) + f"#area-{saved.pk}")
    heading = "Add an area of opportunity" if area is None else f"Edit the area “{area.name}”"
    return render(request, "insights/area_form.jinja", {"lab": lab, "form": form, "area": area, "heading": heading})


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def area_delete(request, slug, pk):
    lab = request.lab
    area = queries.get_area(lab, pk)
    if request.method == "POST":
        actions.delete_area(area)
        messages.success(request, f"Area of opportunity “{area.name}” deleted. Its themes are kept.")
        return redirect("insights:making_sense", lab.slug)
    return render(
        request,
        "insights/delete.jinja",
        {
            "lab": lab,
            "heading": f"Delete the area of opportunity “{area.name}”?",
            "what_happens": "Its themes are kept. Insights that name it no longer will.",
        },
    )


# Insights: the team's pages


@require_safe
@lab_team_required
def team_insights(request, slug):
    lab = request.lab
    status = request.GET.get("status", "")
    if status not in Insight.Status.values:
        status = ""
    page = Paginator(queries.team_insights(lab, status=status), INSIGHTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "insights/team_insights.jinja",
        {
            "lab": lab,
            "page": page,
            "page_links": pagination(page, request.path, request.GET),
            "status": status,
            "statuses": Insight.Status.choices,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def insight_add(request, slug):
    lab = request.lab
    form = InsightForm(_posted(request), lab=lab)
    if form.is_valid():
        data = form.cleaned_data
        insight = actions.create_insight(
            lab,
            statement=data["statement"],
            detail=data["detail"],
            themes=data["theme_objects"],
            areas=data["area_objects"],
            by=request.user,
        )
        messages.success(request, "Insight saved as a draft. Now add the excerpts, library items and quotes behind it.")
        return redirect("insights:insight_support", lab.slug, insight.pk)
    return render(request, "insights/insight_form.jinja", {"lab": lab, "form": form, "heading": "Write an insight"})


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def insight_edit(request, slug, pk):
    lab = request.lab
    insight = queries.get_insight(lab, pk)
    if insight.status == Insight.Status.PUBLISHED:
        messages.error(request, "This insight is published. Unpublish it before changing it.")
        return redirect("insights:insight", lab.slug, insight.pk)
    form = InsightForm(_posted(request), lab=lab, insight=insight)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sent_back = actions.update_insight(
                insight,
                statement=data["statement"],
                detail=data["detail"],
                themes=data["theme_objects"],
                areas=data["area_objects"],
                by=request.user,
            )
        except actions.InsightError as error:
            form.add_error(None, str(error))
        else:
            note = " It changed after its review, so it is a draft again." if sent_back else ""
            messages.success(request, "Insight saved." + note)
            return redirect("insights:insight", lab.slug, insight.pk)
    return render(
        request,
        "insights/insight_form.jinja",
        {"lab": lab, "form": form, "insight": insight, "heading": "Change the insight"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def insight_delete(request, slug, pk):
    lab = request.lab
    insight = queries.get_insight(lab, pk)
    if request.method == "POST":
        actions.delete_insight(insight)
        messages.success(request, "Insight deleted.")
        return redirect("insights:team_insights", lab.slug)
    what = "It comes off the public pages at once. " if insight.status == Insight.Status.PUBLISHED else ""
    return render(
        request,
        "insights/delete.jinja",
        {
            "lab": lab,
            "heading": f"Delete the insight “{insight.statement}”?",
            "what_happens": what + "The excerpts, library items and quotes behind it are kept. You cannot undo this.",
            "back": reverse("insights:insight", args=[lab.slug, insight.pk]),
        },
    )


@require_safe
@lab_team_required
def insight(request, slug, pk):
    lab = request.lab
    insight = queries.get_insight(lab, pk)
    return render(
        request,
        "insights/insight.jinja",
        {
            "lab": lab,
            "insight": insight,
            "support": queries.insight_support(insight),
            "themes": list(insight.themes.all()),
            "areas": list(insight.areas.all()),
            "note_form": NoteForm(),
            "wrote_it": insight.created_by_id == request.user.pk,
            "source_kinds": queries.SOURCE_KIND_LABELS,
        },
    )


@lab_team_required
@require_POST
def insight_status(request, slug, pk):
    lab = request.lab
    insight = queries.get_insight(lab, pk)
    action = request.POST.get("action", "")
    if action not in STATUS_ACTIONS:
        raise Http404("No such change of status.")
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", ["The note could not be saved."])))
        return redirect("insights:insight", lab.slug, insight.pk)
    note = form.cleaned_data["note"]
    try:
        if action == "review":
            actions.review_insight(insight, by=request.user)
            done = "Insight reviewed. It can be published now."
        elif action == "publish":
            actions.publish_insight(insight, by=request.user)
            done = "Insight published: everyone can read it on the lab's insights page."
        elif action == "unpublish":
            actions.unpublish_insight(insight, by=request.user, note=note)
            done = "Insight unpublished: it is off the public pages. It stays reviewed."
        else:
            actions.send_back(insight, by=request.user, note=note)
            done = "Insight sent back to draft."
    except actions.InsightError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("insights:insight", lab.slug, insight.pk)


# What backs an insight

SUPPORT_KINDS = ("excerpt", "evidence_item", "quote")
# Characters of an excerpt shown beside its checkbox: enough to recognise it, never a whole document.
LABEL_WORDS = 300


def _excerpt_label(excerpt, kinds) -> str:
    where = kinds.get(excerpt.source.kind, excerpt.source.kind)
    group = f", {excerpt.source.group}" if excerpt.source.group else ""
    words = excerpt.text if len(excerpt.text) <= LABEL_WORDS else excerpt.text[: LABEL_WORDS - 1].rstrip() + "…"
    return f"“{words}” ({where}{group}: {excerpt.source.name})"


def _item_label(item) -> str:
    authors = ", ".join(item.authors[:3]) + (" and others" if len(item.authors) > 3 else "")
    parts = [item.title, authors, str(item.year or ""), item.get_kind_display()]
    return " – ".join(part for part in parts if part)


def _quote_label(quote) -> str:
    return f"“{quote.text}” – {quote.attribution} ({quote.get_status_display().lower()})"


@require_http_methods(["GET", "HEAD", "POST"])
@lab_team_required
def insight_support(request, slug, pk):
    lab = request.lab
    insight = queries.get_insight(lab, pk)
    filters = SupportFilterForm(request.GET or None, codes=queries.codes_for_choosing(insight))
    chosen = filters.cleaned_data if filters.is_valid() else {"code_object": None, "words": ""}
    kinds = queries.SOURCE_KIND_LABELS
    candidates = {
        "excerpt": queries.excerpts_to_add(insight, code=chosen["code_object"]),
        "evidence_item": queries.evidence_to_add(insight, words=chosen["words"]),
        "quote": queries.quotes_to_add(insight),
    }
    labels = {"excerpt": lambda e: _excerpt_label(e, kinds), "evidence_item": _item_label, "quote": _quote_label}
    posted_kind = request.POST.get("kind") if request.method == "POST" else None
    if posted_kind is not None and posted_kind not in SUPPORT_KINDS:
        raise Http404("Nothing of that kind to add.")
    forms, totals = {}, {}
    for kind in SUPPORT_KINDS:
        found = candidates[kind]
        shown = list(found[: queries.CANDIDATES_SHOWN])
        totals[kind] = found.count() if len(shown) == queries.CANDIDATES_SHOWN else len(shown)
        if kind == posted_kind:
            # What was ticked may be past the first candidates shown (the filter changed): look it up.
            ids = {value for value in request.POST.getlist(f"{kind}-chosen") if value.isdigit() and len(value) < 19}
            ids -= {str(thing.pk) for thing in shown}
            shown += list(found.filter(pk__in=ids)) if ids else []
        things = {str(thing.pk): thing for thing in shown}
        forms[kind] = ChooseSupportForm(
            request.POST if kind == posted_kind else None,
            things=things,
            labels={pk: labels[kind](thing) for pk, thing in things.items()},
            prefix=kind,
        )
    if posted_kind is not None:
        form = forms[posted_kind]
        if form.is_valid():
            try:
                added, sent_back = actions.link_support(
                    insight, **{f"{posted_kind}s": form.cleaned_data["objects"]}, by=request.user
                )
            except actions.InsightError as error:
                form.add_error("chosen", str(error))
            else:
                note = " It changed after its review, so it is a draft again." if sent_back else ""
                messages.success(request, f"{_plural(added, 'link', 'links')} added to the insight.{note}")
                return redirect(request.get_full_path())
    return render(
        request,
        "insights/insight_support.jinja",
        {
            "lab": lab,
            "insight": insight,
            "filters": filters,
            "forms": forms,
            "totals": totals,
            "shown_at_most": queries.CANDIDATES_SHOWN,
            "posted_kind": posted_kind,
        },
    )


@lab_team_required
@require_POST
def insight_unlink(request, slug, pk):
    lab = request.lab
    insight = queries.get_insight(lab, pk)
    kind, target = request.POST.get("kind", ""), request.POST.get("pk", "")
    if kind not in SUPPORT_KINDS or not target.isdigit() or len(target) > 18:
        raise Http404("Nothing of that kind to take off.")
    try:
        removed = actions.unlink_support(insight, kind, int(target), by=request.user)
    except actions.InsightError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Taken off the insight." if removed else "That was not on the insight any more.")
    return redirect(reverse("insights:insight", args=[lab.slug, insight.pk]) + "#support")


# The public pages


def _may_see_library_item(request, lab, item) -> bool:
    if is_lab_team(request.user, lab):
        return True
    return item.shared_with_participants and is_participant_or_team(request.user, lab)


def _library_link(request, lab, item) -> str:
    """The library's page of an item, for those who may see it; "" for everyone else, or while the
    library has no item pages."""
    if not _may_see_library_item(request, lab, item):
        return ""
    try:
        return reverse("evidence:item", args=[lab.slug, item.pk])
    except NoReverseMatch:
        return ""


@login_not_required
@require_safe
def public_list(request, slug):
    lab = get_lab(slug)
    page = Paginator(queries.published_insights(lab), PUBLIC_INSIGHTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "insights/public_list.jinja",
        {
            "lab": lab,
            "page": page,
            "insights": queries.with_public_strength(page.object_list),
            "page_links": pagination(page, request.path),
        },
    )


@login_not_required
@require_safe
def public_insight(request, slug, pk):
    lab = get_lab(slug)
    shown = queries.public_insight(queries.get_published_insight(lab, pk))
    citations = [(item, _library_link(request, lab, item)) for item in shown.evidence_items]
    return render(
        request,
        "insights/public_insight.jinja",
        {
            "lab": lab,
            "shown": shown,
            "insight": shown.insight,
            "citations": citations,
            "source_kinds": queries.SOURCE_KIND_LABELS,
        },
    )
