"""Survey answers a person linked to their account, and their work on surveys for a lab team, for
"Your data" (carelab/core/your_data.py).

Answers given without linking them to an account are not connected to anyone, so they cannot be
listed here. A linked response is shown the way the person saw their answers on the check page,
with the consents they gave (each with its wording version, when given and when withdrawn) and
the scores worked out from their answers (totals only: a band could read as a diagnosis, which
CareLab never gives). A response the person deleted is gone, so it is not listed.
"""

from django.db.models import Count, Max
from django.urls import reverse

from carelab.core.presenters import format_date
from carelab.core.your_data import (
    LAB_TEAM_WORK_KEPT,
    Consent,
    Privacy,
    Record,
    Section,
    counted_records,
    team_work_privacy,
)
from carelab.lib.consent import recorded_at
from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.lib.survey_languages import language_name
from carelab.surveys.actions.answering import pages_for
from carelab.surveys.models import ExportAudit, ResponseAudit, Survey, SurveyResponse, SurveyVersion
from carelab.surveys.presenters import AnswerSummary, ConsentRow, consent_rows


def _instrument_title(score: dict) -> str:
    try:
        return get_instrument(score["instrument_id"], score["instrument_version"]).title
    except (KeyError, UnknownInstrumentError):
        return str(score.get("instrument_id", "A questionnaire"))


def _consent_line(row: ConsentRow) -> str:
    """'Quoting your words anonymously: agreed 4 December 2026 at 4:10pm (wording version
    survey-consent-1); withdrawn 5 December 2026 at 9:00am'."""
    line = f"{row.short_name}: agreed"
    if row.given_at:
        line += f" {format_date(row.given_at, 'datetime')}"
    if row.version:
        line += f" (wording version {row.version})"
    if row.withdrawn_at:
        line += f"; withdrawn {format_date(row.withdrawn_at, 'datetime')}"
    return line


def _record(response: SurveyResponse) -> Record:
    survey = response.survey
    record: Record = [
        ("Lab", survey.lab.title),
        ("Survey", survey.title),
        ("Reference", response.reference),
        ("Started", response.started_at),
    ]
    if response.status == SurveyResponse.Status.SUBMITTED:
        record.append(("Sent", response.submitted_at))
    else:
        record.append(("Last saved", response.updated_at))
    record.append(("What you agreed to", [consent.get("wording", name) for name, consent in response.consents.items()]))
    record.append(
        ("When you agreed, and any you withdrew", [_consent_line(row) for row in consent_rows(response) if row.given])
    )
    contact = getattr(response, "contact", None)  # a reverse one-to-one: missing when no address was given
    if contact is not None:
        record.append(("Email address you gave to be contacted", contact.email))
    # An address given for a resume e-mail the worker has not sent yet (kept only until it goes).
    for request in response.resume_link_requests.all():
        record.append(("Email address we are about to send your link to", request.email))
    if response.language:
        record.append(("Language you chose for the questions", language_name(response.language)))
    summary = AnswerSummary(pages_for(response, language=response.language), response.answers, survey)
    for section in summary.sections():
        record.extend((row["key"]["text"], row["value"]["text"]) for row in section.rows)
    for score in response.scores:
        record.append((f"{_instrument_title(score)}: total score", score.get("total")))
    return record


def sections(user) -> list[Section]:
    responses = list(
        SurveyResponse.objects.filter(user=user)
        .select_related("survey__lab", "version", "contact")
        .prefetch_related("resume_link_requests")
        .order_by("started_at", "pk")
    )
    sent = [response for response in responses if response.status == SurveyResponse.Status.SUBMITTED]
    unfinished = [response for response in responses if response.status != SurveyResponse.Status.SUBMITTED]
    found = [
        Section(
            key="survey_answers_sent",
            title="Survey answers you sent and linked to your account",
            on_deletion=(
                "Kept in the lab's results without your name: your answers are no longer linked to you, any email "
                "address you gave to be contacted is deleted, and in what you wrote in your own words we take out "
                "your name and anything that looks like an email address, phone number or postcode."
            ),
            kept_after_deletion=True,
            records=[_record(response) for response in sent],
            consents=_consents(sent),
        ),
        Section(
            key="survey_answers_unfinished",
            title="Survey answers you have not finished",
            on_deletion="Deleted, and any link back to them, on the page or in an email, stops working.",
            records=[_record(response) for response in unfinished],
            consents=_consents(unfinished),
        ),
    ]
    created = Survey.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    versions = SurveyVersion.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    exports = ExportAudit.objects.filter(user=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    removals = ResponseAudit.objects.filter(actor=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    plans = Survey.objects.filter(safeguarding_plan_confirmed_by=user).aggregate(
        count=Count("pk"), latest=Max("safeguarding_plan_confirmed_at")
    )
    work = counted_records(
        [
            ("Made a survey", created["count"], created["latest"]),
            ("Published a version of a survey", versions["count"], versions["latest"]),
            ("Downloaded a survey's answers", exports["count"], exports["latest"]),
            ("Confirmed a survey's safeguarding plan", plans["count"], plans["latest"]),
            ("Removed a survey response", removals["count"], removals["latest"]),
        ]
    )
    if work:
        found.append(
            Section(
                key="survey_work",
                title="Your work on surveys for a lab team",
                on_deletion=LAB_TEAM_WORK_KEPT,
                kept_after_deletion=True,
                records=work,
            )
        )
    return found


# What each survey consent is for, in a few words, for the list of consents on "Your data".
CONSENT_USES = {
    "take_part": "Taking part in a survey",
    "health_data": "Using your survey answers, including about your health",
    "quote": "Quoting your survey answers, without your name",
    "contact": "Being contacted about your survey answers",
}


def _consents(responses: list[SurveyResponse]) -> list[Consent]:
    """The consents given at the start of each survey, with the words shown, when given and any withdrawal.

    A sent response's consents to its use, to quoting and to contact can be withdrawn by the person
    at once (`survey_answers:withdraw`); withdrawing the use of their health information deletes it.
    """
    found = []
    for response in responses:
        sent = response.status == SurveyResponse.Status.SUBMITTED
        for row in consent_rows(response):
            if not row.given:
                continue
            withdraw_url = ""
            if sent and row.withdrawable:
                withdraw_url = reverse("survey_answers:withdraw", args=[response.reference, row.name])
            found.append(
                Consent(
                    lab=response.survey.lab.title,
                    use=f"{CONSENT_USES.get(row.name, row.name)}: {response.survey.title}",
                    wording=row.wording,
                    version=row.version,
                    given_at=recorded_at(response.consents.get(row.name) or {}, fallback=response.started_at),
                    withdrawn_at=row.withdrawn_at,
                    withdraw_url=withdraw_url,
                )
            )
    return found


def privacy() -> list[Privacy]:
    default_days = Survey._meta.get_field("draft_retention_days").default
    return [
        Privacy(
            covers=("survey_answers_sent", "survey_answers_unfinished"),
            title="Survey answers",
            held=(
                "Your answers, which may be about your physical and mental health, the consents you gave with the "
                "words shown, scores worked out from validated questionnaires, the language you chose for the "
                "questions if the survey offers several, and, only if you ask to be contacted, an email address "
                "kept apart from the answers. Most people answer without an account, "
                "and their answers are not connected to anyone; you can link answers to your account if you wish."
            ),
            why=(
                "To learn from people's experience in the lab's research. We rely on your explicit consent, which "
                "you give at the start of each survey, separately for your health information, for quoting you "
                "without your name, and for being contacted."
            ),
            who_sees=(
                "The lab team of that lab, who see results and may download the answers; each download is "
                "recorded, and includes contact addresses only when the lab team asks for them. Anything published "
                "is about many people together, or a quote without your name that the lab team has checked."
            ),
            kept_for=(
                "Unfinished answers are deleted after the survey's retention period "
                f"({default_days} days after they were last saved unless the survey says otherwise). Sent answers "
                "are kept in the lab's results; if you delete your account they stay without a link to you and "
                "any contact address is deleted."
            ),
            your_choices=(
                "Skip any question and stop at any time. Delete answers you sent, or withdraw your consent to "
                "their use, to quoting or to being contacted, at any time on the “Your survey answers” page, with "
                "your account or the reference and private code you were given when you sent them. Deleting your "
                "account unlinks your sent answers and deletes unfinished ones."
            ),
        ),
        team_work_privacy(
            ("survey_work",),
            "Survey work, for lab-team members",
            (
                "Versions of surveys a lab-team member published, downloads of answers they made, and safeguarding "
                "plans they confirmed."
            ),
        ),
    ]
