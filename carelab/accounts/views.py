import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carelab.accounts.actions import delete_account
from carelab.accounts.forms import DeleteAccountForm, ProfileForm
from carelab.accounts.presenters import as_json, consent_views, download_filename, section_views
from carelab.core.your_data import NAMES_REMOVED_FROM_WHAT_STAYS, all_consents, collect
from carelab.participants.access import latest_applications_of
from carelab.participants.presenters import status_tag


@require_http_methods(["GET", "POST"])
def profile(request):
    # A fresh copy, so a form with errors never changes the name shown in the header.
    person = request.user.fresh_copy()
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.instance.save(update_fields=form.Meta.fields)
        messages.success(request, "Your details have been saved.")
        return redirect("accounts:profile")
    has_two_factor = request.user.has_two_factor()
    return render(
        request,
        "accounts/profile.jinja",
        {
            "form": form,
            "has_two_factor": has_two_factor,
            "applications": [(app, status_tag(app)) for app in latest_applications_of(request.user)],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(request, "Your account has been deleted. You have been signed out.")
        return redirect("home")
    sections = section_views(collect(request.user))
    return render(
        request,
        "accounts/delete.jinja",
        {
            "form": form,
            "removed": [view for view in sections if not view.section.kept_after_deletion],
            "kept": [view for view in sections if view.section.kept_after_deletion],
            "names_removed": NAMES_REMOVED_FROM_WHAT_STAYS,
        },
    )


# Personal data: never kept in a shared cache or the browser's history cache.
@never_cache
@require_GET
def your_data(request):
    """Everything CareLab holds about the person, section by section, with what deleting the account does."""
    sections = collect(request.user)
    return render(
        request,
        "accounts/your_data.jinja",
        {"sections": section_views(sections), "consents": consent_views(all_consents(sections))},
    )


@never_cache
@require_GET
def your_data_download(request):
    """The same sections as a JSON file to keep or take elsewhere."""
    generated_at = timezone.now()
    data = as_json(collect(request.user), generated_at)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{download_filename(generated_at)}"'
    return response
