"""The demo lab's safeguarding review: guidance, and the flags its survey answers, a held comment and an
application raised, worked by the team.

The demo survey's answers raise flags as real answers would (a score in the most severe band, words
suggesting risk). Here the team has worked through them: older flags are closed with an outcome, one
was reopened, a few are in review and the newest are new. The flag from a held comment (raised by
`demo.actions`) is in review; the flag from an application (raised by `demo.participants`, loaded
later) stays new. Run once: a lab whose flags already have the team's events is left as it is.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from carelab.labs.models import Lab
from carelab.safeguarding import actions
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag, SafeguardingGuidance

GUIDANCE = """\
**Every flag is reviewed within two working days** by someone on the lab team. Start the review so the
rest of the team knows you have it.

1. Read why the response was flagged. CareLab does not copy what the person wrote into the flag.
2. The person was shown where to get help at once. Answers are not read in real time, so nobody
   is waiting for a reply from us.
3. If the person agreed to be contacted, the lab lead decides whether to send the standard e-mail
   with support contacts. Download contact details only from the survey's results page; each
   download is recorded.
4. If you are worried someone may be at immediate risk, speak to the lab's safeguarding lead the
   same day.
5. Close the flag with what was decided and done.

Safeguarding lead: the lab lead. Out of hours, follow your own organisation's safeguarding policy.
"""

OUTCOMES = [
    "Reviewed against the lab's safeguarding plan. The person did not agree to be contacted, and was shown "
    "crisis resources when they answered. No further action.",
    "Reviewed by two of the team. A score in this band does not on its own mean someone is at risk now; "
    "crisis resources were shown at the time. No further action.",
    "The person agreed to be contacted. The lab lead sent the standard e-mail with support contacts from the "
    "lab's address, as the plan says.",
]
NOTES = [
    "Checked with the safeguarding lead, as the plan says for this kind of flag.",
    "Looked at the survey's results page: nothing more we can or should do from the answers alone.",
]
NEWEST_LEFT_NEW = 5
IN_REVIEW = 3


COMMENT_NOTE = (
    "Read the comment. It stays unpublished while we review it. The lab lead will decide whether to write to "
    "the author from the lab's address with support contacts, as the plan says."
)


def backdate_flag(flag: SafeguardingFlag, when: datetime) -> None:
    """Date a demo flag and its automatic events to when the words were written."""
    SafeguardingFlag.objects.filter(pk=flag.pk).update(created_at=when, updated_at=when)
    FlagEvent.objects.filter(flag=flag).update(created_at=when)
    flag.created_at = flag.updated_at = when


def _start_review(flag: SafeguardingFlag, by) -> FlagEvent:
    actions.start_review(flag=flag, by=by)
    return flag.events.latest("pk")


def _backdate(events_and_times: list[tuple[FlagEvent, datetime]]) -> None:
    now = timezone.now()
    for event, when in events_and_times:
        FlagEvent.objects.filter(pk=event.pk).update(created_at=min(when, now))


@transaction.atomic
def load_demo_safeguarding(lab: Lab, team_member, second_reviewer) -> None:
    if not SafeguardingGuidance.objects.filter(lab=lab).exists():
        actions.save_guidance(lab=lab, by=team_member, body=GUIDANCE)
    automatic = [FlagEvent.Action.RAISED, FlagEvent.Action.UPDATED]
    if FlagEvent.objects.filter(flag__lab=lab).exclude(action__in=automatic).exists():
        return
    survey = SafeguardingFlag.Source.SURVEY_RESPONSE
    for flag in SafeguardingFlag.objects.for_lab(lab).exclude(source_kind=survey):  # the held comment's
        noted = flag.created_at + timedelta(hours=5)
        started = _start_review(flag, team_member)
        note = actions.add_note(flag=flag, by=team_member, note=COMMENT_NOTE)
        _backdate([(started, flag.created_at + timedelta(hours=4)), (note, noted)])
        SafeguardingFlag.objects.filter(pk=flag.pk).update(updated_at=min(noted, timezone.now()))
    survey_flags = SafeguardingFlag.objects.for_lab(lab).filter(source_kind=SafeguardingFlag.Source.SURVEY_RESPONSE)
    flags = list(survey_flags.select_related("survey_response"))
    # Demo answers were dated after they were submitted: date each flag to its response, oldest first.
    for flag in flags:
        response = flag.survey_response
        raised = (response.submitted_at or response.started_at) if response else flag.created_at
        SafeguardingFlag.objects.filter(pk=flag.pk).update(created_at=raised)
        FlagEvent.objects.filter(flag=flag).update(created_at=raised)
        flag.created_at = raised
    flags.sort(key=lambda flag: (flag.created_at, flag.pk))

    new_count = min(NEWEST_LEFT_NEW, max(1, len(flags) // 3))
    in_review_count = min(IN_REVIEW, max(1, len(flags) // 3))
    to_close = flags[: max(0, len(flags) - new_count - in_review_count)]
    to_review = flags[len(to_close) : len(to_close) + in_review_count]
    for index, flag in enumerate(to_close):
        raised = flag.created_at
        timed = [(_start_review(flag, team_member), raised + timedelta(hours=5))]
        if index % 4 == 0:
            note = actions.add_note(flag=flag, by=second_reviewer, note=NOTES[index % len(NOTES)])
            timed.append((note, raised + timedelta(hours=20)))
        actions.close_flag(flag=flag, by=team_member, outcome=OUTCOMES[index % len(OUTCOMES)])
        timed.append((flag.events.latest("pk"), raised + timedelta(days=1)))
        _backdate(timed)
    if to_close:  # one closed flag a second reviewer opened again
        flag = to_close[-1]
        actions.reopen_flag(
            flag=flag, by=second_reviewer, reason="Reopening so a second person checks it, as the plan asks."
        )
        _backdate([(flag.events.latest("pk"), flag.created_at + timedelta(days=2))])
    for index, flag in enumerate(to_review):
        timed = [(_start_review(flag, team_member), flag.created_at + timedelta(hours=2))]
        if index == 0:
            note = actions.add_note(flag=flag, by=team_member, note=NOTES[0])
            timed.append((note, flag.created_at + timedelta(hours=3)))
        _backdate(timed)
    for flag in flags:
        last = flag.events.order_by("-created_at", "-pk").values_list("created_at", flat=True).first()
        SafeguardingFlag.objects.filter(pk=flag.pk).update(updated_at=last)
