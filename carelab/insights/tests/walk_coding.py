"""The coding pages in the permission walk (issue 10, section 2).

Every page is for the lab team and the coders it invited (`coding_required`); the cast has no
invited coder, so the walk sees TEAM_ONLY everywhere (coders are tested in test_coding_access.py).
The lab team of another lab sees nothing.
"""

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.insights.models import Source
from carelab.insights.tests.factories_coding import (
    CodeFactory,
    CoderFactory,
    CodingFactory,
    ExcerptFactory,
    MemoFactory,
    SourceFactory,
)
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response

P = "/labs/the-lab/insights/coding"

WALK = {
    "insights:coding": (f"{P}/", TEAM_ONLY),
    "insights:coders": (f"{P}/coders/", TEAM_ONLY),
    "insights:coder_remove": (f"{P}/coders/{{coding_coder.pk}}/remove/", TEAM_ONLY),
    "insights:codebook": (f"{P}/codebook/", TEAM_ONLY),
    "insights:code_add": (f"{P}/codebook/new/", TEAM_ONLY),
    "insights:code_edit": (f"{P}/codebook/{{coding_code.pk}}/", TEAM_ONLY),
    "insights:code_move": (f"{P}/codebook/{{coding_code.pk}}/move/", POST_ONLY),
    "insights:code_delete": (f"{P}/codebook/{{coding_code.pk}}/delete/", TEAM_ONLY),
    "insights:memo_add": (f"{P}/memos/new/", POST_ONLY),
    "insights:memo_delete": (f"{P}/memos/{{coding_memo.pk}}/delete/", POST_ONLY),
    "insights:sources": (f"{P}/sources/", TEAM_ONLY),
    "insights:source_add": (f"{P}/sources/add/", TEAM_ONLY),
    "insights:source": (f"{P}/sources/{{coding_source.pk}}/", TEAM_ONLY),
    "insights:source_delete": (f"{P}/sources/{{coding_source.pk}}/delete/", TEAM_ONLY),
    "insights:question": (f"{P}/questions/{{coding_survey.pk}}/what_helped/", TEAM_ONLY),
    "insights:code": (f"{P}/code/", POST_ONLY),
    "insights:uncode": (f"{P}/codings/{{coding_coding.pk}}/remove/", POST_ONLY),
}


def objects(cast) -> dict:
    lab = cast.lab
    survey = SurveyFactory(lab=lab, slug="coding-walk")
    response = seed_response(survey, {"what_helped": "Walking. Talking to my GP."})
    SourceFactory(
        lab=lab,
        kind=Source.Kind.SURVEY_ANSWER,
        survey_response=response,
        question="what_helped",
        text="Walking. Talking to my GP.",
    )
    source = SourceFactory(lab=lab)
    code = CodeFactory(lab=lab, name="Being listened to")
    excerpt = ExcerptFactory(source=source)
    return {
        "coding_survey": survey,
        "coding_source": source,
        "coding_code": code,
        "coding_coder": CoderFactory(lab=lab),
        "coding_coding": CodingFactory(excerpt=excerpt, code=code, coder=cast.team),
        "coding_memo": MemoFactory(lab=lab, code=code, author=cast.team),
    }
