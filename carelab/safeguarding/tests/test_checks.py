"""The shared check of a person's words, and one queue for flags from every source."""

from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import check_words, flag_if_urgent
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag
from carelab.safeguarding.presenters import reason_explanations, reason_summaries

COMMENT = SafeguardingFlag.Source.COMMENT


def test_the_labs_own_phrases_count_as_urgent_risk(cast):
    cast.lab.risk_phrases = "can't go on"
    check = check_words(cast.lab, "Some days I cant go on like this")
    assert check.risk.is_urgent and check.has_risk and check.needs_review


def test_personal_data_alone_needs_review_but_is_not_risk(cast):
    check = check_words(cast.lab, "Ring me on 07700 900123")
    assert check.personal_data == ("phone number",)
    assert not check.has_risk and check.needs_review


def test_several_texts_are_read_together(cast):
    cast.lab.risk_phrases = "can't go on"
    assert check_words(cast.lab, "About me", "", "I can't go on").risk.is_urgent


def test_urgent_words_raise_one_flag_for_their_source_with_the_writer_and_never_the_words(cast):
    cast.lab.risk_phrases = "can't go on"
    check = check_words(cast.lab, "I can't go on")
    source = FlagSource(COMMENT, 41, "Comment on “Launch”", "/labs/the-lab/comments/41/")
    flag = flag_if_urgent(lab=cast.lab, check=check, source=source, person=cast.member)
    again = flag_if_urgent(lab=cast.lab, check=check, source=source, person=cast.member)
    assert again.pk == flag.pk and SafeguardingFlag.objects.count() == 1
    flag.refresh_from_db()
    assert (flag.source_kind, flag.source_id, flag.source_title, flag.source_url) == (
        COMMENT,
        41,
        "Comment on “Launch”",
        "/labs/the-lab/comments/41/",
    )
    assert flag.person == cast.member and flag.survey is None and flag.response_reference == ""
    assert "I can't go on" not in str(flag.details)
    assert [event.action for event in FlagEvent.objects.filter(flag=flag)] == ["raised"]
    assert reason_summaries(flag) == [
        "Words suggest the person may be at risk (mentions not being able to go on; the lab's phrase “can't go on”)"
    ]
    assert "in the comment" in reason_explanations(flag)[0].text


def test_words_without_urgent_risk_raise_no_flag(cast):
    check = check_words(cast.lab, "My back is killing me today")
    assert flag_if_urgent(lab=cast.lab, check=check, source=FlagSource(COMMENT, 1), person=None) is None
    assert not SafeguardingFlag.objects.exists()


def test_a_flag_from_survey_answers_names_the_response_as_its_source(cast):
    from carelab.safeguarding.actions import raise_flag
    from carelab.safeguarding.tests.factories import survey_response
    from carelab.surveys.tests.factories import SurveyFactory

    response = survey_response(SurveyFactory(lab=cast.lab, title="Share your experience"))
    flag = raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
    assert (flag.source_kind, flag.source_id, flag.source_title) == (
        SafeguardingFlag.Source.SURVEY_RESPONSE,
        response.pk,
        "Share your experience",
    )
