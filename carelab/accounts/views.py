from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carelab.accounts.actions import delete_account
from carelab.accounts.forms import DeleteAccountForm, ProfileForm
from carelab.accounts.models import User


@require_http_methods(["GET", "POST"])
def profile(request):
    # A fresh copy, so a form with errors never changes the name shown in the header.
    person = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.instance.save(update_fields=form.Meta.fields)
        messages.success(request, "Your details have been saved.")
        return redirect("accounts:profile")
    has_two_factor = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(request, "accounts/profile.jinja", {"form": form, "has_two_factor": has_two_factor})


@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(request, "Your account has been deleted. You have been signed out.")
        return redirect("home")
    return render(request, "accounts/delete.jinja", {"form": form})
