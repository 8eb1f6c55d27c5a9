import factory

from carelab.labs.tests.factories import LabFactory
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag
from carelab.surveys.actions.answering import start_response, submit_response
from carelab.surveys.forms_answering import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.surveys.tests.factories import SurveyFactory

CONTACT_EMAIL = "sam.respondent@example.net"


def survey_response(survey, *, contact: bool = False, submitted: bool = True):
    """A response made the way the answering journey makes one, with contact details if asked."""
    given = ["take_part", "health_data"] + (["contact"] if contact else [])
    consents = {name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION} for name in given}
    response, _token = start_response(survey, consents=consents, contact_email=CONTACT_EMAIL if contact else "")
    if submitted:
        response, _ = submit_response(response)
    return response


def flag_from(lab, kind: str, source_id: int, title: str, url: str = "", person=None, **kwargs) -> SafeguardingFlag:
    """A flag raised by words written somewhere other than a survey, as `flag_if_urgent` raises one."""
    from carelab.safeguarding.actions import FlagSource, raise_flag

    return raise_flag(
        lab=lab,
        source=FlagSource(kind, source_id, title, url),
        person=person,
        reasons=kwargs.pop("reasons", [SafeguardingFlag.Reason.RISK_WORDS]),
        details=kwargs.pop("details", {"risk": {"level": "urgent", "reasons": ["the lab's phrase “can't go on”"]}}),
    )


class SafeguardingFlagFactory(factory.django.DjangoModelFactory):
    """A new flag on a submitted response, with its "raised" event, as raise_flag leaves it.

    SafeguardingFlagFactory(contact=True) for a person who agreed to be contacted,
    submitted=False for one still answering.
    """

    class Meta:
        model = SafeguardingFlag
        skip_postgeneration_save = True

    class Params:
        contact = False
        submitted = True

    lab = factory.SubFactory(LabFactory)
    survey = factory.LazyAttribute(lambda flag: SurveyFactory(lab=flag.lab))
    survey_response = factory.LazyAttribute(
        lambda flag: survey_response(flag.survey, contact=flag.contact, submitted=flag.submitted)
    )
    response_reference = factory.LazyAttribute(lambda flag: flag.survey_response.reference)
    source_kind = SafeguardingFlag.Source.SURVEY_RESPONSE
    source_id = factory.LazyAttribute(lambda flag: flag.survey_response.pk)
    source_title = factory.LazyAttribute(lambda flag: flag.survey.title)
    person = factory.LazyAttribute(lambda flag: flag.survey_response.user)
    reasons = factory.LazyFunction(lambda: ["most_severe_band"])
    details = factory.LazyFunction(lambda: {"instruments": {"most_severe_band": ["phq8"]}})

    @factory.post_generation
    def raised(flag, create, extracted, **kwargs):
        if create:
            FlagEvent.objects.create(flag=flag, action=FlagEvent.Action.RAISED, note=", ".join(flag.reasons))
