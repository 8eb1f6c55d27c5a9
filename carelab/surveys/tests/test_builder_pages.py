"""The lab team's survey pages: list, upload, overview, settings and the builder."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carelab.core.tests.html import parse, text_of
from carelab.lib.tests import hostile_xlsx
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.models import Survey, SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

FORMS = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms"
BASE = "/labs/the-lab/surveys/team/"


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


def summary_errors(response) -> list[str]:
    return [text_of(item) for item in parse(response).select(".nhsuk-error-summary__list li")]


def inline_error(response, field_id) -> str:
    return text_of(parse(response).select_one(f"#{field_id}-error"))


def question_names(survey, section=1):
    survey.refresh_from_db()
    return [question.name for question in survey.working_definition().sections[section].questions]


# -- List ------------------------------------------------------------------------------------------


def test_the_list_shows_each_survey_with_its_status_and_responses(cast, team):
    survey = SurveyFactory(lab=cast.lab, title="Launch survey")
    for status in ("submitted", "submitted", "draft"):
        SurveyResponse.objects.create(
            survey=survey,
            version=survey.current_version,
            status=status,
            reference=SurveyResponse.new_reference(),
            resume_token_hash=SurveyResponse.new_resume_token(),
        )
    SurveyFactory(lab=cast.other_lab, title="Not ours")
    rows = parse(team.get(BASE)).select("#team-surveys tbody tr")
    assert [[text_of(cell) for cell in row.select("td")[1:5]] for row in rows] == [["Open", "1", "2", "1"]]
    assert [text_of(row.select_one("a.carelab-survey-title")) for row in rows] == ["Launch survey"]


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_takes_the_same_number_of_queries_however_many_surveys(cast, team, count, django_assert_num_queries):
    for _ in range(count):
        SurveyFactory(lab=cast.lab)
    with django_assert_num_queries(7):  # the surveys, and all their versions for the written-answer links
        response = team.get(BASE)
    assert len(parse(response).select("#team-surveys tbody tr")) == count


def test_the_lab_team_dashboard_links_to_surveys(cast, team):
    links = [a["href"] for a in parse(team.get("/labs/the-lab/team/")).select("a.nhsuk-card__link")]
    assert BASE in links


# -- Upload ----------------------------------------------------------------------------------------


def upload(client, filename, content=None):
    content = content if content is not None else (FORMS / filename).read_bytes()
    return client.post(BASE + "upload/", {"file": SimpleUploadedFile(filename, content)})


@pytest.mark.parametrize("filename", ["lab_survey.md", "lab_survey.csv", "lab_survey.xlsx"])
def test_uploading_a_form_creates_a_draft_survey_with_version_1(cast, team, filename):
    response = upload(team, filename)
    survey = Survey.objects.get(lab=cast.lab)
    assert response.status_code == 302 and response.url == f"{BASE}{survey.slug}/"
    assert survey.status == Survey.Status.DRAFT and survey.current_version.number == 1
    assert survey.working_definition() == read_xlsform(FORMS / filename)


def test_uploading_a_form_with_problems_lists_each_by_row_and_column_and_imports_nothing(cast, team):
    response = upload(team, "unsupported.md")
    errors = summary_errors(response)
    assert response.status_code == 200
    assert (
        "Row 3, column 'type': CareLab cannot ask for a location (geopoint): it collects only words, numbers, "
        "dates, times and choices. Remove this question." in errors
    )
    assert any(error.startswith("Row 3, column 'name' of the choices sheet:") for error in errors)
    assert len(errors) == 10
    assert all(link["href"] == "#id_file" for link in parse(response).select(".nhsuk-error-summary__list a"))
    assert "The file has 10 problems" in inline_error(response, "id_file")
    assert parse(response).title.string.startswith("Error:")
    assert not Survey.objects.exists()


def test_uploading_nothing_or_the_wrong_kind_of_file_says_what_to_do(cast, team):
    assert summary_errors(team.post(BASE + "upload/", {})) == ["Select an XLSForm file"]
    assert summary_errors(upload(team, "form.docx", b"hello")) == [
        "The selected file must be an .xlsx, .csv or .md XLSForm"
    ]


@pytest.mark.parametrize(
    ("filename", "content", "says"),
    [
        ("bomb.xlsx", lambda: hostile_xlsx.zip_bomb(100), "The workbook would unpack to 100 MB"),
        ("rows.xlsx", lambda: hostile_xlsx.claiming_row(2_000_000), "reaches row 2,000,000"),
        ("doctype.xlsx", hostile_xlsx.with_doctype, "document type declaration (DOCTYPE)"),
        ("latin1.csv", "type,name,label\ntext,cafe,Caf\xe9\n".encode("latin-1"), "not saved as UTF-8 text"),
        ("latin1.md", "| survey |\n| | type | name |\n| | text | caf\xe9 |\n".encode("latin-1"), "UTF-8"),
        ("nul.md", b"| survey |\n| | type | name | label |\n| | text | a | A\x00 |\n", "NUL character"),
    ],
    ids=["zip bomb", "row two million", "DOCTYPE", "latin-1 csv", "latin-1 md", "NUL in md"],
)
def test_a_hostile_or_damaged_form_is_refused_with_a_clear_problem(cast, team, filename, content, says):
    response = upload(team, filename, content() if callable(content) else content)
    assert response.status_code == 200
    [problem] = summary_errors(response)
    assert says in problem
    assert f"Nothing was imported from {filename}" in inline_error(response, "id_file")
    assert not Survey.objects.exists()


# -- Create, overview, download, settings, publish --------------------------------------------------


def test_creating_a_survey_starts_the_builder_on_its_first_empty_section(cast, team):
    response = team.post(BASE + "new/", {"title": "Winter check-in"})
    survey = Survey.objects.get(lab=cast.lab)
    assert response.url == f"{BASE}winter-check-in/sections/0/"
    assert [section.title for section in survey.working_definition().sections] == ["Section 1"]
    assert summary_errors(team.post(BASE + "new/", {"title": ""})) == ["Enter a title"]


def test_the_overview_shows_sections_questions_versions_and_time(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    page = parse(team.get(f"{BASE}launch/"))
    overview = text_of(page.select_one("#survey-overview"))
    assert "Version 1" in overview and "About" in overview and "minutes" in overview
    headings = [text_of(h) for h in page.select(".carelab-survey-section h3")]
    assert headings == [
        "1. Questions outside any section",
        "2. About you",
        "3. Your experience",
        "4. How you have been feeling",
    ]
    assert "Validated instrument PHQ-8" in text_of(page.select_one("#section-3"))
    edit_links = [a["href"] for a in page.select("#section-1 .nhsuk-summary-list__actions a")]
    assert edit_links[0] == f"{BASE}launch/questions/roles/"
    assert page.select_one(f"a[href='{BASE}launch/xlsform/']")
    assert survey.current_version.number == 1


def test_the_download_is_an_xlsx_attachment_that_reads_back_to_the_survey(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    response = team.get(f"{BASE}launch/xlsform/")
    assert response["Content-Disposition"] == 'attachment; filename="launch.xlsx"'
    assert read_xlsform(response.content, "launch.xlsx") == survey.working_definition()


def settings_form(survey, **changes):
    data = {
        "title": survey.title,
        "slug": survey.slug,
        "purpose": survey.purpose,
        "status": survey.status,
        "opens_at": "",
        "closes_at": "",
        "draft_retention_days": "30",
    }
    return {**data, **changes}


def test_allowing_phq9_item_9_needs_the_safeguarding_plan_confirmed(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    response = team.post(f"{BASE}launch/settings/", settings_form(survey, phq9_item9_enabled="on"))
    assert summary_errors(response) == ["Confirm the lab has a safeguarding plan before allowing PHQ-9 item 9"]
    assert parse(response).select_one("#id_phq9_item9_enabled")["checked"] is not None
    survey.refresh_from_db()
    assert not survey.phq9_item9_enabled

    form = settings_form(survey, phq9_item9_enabled="on", safeguarding_plan_confirmed="on")
    assert team.post(f"{BASE}launch/settings/", form).status_code == 302
    survey.refresh_from_db()
    assert survey.phq9_item9_enabled and survey.safeguarding_plan_confirmed_by == cast.team


def test_opening_and_closing_dates_are_set_in_the_settings_and_shown_on_the_overview(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    backwards = settings_form(survey, opens_at="2026-09-30T17:00", closes_at="2026-09-01T09:00")
    response = team.post(f"{BASE}launch/settings/", backwards)
    assert summary_errors(response) == ["The closing date must be after the opening date"]
    assert parse(response).select_one("#id_opens_at")["value"] == "2026-09-30T17:00"
    dates = settings_form(survey, opens_at="2026-09-01T09:00", closes_at="2026-09-30T17:00")
    assert team.post(f"{BASE}launch/settings/", dates).status_code == 302
    survey.refresh_from_db()
    assert survey.opens_at.isoformat() == "2026-09-01T08:00:00+00:00"  # 9am British Summer Time
    overview = text_of(parse(team.get(f"{BASE}launch/")).select_one("#survey-overview"))
    assert "Opens 1 September 2026 at 9:00am" in overview
    assert "Closes 30 September 2026 at 5:00pm" in overview


def test_settings_keep_what_was_typed_and_explain_each_problem(cast, team):
    SurveyFactory(lab=cast.lab, slug="taken")
    survey = SurveyFactory(lab=cast.lab, slug="launch", draft=True, published=False)
    response = team.post(
        f"{BASE}launch/settings/",
        settings_form(survey, title="New title", slug="taken", status="open", draft_retention_days="0"),
    )
    assert summary_errors(response) == [
        "Another survey in this lab uses this web address. Choose a different one",
        "Publish the survey before opening it",
        "Days to keep unfinished answers must be 1 or more",
    ]
    assert parse(response).select_one("#id_title")["value"] == "New title"


def test_publishing_from_the_overview_says_whether_a_new_version_was_made(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    SurveyResponse.objects.create(
        survey=survey,
        version=survey.current_version,
        reference="ABCDEFGH",
        resume_token_hash="x" * 64,
    )
    response = team.post(f"{BASE}launch/publish/", follow=True)
    assert "Nothing has changed since version 1" in text_of(parse(response).select_one("main"))
    team.post(f"{BASE}launch/questions/pain_years/", question_form("pain_years", label="Years of pain?"))
    response = team.post(f"{BASE}launch/publish/", follow=True)
    assert "Published as version 2" in text_of(parse(response).select_one("main"))


def test_opening_and_closing_a_survey(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch", draft=True)
    team.post(f"{BASE}launch/status/", {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    team.post(f"{BASE}launch/status/", {"status": "closed"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_a_survey_without_a_version_cannot_be_opened(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch", draft=True, published=False)
    response = team.post(f"{BASE}launch/status/", {"status": "open"})
    assert summary_errors(response) == ["Publish the survey before opening it"]
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


# -- The builder -----------------------------------------------------------------------------------


def question_form(name, **fields):
    return {"kind": "short_text", "name": name, "label": "A question", **fields}


def test_adding_a_question_first_asks_for_its_type(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch")
    chooser = parse(team.get(f"{BASE}launch/sections/1/questions/new/"))
    assert len(chooser.select("input[name=kind][type=radio]")) == 14
    form = parse(team.get(f"{BASE}launch/sections/1/questions/new/?kind=single_choice"))
    assert form.select_one("input[type=hidden][name=kind]")["value"] == "single_choice"
    assert form.select_one("#id_choices") is not None
    assert summary_errors(team.get(f"{BASE}launch/sections/1/questions/new/?kind=nonsense")) == [
        "Select a type of question"
    ]


def test_adding_a_choice_question_with_values_and_generated_values(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    data = question_form(
        "support", kind="multiple_choice", label="Who supports you?", choices="gp|My GP\nFamily and friends",
        other_option="on", required="on",
    )  # fmt: skip
    response = team.post(f"{BASE}launch/sections/1/questions/new/", data)
    assert response.url == f"{BASE}launch/sections/1/"
    assert question_names(survey)[-1] == "support"
    definition = survey.working_definition()
    question = definition.question("support")
    assert question.required and question.other_option
    assert [(c.name, c.label) for c in definition.choices_for(question)] == [
        ("gp", "My GP"),
        ("family_and_friends", "Family and friends"),
        ("other", "Other, please say"),
    ]


def test_an_invalid_condition_gives_a_clear_error_and_keeps_what_was_typed(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    before = survey.definition
    data = question_form("walks", relevant="${lives_with_pain} = ", constraint="${nobody} > 1", constraint_message="x")
    response = team.post(f"{BASE}launch/sections/1/questions/new/", data)
    rule_error, condition_error = summary_errors(response)
    assert condition_error.startswith("The condition is not valid. This cannot be read:")
    assert "(at character" in condition_error
    assert rule_error == "The validation rule is not valid. There is no question named 'nobody'"
    assert inline_error(response, "id_relevant").endswith(condition_error)
    page = parse(response)
    assert page.select_one("#id_relevant")["value"] == "${lives_with_pain} = "
    assert page.select_one("#id_name")["value"] == "walks"
    survey.refresh_from_db()
    assert survey.definition == before


def test_choices_with_problems_are_explained_line_by_line(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch")
    data = question_form("pick", kind="single_choice", choices="a|One\na|Two\nb c|Three\nother|Else")
    errors = summary_errors(team.post(f"{BASE}launch/sections/1/questions/new/", data))
    assert errors == [
        "Line 2: the value 'a' is already used on line 1",
        "Line 3: the value 'b c' cannot contain spaces",
        "Line 4: the value 'other' is kept for “Other, please say”. Tick that option instead",
    ]


def test_a_name_already_used_is_refused(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch")
    errors = summary_errors(team.post(f"{BASE}launch/sections/1/questions/new/", question_form("roles_other")))
    assert errors == ["Another question or section already uses the name 'roles_other'"]


def test_editing_a_question_shows_its_values_and_saves_changes(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    page = parse(team.get(f"{BASE}launch/questions/pain_today/"))
    assert page.select_one("#id_scale_max")["value"] == "10"
    assert page.select_one("#id_min_label")["value"] == "No pain"
    data = {
        "kind": "scale", "name": "pain_today", "label": "How bad is your pain today?", "scale_min": "0",
        "scale_max": "10", "min_label": "None", "max_label": "Worst", "relevant": "${lives_with_pain} = 'yes'",
    }  # fmt: skip
    assert team.post(f"{BASE}launch/questions/pain_today/", data).status_code == 302
    survey.refresh_from_db()
    assert survey.working_definition().question("pain_today").scale.min_label == "None"


def test_a_grid_is_edited_as_statements_on_shared_choices(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    page = parse(team.get(f"{BASE}launch/questions/care_grid/"))
    assert page.select_one("#id_statements").string.strip().splitlines()[0] == "listened_to|Staff listened to me"
    data = {
        "kind": "grid", "name": "care_grid", "label": "How much do you agree?",
        "choices": "disagree|Disagree\nagree|Agree", "statements": "listened_to|Staff listened to me\nI felt safe",
    }  # fmt: skip
    assert team.post(f"{BASE}launch/questions/care_grid/", data).status_code == 302
    survey.refresh_from_db()
    grid = survey.working_definition().question("care_grid")
    assert [s.name for s in grid.statements] == ["listened_to", "care_grid_i_felt_safe"]


def test_moving_questions_with_the_buttons(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    team.post(f"{BASE}launch/questions/lives_with_pain/move/", {"direction": "up"})
    assert question_names(survey)[:2] == ["lives_with_pain", "roles"]
    response = team.post(f"{BASE}launch/questions/lives_with_pain/move/", {"direction": "down"})
    assert response.url == f"{BASE}launch/sections/1/#question-lives_with_pain"
    assert question_names(survey)[:2] == ["roles", "lives_with_pain"]
    page = parse(team.get(f"{BASE}launch/sections/1/"))
    first, second = page.select("#section-questions > li")[:2]
    assert [text_of(b) for b in first.select("button")] == ["Move down"]
    assert [text_of(b) for b in second.select("button")] == ["Move up", "Move down"]


def test_deleting_a_question_asks_first(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    confirm = parse(team.get(f"{BASE}launch/questions/age_band/delete/"))
    assert text_of(confirm.select_one("h1")) == "Delete the question “How old are you?”?"
    assert "age_band" in question_names(survey)
    assert team.post(f"{BASE}launch/questions/age_band/delete/").status_code == 302
    assert "age_band" not in question_names(survey)


def test_deleting_a_question_others_depend_on_explains_why_not(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    response = team.post(f"{BASE}launch/questions/lives_with_pain/delete/")
    assert response.status_code == 400
    assert "Question 'pain_years', condition: There is no question named 'lives_with_pain'" in summary_errors(response)
    assert "lives_with_pain" in question_names(survey)


def test_editing_a_section_and_an_invalid_section_condition(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    url = f"{BASE}launch/sections/1/"
    response = team.post(url, {"title": "About you", "intro": "", "relevant": "${ghost} = 1"})
    assert summary_errors(response) == ["The condition is not valid. There is no question named 'ghost'"]
    assert parse(response).select_one("#id_relevant")["value"] == "${ghost} = 1"
    team.post(url, {"title": "Who you are", "intro": "A few questions.", "relevant": ""})
    survey.refresh_from_db()
    assert survey.working_definition().sections[1].title == "Who you are"


def test_adding_a_section_and_an_instrument(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    assert team.post(f"{BASE}launch/sections/new/", {"title": "Last words"}).url == f"{BASE}launch/sections/4/"
    offered = [i["value"] for i in parse(team.get(f"{BASE}launch/instruments/new/")).select("input[name=instrument]")]
    assert "gad7" in offered and "startback" not in offered and "phq9" not in offered
    assert team.post(f"{BASE}launch/instruments/new/", {"instrument": "gad7"}).url == f"{BASE}launch/sections/5/"
    survey.refresh_from_db()
    assert survey.working_definition().sections[5].instrument == ("gad7", "1.0")
    assert summary_errors(team.post(f"{BASE}launch/instruments/new/", {"instrument": "startback"})) == [
        "Select an instrument"
    ]
    page = parse(team.get(f"{BASE}launch/sections/5/"))
    assert len(page.select("#instrument-items li")) == 7


def test_unknown_sections_and_questions_are_not_found(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch")
    assert team.get(f"{BASE}launch/sections/9/").status_code == 404
    assert team.get(f"{BASE}launch/questions/nobody/").status_code == 404
    assert team.get(f"{BASE}nope/").status_code == 404


def test_deleting_a_section_others_depend_on_explains_why_not(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    response = team.post(f"{BASE}launch/sections/1/delete/")
    assert response.status_code == 400
    assert "Section 'How you have been feeling', condition: There is no question named 'lives_with_pain'" in (
        summary_errors(response)
    )
    assert len(survey.working_definition().sections) == 4


def form_data(page, form) -> dict:
    """What a browser would send for a form as it is shown, unchanged."""
    data: dict[str, list[str]] = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data.setdefault(name, []).append(field.get_text().removeprefix("\n"))
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data.setdefault(name, []).append(chosen.get("value", "") if chosen else "")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


def test_every_kind_of_question_in_the_form_saves_back_unchanged_from_its_edit_page(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    before = survey.working_definition()
    questions = [question for section in before.sections for question in section.questions]
    kinds = {question.kind for question in questions}
    assert len(kinds) >= 9, kinds  # the test form uses every kind of question
    for question in questions:
        path = f"{BASE}launch/questions/{question.name}/"
        page = parse(team.get(path))
        form = page.select_one("main form[method=post]")
        assert team.post(path, form_data(page, form)).status_code == 302, question.name
    survey.refresh_from_db()
    assert survey.working_definition() == before
