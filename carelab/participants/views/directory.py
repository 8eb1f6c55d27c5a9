"""The participant directory, and a participant's own profile card."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from carelab.core.pagination import pagination
from carelab.labs.access import get_lab
from carelab.participants import actions
from carelab.participants.access import directory_audience, get_own_card
from carelab.participants.forms import DirectoryFilterForm, ProfileCardForm
from carelab.participants.models import ProfileCard
from carelab.participants.presenters import visibility_tag

CARDS_PER_PAGE = 20


@login_not_required
@require_safe
def directory(request, slug):
    """Cards of the lab's participants, as far as each card's visibility lets this person see them."""
    lab = get_lab(slug)
    audience = directory_audience(request.user, lab)
    filters = DirectoryFilterForm(request.GET or None, lab=lab)
    cards = ProfileCard.objects.in_lab(lab).shown_to(audience).matching(**filters.filters()).for_directory()
    page = Paginator(cards, CARDS_PER_PAGE).get_page(request.GET.get("page"))
    own_card = None
    if request.user.is_authenticated:
        own_card = ProfileCard.objects.in_lab(lab).filter(user=request.user).first()
    return render(
        request,
        "participants/directory.jinja",
        {
            "lab": lab,
            "audience": audience,
            "filters": filters,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "page": page,
            "cards": [(card, visibility_tag(card)) for card in page],
            "page_links": pagination(page, request.path, request.GET),
            "own_card": own_card,
        },
    )


@require_http_methods(["GET", "POST"])
def card_edit(request, slug):
    lab = get_lab(slug)
    card = get_own_card(request, lab)
    form = ProfileCardForm(request.POST or None, instance=card)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "interests"}
        actions.save_card(form.instance, data=data, interests=list(form.cleaned_data["interests"]))
        messages.success(request, "Your profile card has been saved.")
        return redirect("participants:card", slug=lab.slug)
    return render(request, "participants/card.jinja", {"lab": lab, "form": form, "own_card": card})
