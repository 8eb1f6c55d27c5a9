"""Safety while answering: crisis resources at once, a safeguarding flag, and never a block.

Each rule is tested at its boundary and just below it, where it must not fire.
"""

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.lib.risk import assess_risk
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag
from carelab.safeguarding.tests.risk_words import UNMISTAKABLE, possible_risk
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory, lab_survey_definition
from carelab.surveys.tests.test_answering_journey import ABOUT_YOU, EXPERIENCE, section_url, start, url


def phq9_definition() -> dict:
    definition = lab_survey_definition()
    for section in definition["sections"]:
        if section["instrument"]:
            section["instrument"] = ["phq9", "1.0"]
    return definition


@pytest.fixture
def survey(db):
    survey = SurveyFactory(slug="launch")
    survey.lab.risk_phrases = "can't go on\nwant to die\nsuicide"  # the lab's own: new labs start with none
    survey.lab.save(update_fields=["risk_phrases"])
    return survey


def mood(*scores) -> dict:
    return {f"phq_{number}": str(score) for number, score in enumerate(scores, 1)}


def reach_mood_page(client, survey, experience=None):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), experience or EXPERIENCE)


def crisis_panel(response):
    return parse(response).find(id="help-now")


def flags():
    return list(SafeguardingFlag.objects.all())


def test_a_phq8_total_in_the_most_severe_band_shows_help_at_once_and_raises_a_flag(client, survey):
    reach_mood_page(client, survey)
    response = client.post(section_url(survey, 4), mood(3, 3, 3, 3, 3, 3, 2, 0))  # 20: severe
    assert response["Location"] == url(survey, "check")  # nothing blocks going on
    check_page = client.get(url(survey, "check"))
    panel = crisis_panel(check_page)
    assert "Samaritans" in text_of(panel)
    assert "Call 999" in text_of(panel)
    (flag,) = flags()
    assert flag.reasons == ["most_severe_band"]
    assert flag.details == {"instruments": {"most_severe_band": ["phq8"]}}
    assert flag.lab == survey.lab
    assert flag.status == SafeguardingFlag.Status.NEW
    assert [event.action for event in flag.events.all()] == ["raised"]
    client.post(url(survey, "submit"))
    assert crisis_panel(client.get(url(survey, "confirmation")))
    assert SafeguardingFlag.objects.count() == 1  # submitting updates nothing new: still one flag
    assert FlagEvent.objects.count() == 1


def test_a_total_one_below_the_most_severe_band_shows_no_crisis_panel_and_no_flag(client, survey):
    reach_mood_page(client, survey)
    client.post(section_url(survey, 4), mood(3, 3, 3, 3, 3, 3, 1, 0))  # 19: moderately severe
    assert crisis_panel(client.get(url(survey, "check"))) is None
    client.post(url(survey, "submit"))
    assert crisis_panel(client.get(url(survey, "confirmation"))) is None
    assert flags() == []
    assert SurveyResponse.objects.get().scores[0]["band_id"] == "moderately_severe"


def test_skipping_questions_cannot_slip_past_the_most_severe_band(client, survey):
    reach_mood_page(client, survey)
    client.post(section_url(survey, 4), {**mood(3, 3, 3, 3, 3, 3, 3), "phq_8": ""})  # 21 with one skipped
    assert crisis_panel(client.get(url(survey, "check")))
    assert flags()[0].reasons == ["most_severe_band"]


def test_phq9_item_9_above_0_shows_help_and_raises_a_flag(client, db):
    survey = SurveyFactory(slug="phq9", definition=phq9_definition(), phq9_item9_enabled=True)
    reach_mood_page(client, survey)
    page = parse(client.get(section_url(survey, 4)))
    assert page.find("input", attrs={"name": "phq_9"})
    client.post(section_url(survey, 4), mood(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert crisis_panel(client.get(url(survey, "check")))
    (flag,) = flags()
    assert flag.reasons == ["phq9_item9_positive"]
    assert flag.details == {"instruments": {"phq9_item9_positive": ["phq9"]}}


def test_phq9_item_9_answered_0_raises_nothing(client, db):
    survey = SurveyFactory(slug="phq9", definition=phq9_definition(), phq9_item9_enabled=True)
    reach_mood_page(client, survey)
    client.post(section_url(survey, 4), mood(1, 1, 1, 1, 1, 1, 1, 1, 0))
    assert crisis_panel(client.get(url(survey, "check"))) is None
    client.post(url(survey, "submit"))
    assert flags() == []
    assert SurveyResponse.objects.get().scores[0]["instrument_id"] == "phq9"


def test_without_item_9_switched_on_a_phq9_section_is_asked_and_scored_as_phq8(client, db):
    survey = SurveyFactory(slug="phq9", definition=phq9_definition())
    reach_mood_page(client, survey)
    page = parse(client.get(section_url(survey, 4)))
    assert not page.find("input", attrs={"name": "phq_9"})
    # Even a posted item 9 is not kept.
    client.post(section_url(survey, 4), mood(1, 1, 1, 1, 1, 1, 1, 1, 3))
    assert "phq_9" not in SurveyResponse.objects.get().answers
    client.post(url(survey, "submit"))
    assert SurveyResponse.objects.get().scores[0]["instrument_id"] == "phq8"
    assert flags() == []


def risk_found(flag) -> dict:
    return flag.details["risk"]


def test_free_text_with_urgent_words_shows_help_on_the_next_page_and_raises_a_flag(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    response = client.post(section_url(survey, 3), {**EXPERIENCE, "what_helped": "Some days I can’t go on."})
    assert response["Location"] == section_url(survey, 4)
    assert crisis_panel(client.get(section_url(survey, 4)))
    (flag,) = flags()
    assert flag.reasons == ["risk_words"]
    assert flag.source_kind == "survey_response" and flag.source_id == SurveyResponse.objects.get().pk
    assert risk_found(flag)["level"] == "urgent" and risk_found(flag)["questions"] == ["what_helped"]
    assert any("can't go on" in reason for reason in risk_found(flag)["reasons"])
    assert "Some days" not in str(flag.details)  # never the person's words


def test_possible_risk_in_free_text_shows_help_at_once_but_raises_no_flag(client, survey):
    marker = possible_risk()
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    response = client.post(section_url(survey, 3), {**EXPERIENCE, "what_helped": f"Honestly {marker}."})
    assert response["Location"] == section_url(survey, 4)  # never blocks
    assert crisis_panel(client.get(section_url(survey, 4)))
    assert flags() == []


def test_free_text_without_a_risk_phrase_raises_nothing(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), {**EXPERIENCE, "what_helped": "I want to dine out more. Going on walks."})
    assert crisis_panel(client.get(section_url(survey, 4))) is None
    assert flags() == []


def test_the_other_answer_is_checked_for_risk_too(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), {**ABOUT_YOU, "roles_other": "friend; some days I want to die"})
    assert risk_found(flags()[0])["questions"] == ["roles_other"]


def test_a_response_gets_one_flag_that_gains_new_reasons(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), {**EXPERIENCE, "what_helped": "thinking about suicide"})
    client.post(section_url(survey, 3), {**EXPERIENCE, "what_helped": "thinking about suicide"})
    client.post(section_url(survey, 4), mood(3, 3, 3, 3, 3, 3, 3, 3))
    client.post(url(survey, "submit"))
    (flag,) = flags()
    assert flag.reasons == ["risk_words", "most_severe_band"]
    assert [event.action for event in flag.events.all()] == ["raised", "updated"]
    assert flag.survey_response == SurveyResponse.objects.get()


def test_risk_phrases_are_the_labs_own(client, survey):
    survey.lab.risk_phrases = "dark place"
    survey.lab.save(update_fields=["risk_phrases"])
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), {**EXPERIENCE, "what_helped": "I was in a dark place; suicide crossed my mind"})
    assert any("dark place" in reason for reason in risk_found(flags()[0])["reasons"])


def test_unmistakable_words_reach_the_queue_whatever_the_labs_phrases(client, survey):
    survey.lab.risk_phrases = ""
    survey.lab.save(update_fields=["risk_phrases"])
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), {**EXPERIENCE, "what_helped": UNMISTAKABLE})
    assert assess_risk(UNMISTAKABLE).is_urgent
    assert flags()[0].reasons == ["risk_words"]
