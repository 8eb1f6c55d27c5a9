from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from carelab.core.page_cache import public_page
from carelab.core.pagination import pagination
from carelab.events import actions, calendars
from carelab.events.access import (
    get_event_for_reader,
    get_event_for_team,
    get_registration_for_team,
    may_register,
    may_see_joining_link,
    own_registration,
    registrations_for_team,
)
from carelab.events.forms import AttendanceForm, CancelEventForm, EventForm, NotesForm, RegistrationForm
from carelab.events.models import Event, Registration
from carelab.events.presenters import EventView, count_text, registration_tag
from carelab.labs.access import get_lab, is_lab_team, lab_team_required
from carelab.lib.spreadsheet_cells import csv_text, neutralise
from carelab.safeguarding.models import SafeguardingFlag, flag_for_source

# Set when what a person wrote in registering suggests they may be at risk, so the event's page they
# land on (after the redirect) shows where to get help at once. Holds the event's id.
CRISIS_SESSION_KEY = "events_show_crisis_for_event"
PAST_EVENTS_PER_PAGE = 10


def _posted(request):
    """The submitted form data, or None on a GET. (An empty POST still binds a form: every field may be optional.)"""
    return request.POST if request.method == "POST" else None


def _places_taken(event: Event) -> int:
    return event.registrations.registered().count()


# Public pages


@login_not_required
@require_safe
@public_page
def event_list(request, slug):
    lab = get_lab(slug)
    listed = lab.events.listed().with_places_taken()
    upcoming = [EventView.of(event) for event in listed.upcoming()]
    page = Paginator(listed.past(), PAST_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/list.jinja",
        {
            "lab": lab,
            "upcoming": upcoming,
            "past": [EventView.of(event) for event in page],
            "page": page,
            "page_links": pagination(page, request.path),
            "is_team": is_lab_team(request.user, lab),
        },
    )


@login_not_required
@require_safe
def event_detail(request, slug, pk):
    lab = get_lab(slug)
    event = get_event_for_reader(request, lab, pk)
    registration = own_registration(request.user, event)
    view = EventView(
        event,
        places_taken=_places_taken(event),
        registration=registration,
        shows_joining_link=may_see_joining_link(request.user, event, registration),
    )
    show_crisis = hasattr(request, "session") and request.session.get(CRISIS_SESSION_KEY) == event.pk
    if show_crisis:
        del request.session[CRISIS_SESSION_KEY]
    return render(
        request,
        "events/detail.jinja",
        {
            "lab": lab,
            "event": view,
            "registration": registration if registration and registration.is_active else None,
            "can_register": event.is_open_for_registration()
            and not (registration and registration.is_active)
            and (not request.user.is_authenticated or may_register(request.user, event)),
            "participants_only": event.who_may_register == Event.WhoMayRegister.PARTICIPANTS,
            "is_team": is_lab_team(request.user, lab),
            "show_crisis": show_crisis,
        },
    )


@login_not_required
@require_safe
def event_ics(request, slug, pk):
    """The event as a file for a calendar. The joining link is in it only for people with a place (and the team)."""
    lab = get_lab(slug)
    event = get_event_for_reader(request, lab, pk)
    registration = own_registration(request.user, event)
    with_link = may_see_joining_link(request.user, event, registration)
    response = HttpResponse(
        calendars.event_ics(event, with_joining_link=with_link), content_type=calendars.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    if with_link:
        patch_cache_control(response, private=True, no_store=True)
    return response


@login_not_required
@require_safe
def feed(request, slug):
    """The lab's events for calendar programs to subscribe to: public, so never a joining link."""
    lab = get_lab(slug)
    events = lab.events.listed().order_by("starts_at", "pk")
    for event in events:
        event.lab = lab
    response = HttpResponse(calendars.lab_feed_ics(lab, events), content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{lab.slug}-events.ics"'
    return response


# Registering and cancelling (signed in: LoginRequiredMiddleware sends others to sign in and back)


@require_http_methods(["GET", "POST"])
def register(request, slug, pk):
    lab = get_lab(slug)
    event = get_event_for_reader(request, lab, pk)
    registration = own_registration(request.user, event)
    if registration is not None and registration.is_active:
        messages.success(request, EventView(event, registration=registration).your_status)
        return redirect(event.get_absolute_url())

    form = RegistrationForm(_posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.register(
                event=event, user=request.user, access_needs=form.cleaned_data.get("access_needs", "")
            )
        except actions.EventActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if actions.check_registration_words(event, registration.access_needs).has_risk:
                request.session[CRISIS_SESSION_KEY] = event.pk  # shown on the event's page, after the redirect
            registration = own_registration(request.user, event)
            if registration.has_place:
                messages.success(
                    request,
                    "You have a place. We have e-mailed you a confirmation with an invitation for your calendar.",
                )
            else:
                messages.success(
                    request,
                    f"The event is full, so you are on the waiting list: number {registration.waiting_position}. "
                    "We will e-mail you if a place comes up.",
                )
            return redirect(event.get_absolute_url())

    view = EventView(event, places_taken=_places_taken(event))
    return render(
        request,
        "events/register.jinja",
        {
            "lab": lab,
            "event": view,
            "form": form,
            "open": event.is_open_for_registration(),
            "allowed": may_register(request.user, event),
        },
    )


@require_http_methods(["GET", "POST"])
def cancel(request, slug, pk):
    """The person gives up their place or leaves the waiting list, after a confirmation page."""
    lab = get_lab(slug)
    event = get_event_for_reader(request, lab, pk)
    registration = own_registration(request.user, event)
    if registration is None or not registration.is_active:
        messages.success(request, "You are not registered for this event.")
        return redirect(event.get_absolute_url())
    if request.method == "POST":
        was_waiting = registration.is_waiting
        try:
            actions.cancel_registration(registration=registration)
        except actions.EventActionRefused as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(
                request,
                "You have left the waiting list."
                if was_waiting
                else "Your place is cancelled. Thank you for telling us.",
            )
        return redirect(event.get_absolute_url())
    return render(
        request,
        "events/cancel.jinja",
        {"lab": lab, "event": EventView(event, registration=registration), "registration": registration},
    )


@require_safe
def yours(request, slug):
    """The person's places and waiting-list spots in this lab's events, with links to cancel."""
    lab = get_lab(slug)
    registrations = (
        request.user.event_registrations.filter(event__lab=lab)
        .active()
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event")
        .with_waiting_position()
        .order_by("event__starts_at", "pk")
    )
    now = timezone.now()
    upcoming, past = [], []
    for registration in registrations:
        registration.event.lab = lab
        view = EventView(registration.event, registration=registration)
        (past if registration.event.has_finished(now) else upcoming).append(view)
    past.reverse()
    return render(request, "events/yours.jinja", {"lab": lab, "upcoming": upcoming, "past": past})


# The lab team's pages


@lab_team_required
@require_safe
def team_list(request, slug):
    lab = request.lab
    events = lab.events.with_counts().order_by("-starts_at", "-pk")
    rows = []
    for event in events:
        event.lab = lab
        rows.append(EventView.of(event))
    return render(request, "events/team_list.jinja", {"lab": lab, "rows": rows})


@lab_team_required
@require_http_methods(["GET", "POST"])
def create(request, slug):
    form = EventForm(_posted(request), lab=request.lab)
    return _event_form_page(request, form, heading="Add an event")


@lab_team_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, pk):
    event = get_event_for_team(request, pk)
    if event.is_cancelled:
        messages.warning(request, "This event is cancelled, so it cannot be changed. You can still write notes.")
        return redirect(event.get_absolute_url())
    form = EventForm(_posted(request), instance=event, lab=request.lab)
    return _event_form_page(request, form, heading="Change event")


def _event_form_page(request, form: EventForm, *, heading: str):
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.save_event(form, by=request.user)
        except actions.EventActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Event published." if event.is_published else "Event saved as a draft.")
            return redirect(event.get_absolute_url())
    return render(request, "events/form.jinja", {"lab": request.lab, "form": form, "heading": heading})


@lab_team_required
@require_http_methods(["GET", "POST"])
def cancel_event(request, slug, pk):
    event = get_event_for_team(request, pk)
    form = CancelEventForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.cancel_event(event=event, message=form.cleaned_data["message"])
        except actions.EventActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Event cancelled. We are e-mailing everyone who registered.")
            return redirect(event.get_absolute_url())
    active = event.registrations.active().count()
    return render(
        request,
        "events/cancel_event.jinja",
        {"lab": request.lab, "event": EventView(event), "form": form, "people": count_text(active, "person", "people")},
    )


@lab_team_required
@require_safe
def registrations(request, slug, pk):
    event = get_event_for_team(request, pk)
    rows = list(
        registrations_for_team(event).annotate(
            safeguarding_flag_id=flag_for_source(SafeguardingFlag.Source.EVENT_REGISTRATION)
        )
    )
    counts = {status: sum(1 for row in rows if row.status == status) for status in Registration.Status.values}
    return render(
        request,
        "events/registrations.jinja",
        {
            "lab": request.lab,
            "event": EventView(event, places_taken=counts[Registration.Status.REGISTERED]),
            "rows": [(row, registration_tag(row)) for row in rows],
            "counts": counts,
        },
    )


@lab_team_required
@require_safe
def registrations_csv(request, slug, pk):
    """Everyone who registered, for the lab team. Text a spreadsheet would run as a formula is made inert."""
    event = get_event_for_team(request, pk)
    header = ["name", "email", "status", "waiting_position", "access_needs", "registered_at", "attendance"]
    rows = [header]
    for row in registrations_for_team(event):
        rows.append(
            [
                neutralise(row.user.public_name),
                neutralise(row.user.email),
                row.status,
                row.waiting_position or "",
                neutralise(row.access_needs),
                row.created_at.isoformat(),
                row.attendance,
            ]
        )
    response = HttpResponse(csv_text(iter(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@lab_team_required
@require_http_methods(["GET", "POST"])
def cancel_registration(request, slug, pk, registration_pk):
    event = get_event_for_team(request, pk)
    registration = get_registration_for_team(event, registration_pk)
    back = reverse("events:registrations", args=[slug, event.pk])
    if not registration.is_active:
        messages.warning(request, "This registration is already cancelled.")
        return redirect(back)
    if request.method == "POST":
        try:
            actions.cancel_registration(registration=registration, by_team=True)
        except actions.EventActionRefused as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(request, f"Registration for {registration.user.public_name} cancelled. We have told them.")
        return redirect(back)
    return render(
        request,
        "events/cancel_registration.jinja",
        {"lab": request.lab, "event": EventView(event), "registration": registration, "back": back},
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def attendance(request, slug, pk):
    event = get_event_for_team(request, pk)
    people = list(event.registrations.registered().select_related("user").order_by("pk"))
    form = AttendanceForm(_posted(request), registrations=people)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_attendance(event=event, attendance=form.attendance())
        except actions.EventActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Attendance saved.")
            return redirect("events:registrations", slug, event.pk)
    return render(
        request,
        "events/attendance.jinja",
        {"lab": request.lab, "event": EventView(event), "form": form, "started": event.has_started()},
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def notes(request, slug, pk):
    event = get_event_for_team(request, pk)
    form = NotesForm(_posted(request), instance=event)
    if request.method == "POST" and form.is_valid():
        actions.save_notes(event=event, notes=form.cleaned_data["notes"], outputs=form.cleaned_data["outputs"])
        messages.success(request, "Notes and outputs saved.")
        return redirect(event.get_absolute_url())
    return render(request, "events/notes.jinja", {"lab": request.lab, "event": EventView(event), "form": form})
