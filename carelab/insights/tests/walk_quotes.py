"""The quotes pages in the permission walk (issue 10, section 5).

Every page is the lab team's alone (`lab_team_required`): coders code, but choosing people's words to
publish is the team's. The lab team of another lab sees nothing.
"""

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.insights.models import Quote
from carelab.insights.tests.factories_coding import ExcerptFactory, QuoteFactory, SourceFactory
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response

P = "/labs/the-lab/insights/quotes"

WALK = {
    "insights:quotes": (f"{P}/", TEAM_ONLY),
    "insights:quotes_withdrawn": (f"{P}/withdrawn/", TEAM_ONLY),
    "insights:quote_new": (f"{P}/new/?excerpt={{quote_excerpt.pk}}", TEAM_ONLY),
    "insights:quote": (f"{P}/{{quote_redacted.pk}}/", TEAM_ONLY),
    "insights:quote_redact": (f"{P}/{{quote_redacted.pk}}/redact/", TEAM_ONLY),
    "insights:quote_approve": (f"{P}/{{quote_redacted.pk}}/approve/", TEAM_ONLY),
    "insights:quote_publish": (f"{P}/{{quote_redacted.pk}}/publish/", POST_ONLY),
    "insights:quote_unpublish": (f"{P}/{{quote_redacted.pk}}/unpublish/", POST_ONLY),
    "insights:quote_remove": (f"{P}/{{quote_redacted.pk}}/remove/", TEAM_ONLY),
}


def objects(cast) -> dict:
    lab = cast.lab
    survey = SurveyFactory(lab=lab, slug="quotes-walk")
    response = seed_response(survey, {"what_helped": "Dr Patel in Leeds listened to me."})
    response.consents = {"quote": {"wording": "You may quote me without my name.", "version": "1"}}
    response.save(update_fields=["consents"])
    source = SourceFactory(
        lab=lab,
        kind="survey_answer",
        survey_response=response,
        question="what_helped",
        text="Dr Patel in Leeds listened to me.",
        group="Lived experience",
    )
    excerpt = ExcerptFactory(source=source, start=0, end=33)
    redacted = QuoteFactory(
        lab=lab,
        excerpt=excerpt,
        source=source,
        status=Quote.Status.REDACTED,
        text="Dr [name] in [place] listened to me.",
    )
    QuoteFactory(lab=lab, status=Quote.Status.WITHDRAWN, text="", withdrawn_reason="The person deleted their account.")
    return {"quote_excerpt": excerpt, "quote_redacted": redacted}
