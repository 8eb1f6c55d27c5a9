"""The parts of deleting an account that erase a person from what stays (docs/decisions/0015).

`delete_account` calls these in its transaction, in this order:

1. `gather_identifiers(user)`: their names, e-mail addresses and phone numbers, from the account
   and from everything they wrote, before any of it is deleted.
2. `records_about(user)`: the rows that stay but are about them (moderation of their comments,
   reports on their comments and conversations, notes on flags their answers raised, admin log
   entries about their account), found while the links to them still exist.
3. `cancel_queued_emails_to(user)`: background e-mails waiting to go to them are deleted.
4. `redact_sent_survey_answers(user, identifiers)`: their own free text in answers that stay in the
   lab's results loses suspected personal data and their identifiers; counts stay as they were.
5. After the account is gone, `scrub_text_about(identifiers, about)`: every text column of every
   model loses their full names, addresses and phone numbers; the rows about them lose their first
   name alone as well.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from carelab.comments import tasks as comment_tasks
from carelab.comments.models import Comment, ModerationEvent, Report
from carelab.connect import tasks as connect_tasks
from carelab.connect.models import Block, ConnectStop, ConversationMessage, ConversationReport, Introduction
from carelab.events import tasks as event_tasks
from carelab.events.models import Registration
from carelab.evidence import tasks as evidence_tasks
from carelab.evidence.models import EvidenceItem
from carelab.ideas.models import Idea
from carelab.insights.models import Excerpt, Source
from carelab.lib.scrub import database_patterns, redact_postcodes, scrub_identifiers
from carelab.lib.text_checks import find_personal_data_spans, redact_personal_data
from carelab.participants import tasks as participant_tasks
from carelab.participants.models import Application, ApplicationEvent, ProfileCard, ProfileCardEvent
from carelab.safeguarding.models import FlagEvent
from carelab.surveys import tasks as survey_tasks
from carelab.surveys.models import Answer, ContactDetail, ResumeLinkRequest, SurveyResponse
from carelab.updates import tasks as update_tasks
from carelab.updates.models import Delivery

# Never scrubbed: other people's own accounts and names (someone else may share the name), secrets,
# and Django's own tables. The person's own rows in these are deleted with the account.
SKIPPED_MODELS = {
    "accounts.User",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "sessions.Session",
    "contenttypes.ContentType",
    "auth.Permission",
    "auth.Group",
}
SKIPPED_FIELDS = {
    "participants.ProfileCard": {"display_name"},
    "connect.Introduction": {"sender_name", "recipient_name"},
    "connect.Block": {"blocked_name"},
    "connect.ConnectStop": {"name"},
}


@dataclass(frozen=True)
class Identifiers:
    """What identifies the person in text: full names as they were known, addresses, phone numbers,
    and first or one-word names, which are removed only from records about them."""

    names: tuple[str, ...] = ()
    first_names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names or self.emails or self.phones)


@dataclass
class RecordsAbout:
    """Primary keys, by model label, of rows that stay but are about the person."""

    pks: dict[str, set] = field(default_factory=dict)

    def add(self, model: type[models.Model], pks: Iterable) -> None:
        self.pks.setdefault(model._meta.label, set()).update(pks)


def _own_free_text(user) -> list[str]:
    """Everything the person wrote themselves, where they may have given a phone number or address."""
    texts: list[str] = []
    for application in Application.objects.filter(applicant=user).only(
        "access_needs", "motivation", "availability", "how_heard"
    ):
        texts += [application.access_needs, application.motivation, application.availability, application.how_heard]
    for card in ProfileCard.objects.filter(user=user).only("ask_me_about", "role_detail"):
        texts += [card.ask_me_about, card.role_detail]
    texts += Registration.objects.filter(user=user).values_list("access_needs", flat=True)
    texts += ConversationMessage.objects.filter(author=user).values_list("body", flat=True)
    texts += Comment.objects.filter(author=user).values_list("body", flat=True)
    for title, description in Idea.objects.filter(author=user).values_list("title", "description"):
        texts += [title, description]
    for answers in SurveyResponse.objects.filter(user=user).values_list("answers", flat=True):
        texts += [value for value in (answers or {}).values() if isinstance(value, str)]
    return [text for text in texts if text]


def gather_identifiers(user) -> Identifiers:
    """The person's names, e-mail addresses and phone numbers, gathered before anything is deleted."""
    from allauth.account.models import EmailAddress

    names = [user.display_name]
    names += ProfileCard.objects.filter(user=user).values_list("display_name", flat=True)
    for sender_id, sender_name, recipient_name in Introduction.objects.filter(
        models.Q(sender=user) | models.Q(recipient=user)
    ).values_list("sender_id", "sender_name", "recipient_name"):
        names.append(sender_name if sender_id == user.pk else recipient_name)
    names += Block.objects.filter(blocked=user).values_list("blocked_name", flat=True)
    names += ConnectStop.objects.filter(user=user).values_list("name", flat=True)

    emails = [user.email]
    emails += EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    emails += ContactDetail.objects.filter(response__user=user).values_list("email", flat=True)
    emails += ResumeLinkRequest.objects.filter(response__user=user).values_list("email", flat=True)
    phones: list[str] = []
    for text in _own_free_text(user):
        for span in find_personal_data_spans(text):
            found = text[span.start : span.end]
            if span.kind == "email address" and not _published_by_a_lab(emails=[found]):
                emails.append(found)
            elif span.kind == "phone number" and not _published_by_a_lab(phones=[found]):
                phones.append(found)

    names = [" ".join(name.split()) for name in names if name and name.strip()]
    # A one-word name ("Sam", "Hope") is removed only where the text is about them, like a first name.
    full_names = [name for name in names if " " in name]
    first_names = [name.split()[0] for name in names]
    return Identifiers(
        names=_unique(full_names),
        first_names=_unique(first_names),
        emails=_unique(email.strip() for email in emails if email and "@" in email),
        phones=_unique(phones),
    )


# What labs publish in their own words. A number or address a person copied from here into their own
# text (a helpline, the lab's contact address) is not theirs, and must not be removed from the lab's pages.
PUBLISHED_BY_LABS = (
    "labs.Lab",
    "labs.Phase",
    "posts.Post",
    "comments.CommentPolicy",
    "surveys.Survey",
    "surveys.SurveyVersion",
    "safeguarding.SafeguardingGuidance",
    "participants.MessageTemplate",
    "organisations.Organisation",
    "updates.Update",
)


def _published_by_a_lab(*, emails: Iterable[str] = (), phones: Iterable[str] = ()) -> bool:
    for label in PUBLISHED_BY_LABS:
        model = apps.get_model(label)
        if _may_mention(model, _text_fields(model), (), emails, phones).exists():
            return True
    return False


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def records_about(user) -> RecordsAbout:
    """Rows that outlive the account and are about the person, found while they are still linked."""
    about = RecordsAbout()
    their_comments = Comment.objects.filter(author=user).values("pk")
    about.add(ModerationEvent, ModerationEvent.objects.filter(comment__in=their_comments).values_list("pk", flat=True))
    about.add(Report, Report.objects.filter(comment__in=their_comments).values_list("pk", flat=True))
    about.add(ProfileCardEvent, ProfileCardEvent.objects.filter(card__user=user).values_list("pk", flat=True))
    their_introductions = Introduction.objects.filter(models.Q(sender=user) | models.Q(recipient=user)).values("pk")
    about.add(
        ConversationReport,
        ConversationReport.objects.filter(
            models.Q(reported=user) | models.Q(reporter=user) | models.Q(introduction__in=their_introductions)
        ).values_list("pk", flat=True),
    )
    about.add(
        FlagEvent,
        FlagEvent.objects.filter(models.Q(flag__survey_response__user=user) | models.Q(flag__person=user)).values_list(
            "pk", flat=True
        ),
    )
    user_type = ContentType.objects.get_for_model(get_user_model())
    about.add(
        LogEntry,
        LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).values_list("pk", flat=True),
    )
    return about


def _queued_email_records(user) -> dict[str, set]:
    """For each task that e-mails one person, the ids of this person's records it may be queued with."""
    introductions = Introduction.objects.filter(models.Q(sender=user) | models.Q(recipient=user))
    submitted = set(EvidenceItem.objects.submitted_by_person(user).values_list("pk", flat=True))
    return {
        participant_tasks.send_application_received.module_path: set(
            Application.objects.filter(applicant=user).values_list("pk", flat=True)
        ),
        participant_tasks.send_decision.module_path: set(
            ApplicationEvent.objects.filter(application__applicant=user).values_list("pk", flat=True)
        ),
        participant_tasks.send_card_change_request.module_path: set(
            ProfileCardEvent.objects.filter(card__user=user).values_list("pk", flat=True)
        ),
        connect_tasks.send_introduction_email.module_path: set(introductions.values_list("pk", flat=True)),
        connect_tasks.send_message_email.module_path: set(
            ConversationMessage.objects.filter(introduction__in=introductions).values_list("pk", flat=True)
        ),
        update_tasks.send_update_email.module_path: set(
            Delivery.objects.filter(recipient=user).values_list("pk", flat=True)
        ),
        event_tasks.send_registration_email.module_path: set(
            Registration.objects.filter(user=user).values_list("pk", flat=True)
        ),
        comment_tasks.notify_author_of_decision.module_path: set(
            Comment.objects.filter(author=user).values_list("pk", flat=True)
        ),
        survey_tasks.send_resume_link.module_path: set(
            ResumeLinkRequest.objects.filter(response__user=user).values_list("pk", flat=True)
        ),
        evidence_tasks.send_review_decision.module_path: submitted,
        # To the lab team, but about a submission that goes with the account: nothing left to review.
        evidence_tasks.notify_team_of_submission.module_path: submitted,
    }


def _first_argument(args_kwargs: dict):
    args = args_kwargs.get("args") or []
    if args:
        return args[0]
    kwargs = args_kwargs.get("kwargs") or {}
    return next(iter(kwargs.values()), None)


def cancel_queued_emails_to(user) -> int:
    """Delete the background e-mails still waiting to go to this person. Returns how many.

    Tasks carry record ids only (decision 0015), so they are found through the person's records.
    Each task also checks at send time that the person is still there, which covers one already
    running and the immediate backend. E-mails to a lab team (flags, reports, digests) are left:
    they go to whoever is on the team when they are sent.
    """
    records = _queued_email_records(user)
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__in=[path for path, ids in records.items() if ids]
    ).values_list("pk", "task_path", "args_kwargs")
    to_cancel = [pk for pk, path, args_kwargs in waiting if _first_argument(args_kwargs) in records[path]]
    return DBTaskResult.objects.filter(pk__in=to_cancel).delete()[0]


def _redacted(text: str, identifiers: Identifiers) -> str:
    """The person's own words with suspected personal data and their identifiers taken out."""
    text = redact_postcodes(redact_personal_data(text))
    names = [*identifiers.names, *identifiers.first_names]
    return scrub_identifiers(text, names, identifiers.emails, identifiers.phones)


def redact_sent_survey_answers(user, identifiers: Identifiers) -> int:
    """Redact the free text of the person's sent answers that stay in the lab's results. Returns answers changed.

    Only written answers change (the questions whose `Answer` rows hold text): choices, numbers and
    dates stay, so every count and tally stays as it was.
    """
    changed = 0
    responses = SurveyResponse.objects.submitted().filter(user=user).only("pk", "answers")
    for response in responses:
        rows = list(Answer.objects.filter(response=response).exclude(text="").only("pk", "question", "text"))
        written = {row.question for row in rows}
        answers = dict(response.answers or {})
        for name in written:
            if isinstance(answers.get(name), str):
                answers[name] = _redacted(answers[name], identifiers)
        if answers != response.answers:
            response.answers = answers
            response.save(update_fields=["answers"])
        for row in rows:
            redacted = _redacted(row.text, identifiers)
            if redacted != row.text:
                row.text = redacted
                row.save(update_fields=["text"])
                changed += 1
    return changed


def redact_coding_sources(user, identifiers: Identifiers) -> int:
    """Redact the person's survey answers where a lab codes them (insights `Source`s), keeping the coding.

    The text is redacted piece by piece between the coded parts' edges, so each coded part keeps its
    place (its offsets move with the shorter or longer text) and its codes. Returns sources changed.
    """
    changed = 0
    for source in Source.objects.filter(survey_response__user=user).only("pk", "text"):
        excerpts = list(Excerpt.objects.filter(source=source).only("pk", "start", "end", "text"))
        edges = sorted({0, len(source.text), *(e.start for e in excerpts), *(e.end for e in excerpts)})
        new_position, pieces, length = {}, [], 0
        for left, right in zip(edges, edges[1:], strict=False):
            new_position[left] = length
            piece = _redacted(source.text[left:right], identifiers)
            pieces.append(piece)
            length += len(piece)
        new_position[len(source.text)] = length
        text = "".join(pieces)
        if text == source.text:
            continue
        source.text = text
        source.save(update_fields=["text"])
        for excerpt in excerpts:
            excerpt.start, excerpt.end = new_position[excerpt.start], new_position[excerpt.end]
            excerpt.text = text[excerpt.start : excerpt.end]
        Excerpt.objects.bulk_update(excerpts, ["start", "end", "text"])
        changed += 1
    return changed


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    skipped = SKIPPED_FIELDS.get(model._meta.label, set())
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not isinstance(f, models.SlugField)
        and not (f.primary_key or f.unique or f.choices)
        and f.name not in skipped
    ]


def _scrub_value(value, names, emails, phones):
    if isinstance(value, str):
        return scrub_identifiers(value, names, emails, phones)
    if isinstance(value, list):
        return [_scrub_value(item, names, emails, phones) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_value(item, names, emails, phones) for key, item in value.items()}
    return value


def _scrub_rows(model, fields, queryset, names, emails, phones) -> int:
    changed = 0
    for row in queryset.values("pk", *[f.name for f in fields]):
        updates = {}
        for f in fields:
            value = row[f.name]
            scrubbed = _scrub_value(value, names, emails, phones)
            if scrubbed != value:
                updates[f.name] = scrubbed
        if updates:
            model._base_manager.filter(pk=row["pk"]).update(**updates)
            changed += 1
    return changed


def _may_mention(model, fields, names, emails, phones):
    """Rows of the model whose text may hold one of the identifiers, found in the database."""
    patterns = database_patterns(names, emails, phones)
    queryset = model._base_manager.all()
    if not patterns:
        return queryset.none()
    condition = models.Q()
    for f in fields:
        if isinstance(f, models.JSONField):
            alias = f"_erasure_text_{f.name}"
            queryset = queryset.alias(**{alias: Cast(f.name, models.TextField())})
            lookup = f"{alias}__iregex"
        else:
            lookup = f"{f.name}__iregex"
        for pattern in patterns:
            condition |= models.Q(**{lookup: pattern})
    return queryset.filter(condition)


def scrub_text_about(identifiers: Identifiers, about: RecordsAbout) -> int:
    """Remove the person's full names, e-mail addresses and phone numbers from every text column of every
    model, and their first name alone as well from the rows about them. Returns how many rows changed.

    One query per model finds the rows that may mention them; only those are read and changed.
    """
    if not identifiers:
        return 0
    names, emails, phones = identifiers.names, identifiers.emails, identifiers.phones
    changed = 0
    for model in apps.get_models():
        if model._meta.label in SKIPPED_MODELS or model._meta.proxy:
            continue
        fields = _text_fields(model)
        if fields:
            rows = _may_mention(model, fields, names, emails, phones)
            changed += _scrub_rows(model, fields, rows, names, emails, phones)
    with_first_names = [*names, *identifiers.first_names]
    for label, pks in about.pks.items():
        model = apps.get_model(label)
        fields = _text_fields(model)
        changed += _scrub_rows(model, fields, model._base_manager.filter(pk__in=pks), with_first_names, emails, phones)
    return changed
