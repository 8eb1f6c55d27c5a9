"""Gatekeepers for events: the only way views reach an event or a registration, and who may register."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from carelab.events.models import Event, Registration
from carelab.labs.access import is_lab_team, is_participant_or_team
from carelab.labs.models import Lab


def get_event_for_reader(request: HttpRequest, lab: Lab, pk: int) -> Event:
    """An event as this person may see it.

    Published and cancelled events are public. Drafts exist only for the lab team (and site
    admins); for anyone else they are a 404.
    """
    event = get_object_or_404(Event.objects.for_lab(lab), pk=pk)
    if event.status == Event.Status.DRAFT and not is_lab_team(request.user, lab):
        raise Http404("No event here.")
    event.lab = lab
    return event


def get_event_for_team(request: HttpRequest, pk: int) -> Event:
    """An event of the lab in `request.lab`, which `lab_team_required` has already checked."""
    event = get_object_or_404(Event.objects.for_lab(request.lab), pk=pk)
    event.lab = request.lab
    return event


def get_registration_for_team(event: Event, pk: int) -> Registration:
    """A registration for this event (another event's is a 404)."""
    registration = get_object_or_404(Registration.objects.filter(event=event).select_related("user"), pk=pk)
    registration.event = event
    return registration


def own_registration(user, event: Event) -> Registration | None:
    """The person's registration for the event (in any state), or None."""
    if not user.is_authenticated:
        return None
    registration = Registration.objects.filter(event=event, user=user).with_waiting_position().first()
    if registration is not None:
        registration.event = event
    return registration


def may_register(user, event: Event) -> bool:
    """Whether the event is for people like this person: anyone signed in, or the lab's participants.

    The lab team (and site admins) may register for any of their lab's events.
    """
    if not user.is_authenticated:
        return False
    if event.who_may_register == Event.WhoMayRegister.ANYONE:
        return True
    return is_participant_or_team(user, event.lab)


def may_see_joining_link(user, event: Event, registration: Registration | None) -> bool:
    """Only people with a place at a published event, and the lab team, ever see how to join online."""
    if (
        event.is_published
        and registration is not None
        and registration.user_id == getattr(user, "pk", None)
        and registration.has_place
    ):
        return True
    return is_lab_team(user, event.lab)


def registrations_for_team(event: Event):
    """Everyone who registered for the event, in the order the lab team's list shows them."""
    return Registration.objects.for_team_list(event)
