"""Every builder, import and export page, walked with the whole cast, by GET and by POST."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.surveys.models import Survey
from carelab.surveys.tests.factories import SurveyFactory

TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
POST_ONLY = {**TEAM_ONLY, "team": 405, "admin": 405}
BASE = "/labs/the-lab/surveys/team/"

PAGES = {
    "team_list": ("", TEAM_ONLY),
    "create": ("new/", TEAM_ONLY),
    "upload": ("upload/", TEAM_ONLY),
    "team_detail": ("walk/", TEAM_ONLY),
    "download": ("walk/xlsform/", TEAM_ONLY),
    "settings": ("walk/settings/", TEAM_ONLY),
    "status": ("walk/status/", POST_ONLY),
    "publish": ("walk/publish/", POST_ONLY),
    "section_add": ("walk/sections/new/", TEAM_ONLY),
    "section_edit": ("walk/sections/1/", TEAM_ONLY),
    "section_delete": ("walk/sections/2/delete/", TEAM_ONLY),
    "question_add": ("walk/sections/1/questions/new/", TEAM_ONLY),
    "instrument_add": ("walk/instruments/new/", TEAM_ONLY),
    "question_edit": ("walk/questions/roles/", TEAM_ONLY),
    "question_move": ("walk/questions/roles/move/", POST_ONLY),
    "question_delete": ("walk/questions/roles/delete/", TEAM_ONLY),
    "section_move": ("walk/sections/1/move/", POST_ONLY),
    "question_section": ("walk/questions/roles/section/", TEAM_ONLY),
    "preview": ("walk/preview/", TEAM_ONLY),
    "preview_section": ("walk/preview/2/", TEAM_ONLY),
    "preview_end": ("walk/preview/end/", TEAM_ONLY),
}
# What each page does with a POST from the team: 302 after doing it, 200 when the form shows errors.
POSTS = {
    "create": {"title": "Walked"},
    "status": {"status": "closed"},
    "publish": {},
    "section_add": {"title": "Walked"},
    "section_edit": {"title": "Walked"},
    "section_delete": {},
    "question_add": {"kind": "short_text", "name": "walked", "label": "Walked?"},
    "instrument_add": {"instrument": "gad7"},
    "question_edit": {"kind": "multiple_choice", "name": "roles", "label": "Walked?", "choices": "a|A"},
    "question_move": {"direction": "down"},
    "question_delete": {},
    "section_move": {"direction": "up"},
    "question_section": {"section": "2"},
    "preview": {},
    "preview_section": {"roles": "carer", "lives_with_pain": "no"},
    "settings": {"title": "Walked", "slug": "walk", "status": "open", "draft_retention_days": "30"},
}


@pytest.fixture
def survey(cast):
    return SurveyFactory(lab=cast.lab, slug="walk")


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_builder_page_answers_each_person_as_expected(cast, survey, client_for, role, page):
    path, expected = PAGES[page]
    response = client_for(cast.person(role)).get(BASE + path)
    assert response.status_code == expected[role]
    if role == "anonymous":
        assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("role", ["anonymous", "member", "participant", "other_team"])
@pytest.mark.parametrize("page", list(POSTS))
def test_nobody_but_the_lab_team_can_change_a_survey(cast, survey, client_for, role, page):
    before = Survey.objects.values().get(pk=survey.pk)
    response = client_for(cast.person(role)).post(BASE + PAGES[page][0], POSTS[page])
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert Survey.objects.values().get(pk=survey.pk) == before
    assert Survey.objects.count() == 1


@pytest.mark.parametrize("role", ["team", "admin"])
@pytest.mark.parametrize("page", list(POSTS))
def test_the_lab_team_and_admins_can_change_a_survey(cast, survey, client_for, role, page):
    response = client_for(cast.person(role)).post(BASE + PAGES[page][0], POSTS[page])
    assert response.status_code == 302


def test_another_labs_team_cannot_reach_this_labs_survey_through_their_own_lab(cast, client_for):
    SurveyFactory(lab=cast.lab, slug="ours")
    client = client_for(cast.other_team)
    assert client.get("/labs/other-lab/surveys/team/ours/").status_code == 404
    assert client.post("/labs/other-lab/surveys/team/ours/publish/").status_code == 404
