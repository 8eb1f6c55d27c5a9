"""Gatekeepers for updates: who may read them, the only ways views reach an update, and unsubscribe links."""

from django.core import signing
from django.shortcuts import get_object_or_404, render

from carelab.accounts.models import User
from carelab.labs.access import is_lab_team, lab_role_required
from carelab.labs.models import Lab, Role
from carelab.updates.models import Update

UNSUBSCRIBE_SALT = "carelab.updates.unsubscribe"


def not_for_you(request, lab: Lab):
    """The 403 page for signed-in people who are not participants: what updates are and how to join."""
    return render(
        request, "updates/not_for_you.jinja", {"lab": lab, "is_team": is_lab_team(request.user, lab)}, status=403
    )


# Views taking `slug`: sent updates are for the lab's participants and team (site admins count as the
# team), who get in with `request.lab` set; others get the 403 page saying what updates are.
update_readers_only = lab_role_required(Role.PARTICIPANT, Role.TEAM, refused=not_for_you, private=False)


def get_sent_update(request, pk: int) -> Update:
    """A sent update of the lab in `request.lab`. Drafts and other labs' updates are a 404."""
    update = get_object_or_404(Update.objects.for_lab(request.lab).sent(), pk=pk)
    update.lab = request.lab
    return update


def get_update_for_team(request, pk: int) -> Update:
    """Any update of the lab in `request.lab`, which `lab_team_required` has already checked."""
    update = get_object_or_404(Update.objects.for_lab(request.lab).prefetch_related("audience_topics"), pk=pk)
    update.lab = request.lab
    return update


# Unsubscribe links: a signed token naming the person and the lab. It never expires, because an
# unsubscribe link must keep working for as long as the e-mail that carries it can be read.


def unsubscribe_token(user, lab: Lab) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"user": user.pk, "lab": lab.pk})


class BadUnsubscribeLink(Exception):
    """The link was altered, is for another lab, or names an account that no longer exists."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def person_for_unsubscribe(lab: Lab, token: str) -> User:
    """The person an unsubscribe link is for. Raises BadUnsubscribeLink (400 tampered, 404 gone)."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature as error:
        raise BadUnsubscribeLink(400) from error
    if not isinstance(value, dict) or value.get("lab") != lab.pk:
        raise BadUnsubscribeLink(400)
    user = User.objects.filter(pk=value.get("user"), is_active=True).first()
    if user is None:
        raise BadUnsubscribeLink(404)
    return user
