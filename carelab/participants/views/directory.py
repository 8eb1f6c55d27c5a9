"""The participant directory, and a participant's own profile card."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template import engines
from django.views.decorators.http import require_http_methods, require_safe
from markupsafe import Markup

from carelab.core.kept_facts import kept
from carelab.core.pagination import pagination
from carelab.labs.access import get_lab, private_page
from carelab.participants import actions
from carelab.participants.access import (
    cards_in_lab,
    directory_audience,
    get_own_card,
    latest_change_request,
    own_card_as_saved,
    own_card_in_lab,
)
from carelab.participants.forms import DirectoryFilterForm, ProfileCardForm
from carelab.participants.presenters import CardReviewNotice, visibility_tag

CARDS_PER_PAGE = 20


@login_not_required
@require_safe
def directory(request, slug):
    """Cards of the lab's participants, as far as each card's visibility lets this person see them."""
    lab = get_lab(slug)
    audience = directory_audience(request.user, lab)
    own_card = own_card_in_lab(request.user, lab)
    own_card_pk = own_card.pk if own_card else None
    # The filters and cards are the same for everyone with this audience, filter and page, but for which
    # card is the viewer's own: kept until the content changes (decision 0043).
    key = (
        "directory",
        lab.pk,
        audience,
        own_card_pk,
        request.path,
        tuple(sorted((name, tuple(values)) for name, values in request.GET.lists())),
    )
    listing = kept(key, lambda: _listing(request, lab, audience, own_card_pk))
    return render(
        request,
        "participants/directory.jinja",
        {"lab": lab, "audience": audience, "own_card": own_card, "listing": listing},
    )


@dataclass(frozen=True)
class Listing:
    errors: Markup
    html: Markup
    has_errors: bool
    page_number: int
    page_count: int


def _listing(request, lab, audience: str, own_card_pk: int | None) -> Listing:
    filters = DirectoryFilterForm(request.GET or None, lab=lab)
    cards = cards_in_lab(lab).shown_to(audience).matching(**filters.filters()).for_directory()
    page = Paginator(cards, CARDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "lab": lab,
        "audience": audience,
        "filters": filters,
        "filtered": bool(request.GET.dict().keys() - {"page"}),
        "page": page,
        "cards": [(card, visibility_tag(card)) for card in page],
        "page_links": pagination(page, request.path, request.GET),
        "own_card_pk": own_card_pk,
    }
    jinja = engines["jinja2"].env
    return Listing(
        errors=jinja.globals["error_summary"](filters),
        html=Markup(jinja.get_template("participants/_directory_listing.jinja").render(context)),  # noqa: S704 - autoescaped template
        has_errors=bool(filters.errors),
        page_number=page.number,
        page_count=page.paginator.num_pages,
    )


# Set after a save whose words suggested the person may be at risk, so the card page they land on (after
# the redirect) shows where to get help at once. Holds the card's id.
CRISIS_SESSION_KEY = "participants_show_crisis_for_card"


@private_page
@require_http_methods(["GET", "POST"])
def card_edit(request, slug):
    lab = get_lab(slug)
    card = get_own_card(request, lab)
    form = ProfileCardForm(request.POST or None, instance=card)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "interests"}
        check = actions.save_card(form.instance, data=data, interests=list(form.cleaned_data["interests"]))
        saved = "Your profile card has been saved."
        if form.instance.is_held:
            saved += " Only you and the lab team can see it until the lab team has checked it."
        messages.success(request, saved)
        if check.has_risk:
            # Shown on the page they land on, after the redirect: never instead of saving.
            request.session[CRISIS_SESSION_KEY] = card.pk
        return redirect("participants:card", slug=lab.slug)
    # The card as saved, not as typed into a form with errors.
    saved_card = own_card_as_saved(card) if form.is_bound else card
    show_crisis = request.session.pop(CRISIS_SESSION_KEY, None) == card.pk or (
        saved_card.is_held and saved_card.found_risk
    )
    return render(
        request,
        "participants/card.jinja",
        {
            "lab": lab,
            "form": form,
            "own_card": saved_card,
            "review": CardReviewNotice(saved_card, latest_change_request(saved_card)),
            "show_crisis": show_crisis,
        },
    )
