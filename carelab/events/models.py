from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from carelab.labs.models import Lab
from carelab.lib.clock import UK_TIME_ZONE

# Events happen in the UK: times are typed and shown as UK clocks show them, and stored in UTC.
EVENT_TIME_ZONE = UK_TIME_ZONE
SUMMARY_MAX_LENGTH = 5000
NOTES_MAX_LENGTH = 20_000
ACCESS_NEEDS_MAX_LENGTH = 2000
DEFAULT_ACCESS_NEEDS_QUESTION = (
    "Is there anything we can do to make it easier for you to take part? For example, step-free access, "
    "a British Sign Language interpreter, captions, breaks, or someone coming with you."
)


class EventQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def listed(self):
        """Published and cancelled events: what the public list and the feed show. Drafts are the team's."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now: datetime | None = None):
        """Not finished yet, soonest first."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime | None = None):
        """Finished, most recent first."""
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-pk")

    def with_places_taken(self):
        """Each event with `places_taken`: the people who have a place, counted in the same query."""
        return self.annotate(
            places_taken=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED))
        )

    def with_counts(self):
        """`places_taken` and `waiting_count`, for the lab team's list."""
        return self.with_places_taken().annotate(
            waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING))
        )


class Event(models.Model):
    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"
        HYBRID = "hybrid", "In person and online"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    class WhoMayRegister(models.TextChoices):
        ANYONE = "anyone", "Anyone with a CareLab account"
        PARTICIPANTS = "participants", "The lab's participants only"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=200)
    summary = models.TextField(
        max_length=SUMMARY_MAX_LENGTH, help_text="Markdown. What the event is and who it is for."
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ONLINE)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.TextField(blank=True, max_length=500, help_text="The address, for events in person.")
    joining_link = models.URLField(
        blank=True, max_length=500, help_text="For events online. Only people with a place and the lab team see it."
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Empty means no limit."
    )
    who_may_register = models.CharField(max_length=20, choices=WhoMayRegister.choices, default=WhoMayRegister.ANYONE)
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty means people can register until the event starts."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    access_needs_question = models.CharField(max_length=500, blank=True, default=DEFAULT_ACCESS_NEEDS_QUESTION)
    notes = models.TextField(blank=True, max_length=NOTES_MAX_LENGTH, help_text="Markdown. What happened.")
    outputs = models.TextField(
        blank=True, max_length=NOTES_MAX_LENGTH, help_text="Markdown. Slides, write-ups and links after the event."
    )
    cancellation_message = models.TextField(blank=True, max_length=2000)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Goes up by one with every change, so calendars replace the copy they hold (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["lab", "status", "ends_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="event_capacity_1_up"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.lab.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def has_finished(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def registration_deadline(self) -> datetime:
        return min(self.registration_closes_at or self.starts_at, self.starts_at)

    def is_open_for_registration(self, now: datetime | None = None) -> bool:
        return self.is_published and (now or timezone.now()) < self.registration_deadline()

    def places_left(self, places_taken: int) -> int | None:
        """Places not yet taken; None when there is no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - places_taken, 0)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """People with a place or on the waiting list."""
        return self.filter(status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING])

    def registered(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING)

    def waiting_in_order(self):
        """The waiting list, first come first served."""
        return self.waiting().order_by("waiting_since", "pk")

    def with_waiting_position(self):
        """Each registration with `waiting_position` (1 for the first on the list), counted in the same query.

        0 for people who are not waiting.
        """
        ahead = (
            Registration.objects.filter(event=OuterRef("event"), status=Registration.Status.WAITING)
            .filter(
                Q(waiting_since__lt=OuterRef("waiting_since"))
                | Q(waiting_since=OuterRef("waiting_since"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(ahead=Count("pk"))
            .values("ahead")
        )
        return self.annotate(
            waiting_position=models.Case(
                models.When(status=Registration.Status.WAITING, then=Coalesce(Subquery(ahead), Value(0)) + 1),
                default=Value(0),
            )
        )

    def for_team_list(self, event: Event):
        """Everyone who registered for the event, with their person, in list order."""
        order = models.Case(
            models.When(status=Registration.Status.REGISTERED, then=Value(0)),
            models.When(status=Registration.Status.WAITING, then=Value(1)),
            default=Value(2),
        )
        return (
            self.filter(event=event)
            .select_related("user")
            .with_waiting_position()
            .order_by(order, "waiting_since", "created_at", "pk")
        )

    def due_a_reminder(self, now: datetime, ahead: timedelta):
        """Places at published events starting within `ahead` whose holders have not had a reminder."""
        return self.registered().filter(
            reminder_sent_at__isnull=True,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + ahead,
        )


class Registration(models.Model):
    """One person's registration for one event. Cancelling keeps the row; registering again re-uses it."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "Has a place"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        NOT_RECORDED = "", "Not recorded"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    access_needs = models.TextField(
        blank=True, max_length=ACCESS_NEEDS_MAX_LENGTH, help_text="Only the person and the lab team see this."
    )
    # The order of the waiting list: when the person (last) asked for a place.
    waiting_since = models.DateTimeField(default=timezone.now)
    place_given_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by_team = models.BooleanField(default=False)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True, default="")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["waiting_since", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")]
        indexes = [models.Index(fields=["event", "status", "waiting_since"])]

    def __str__(self):
        return f"{self.user} – {self.get_status_display()} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.REGISTERED, self.Status.WAITING)

    @property
    def has_place(self) -> bool:
        return self.status == self.Status.REGISTERED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING
