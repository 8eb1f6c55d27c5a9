"""Survey answers a person linked to their account, and their work on surveys for a lab team, for
"Your data" (carelab/accounts/your_data.py).

Answers given without linking them to an account are not connected to anyone, so they cannot be
listed here. A linked response is shown the way the person saw their answers on the check page,
with the consents they gave and the scores worked out from their answers (totals only: a band
could read as a diagnosis, which CareLab never gives).
"""

from django.db.models import Count, Max

from carelab.accounts.your_data import LAB_TEAM_WORK_KEPT, Record, Section, counted_records
from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.surveys.actions.answering import pages_for
from carelab.surveys.models import ExportAudit, Survey, SurveyResponse, SurveyVersion
from carelab.surveys.presenters import AnswerSummary


def _instrument_title(score: dict) -> str:
    try:
        return get_instrument(score["instrument_id"], score["instrument_version"]).title
    except (KeyError, UnknownInstrumentError):
        return str(score.get("instrument_id", "A questionnaire"))


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
    contact = getattr(response, "contact", None)  # a reverse one-to-one: missing when no address was given
    if contact is not None:
        record.append(("Email address you gave to be contacted", contact.email))
    # An address given for a resume e-mail the worker has not sent yet (kept only until it goes).
    for request in response.resume_link_requests.all():
        record.append(("Email address we are about to send your link to", request.email))
    summary = AnswerSummary(pages_for(response), response.answers, survey)
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
        ),
        Section(
            key="survey_answers_unfinished",
            title="Survey answers you have not finished",
            on_deletion="Deleted, and any link back to them, on the page or in an email, stops working.",
            records=[_record(response) for response in unfinished],
        ),
    ]
    versions = SurveyVersion.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    exports = ExportAudit.objects.filter(user=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    plans = Survey.objects.filter(safeguarding_plan_confirmed_by=user).aggregate(
        count=Count("pk"), latest=Max("safeguarding_plan_confirmed_at")
    )
    work = counted_records(
        [
            ("Published a version of a survey", versions["count"], versions["latest"]),
            ("Downloaded a survey's answers", exports["count"], exports["latest"]),
            ("Confirmed a survey's safeguarding plan", plans["count"], plans["latest"]),
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
