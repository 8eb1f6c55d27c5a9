"""Theme and code suggestions (issue 10, section 3), through the pages, the actions and the task."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests.html import parse, text_of
from carelab.insights import actions_coding, suggestions
from carelab.insights.models import Code, Coding, SuggestionRun
from carelab.insights.tests.factories_coding import CodeFactory, CoderFactory
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response

P = "/labs/the-lab/insights/coding"
SLEEP = [
    "I cannot sleep at night because of the pain",
    "Poor sleep every night, I wake up at 3am",
    "The pain keeps me awake, sleep is broken",
    "Sleep tablets helped me sleep through the night",
    "Night after night I lie awake, no sleep",
]
GP = [
    "My GP listened and referred me to physio",
    "The GP appointment was rushed, the doctor did not listen",
    "Waited weeks for a GP appointment",
    "The doctor at the GP surgery finally listened",
    "Could not get a GP appointment for a month",
]


@pytest.fixture
def answers(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    for text in SLEEP + GP:
        seed_response(survey, {"what_helped": text})
    actions_coding.add_survey_answers(cast.lab, survey, "what_helped")
    return survey


def done_run(cast, **changes):
    sources = list(cast.lab.coding_sources.order_by("pk"))
    themes = [
        {"label": "sleep, night", "keywords": ["sleep", "night"], "examples": [sources[0].pk],
         "sources": [s.pk for s in sources[:5]], "state": "open", "code": None},
        {"label": "gp, appointment", "keywords": ["gp", "appointment"], "examples": [sources[5].pk],
         "sources": [s.pk for s in sources[5:]], "state": "open", "code": None},
    ]  # fmt: skip
    fields = {
        "lab": cast.lab,
        "kind": SuggestionRun.Kind.THEMES,
        "status": SuggestionRun.Status.DONE,
        "request": {"source_ids": [s.pk for s in sources], "n_themes": 2, "scope": "Answers", "seed": 0},
        "result": {"themes": themes, "unthemed": []},
        "done": len(sources),
        "total": len(sources),
        **changes,
    }
    return SuggestionRun.objects.create(**fields)


# Theme runs


def test_the_team_asks_for_themes_in_a_questions_answers_and_gets_them_as_ids_and_words(
    answers, cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.team)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{P}/suggestions/", {"texts": f"question:{answers.pk}:what_helped", "n_themes": "2"})
    run = cast.lab.suggestion_runs.get()
    assert response.status_code == 302 and response["Location"] == f"{P}/suggestions/{run.pk}/"
    assert (run.status, run.done, run.total, run.requested_by) == ("done", 10, 10, cast.team)
    themes = run.result["themes"]
    assert len(themes) == 2
    ids = set(cast.lab.coding_sources.values_list("pk", flat=True))
    assert {pk for theme in themes for pk in theme["sources"]} | set(run.result["unthemed"]) == ids
    stored = str(run.result)
    assert not any(text in stored for text in SLEEP + GP)  # words and ids, never the answers (decision 0015)
    page = parse(client.get(response["Location"]))
    assert len(page.select(".carelab-theme")) == 2
    assert "Refresh" not in client.get(response["Location"])


def test_a_running_run_shows_its_progress_and_refreshes_itself_until_told_not_to(answers, cast, client_for):
    run = done_run(cast, status=SuggestionRun.Status.RUNNING, done=3, total=10, result={})
    client = client_for(cast.team)
    response = client.get(f"{P}/suggestions/{run.pk}/")
    assert response["Refresh"] == "3"
    page = parse(response)
    bar = page.select_one("progress#run-progress")
    assert (bar["value"], bar["max"]) == ("3", "10")
    assert page.select_one("label[for=run-progress]")
    assert "3 texts of 10 read (30%)" in text_of(page.select_one("#progress-text"))
    stopped = client.get(f"{P}/suggestions/{run.pk}/", {"refresh": "off"})
    assert "Refresh" not in stopped
    assert parse(stopped).select_one("a[href='?']")


def test_the_task_counts_progress_leaves_out_deleted_sources_and_runs_a_run_once(answers, cast):
    run = suggestions.start_theme_run(cast.lab, sources=cast.lab.coding_sources.all(), by=cast.team)
    first = cast.lab.coding_sources.order_by("pk").first()
    actions_coding.delete_source(first)
    assert suggestions.run_themes(run.pk) >= 1
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 10, 10)
    assert first.pk not in {pk for theme in run.result["themes"] for pk in theme["sources"]}
    assert suggestions.run_themes(run.pk) == 0  # already done: left alone


def test_too_few_texts_or_a_silly_number_of_themes_are_refused_with_a_message(answers, cast, client_for):
    client = client_for(cast.team)
    response = client.post(f"{P}/suggestions/", {"texts": "kind:story", "n_themes": ""})
    assert response.status_code == 200
    assert "fewer than two texts" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    response = client.post(f"{P}/suggestions/", {"texts": f"question:{answers.pk}:what_helped", "n_themes": "99"})
    assert "at most 30" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    assert parse(response).select_one("#id_n_themes")["value"] == "99"  # what was typed stays
    assert not SuggestionRun.objects.exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.text(max_size=40), n_themes=st.text(max_size=30))
def test_any_input_to_the_start_form_gets_a_page_never_an_error(texts, n_themes, cast, client_for):
    response = client_for(cast.team).post(f"{P}/suggestions/", {"texts": texts, "n_themes": n_themes})
    assert response.status_code in {200, 302}


def test_accepting_a_theme_adds_a_code_and_codes_its_texts_when_asked(answers, cast, client_for):
    run = done_run(cast)
    client = client_for(cast.team)
    response = client.post(
        f"{P}/suggestions/{run.pk}/themes/0/",
        {"t0-action": "accept", "t0-name": " Sleep  and nights ", "t0-code_texts": "on"},
    )
    assert response.status_code == 302
    code = cast.lab.codes.get(name="Sleep and nights")
    assert Coding.objects.filter(code=code, coder=cast.team).count() == 5
    run.refresh_from_db()
    assert (run.result["themes"][0]["state"], run.result["themes"][0]["code"]) == ("accepted", code.pk)
    client.post(f"{P}/suggestions/{run.pk}/themes/1/", {"t1-action": "accept", "t1-name": "GP"})
    assert cast.lab.codes.filter(name="GP").exists()
    assert not Coding.objects.filter(code__name="GP").exists()  # nothing coded unless asked
    again = client.post(f"{P}/suggestions/{run.pk}/themes/0/", {"t0-action": "accept", "t0-name": "Twice"})
    assert again.status_code == 400 and not cast.lab.codes.filter(name="Twice").exists()


def test_the_team_renames_merges_and_ignores_themes(answers, cast, client_for):
    run = done_run(cast)
    client = client_for(cast.team)
    client.post(f"{P}/suggestions/{run.pk}/themes/0/", {"t0-action": "rename", "t0-name": "Sleep"})
    client.post(f"{P}/suggestions/{run.pk}/themes/1/", {"t1-action": "merge", "t1-into": "0"})
    run.refresh_from_db()
    first, second = run.result["themes"]
    assert first["label"] == "Sleep" and len(first["sources"]) == 10
    assert second["state"] == "merged" and second["merged_into"] == 0
    client.post(f"{P}/suggestions/{run.pk}/themes/0/", {"t0-action": "ignore"})
    run.refresh_from_db()
    assert run.result["themes"][0]["state"] == "ignored"
    assert not Code.objects.exists()


def test_a_rename_without_a_name_says_so_and_keeps_the_page(answers, cast, client_for):
    run = done_run(cast)
    response = client_for(cast.team).post(
        f"{P}/suggestions/{run.pk}/themes/1/", {"t1-action": "rename", "t1-name": "\x00"}
    )
    assert response.status_code == 400
    assert parse(response).select_one(".nhsuk-error-summary")
    missing = client_for(cast.team).post(f"{P}/suggestions/{run.pk}/themes/9/", {"t9-action": "ignore"})
    assert missing.status_code == 302


def test_an_invited_coder_and_another_labs_team_cannot_see_theme_runs(answers, cast, client_for):
    CoderFactory(lab=cast.lab, user=cast.participant)
    run = done_run(cast)
    assert client_for(cast.participant).get(f"{P}/suggestions/{run.pk}/").status_code == 403
    other = done_run(cast, lab=cast.other_lab)
    assert client_for(cast.team).get(f"{P}/suggestions/{other.pk}/").status_code == 404


def test_the_list_of_runs_stays_flat_in_queries(answers, cast, client_for, django_assert_max_num_queries):
    for _ in range(25):
        done_run(cast, requested_by=cast.team)
    with django_assert_max_num_queries(25):
        response = client_for(cast.team).get(f"{P}/suggestions/")
    assert len(parse(response).select("#runs tbody tr")) == 20


# Code suggestions on the coding page


def code_four_of_each(cast, coder):
    sources = list(cast.lab.coding_sources.order_by("pk"))
    sleep, gp = CodeFactory(lab=cast.lab, name="Sleep"), CodeFactory(lab=cast.lab, name="GP care")
    for source in sources[:4]:
        actions_coding.code_span(source, 0, len(source.text), [sleep], coder)
    for source in sources[5:9]:
        actions_coding.code_span(source, 0, len(source.text), [gp], coder)
    return sources, sleep, gp


def test_uncoded_texts_show_suggested_codes_with_their_examples_and_one_click_codes_them(answers, cast, client_for):
    sources, sleep, _ = code_four_of_each(cast, cast.team)
    client = client_for(cast.team)
    url = f"{P}/questions/{answers.pk}/what_helped/"
    page = parse(client.get(url))
    suggested = page.select_one(f"#suggested-{sources[4].pk}")
    assert "Suggested: Sleep" in text_of(suggested.select_one("h3"))
    assert SLEEP[0][:30] in text_of(suggested) or SLEEP[1][:30] in text_of(suggested)
    assert "Suggested: GP care" in text_of(page.select_one(f"#suggested-{sources[9].pk}"))
    assert page.select_one(f"#suggested-{sources[0].pk}") is None  # coded already: nothing suggested
    form = suggested.select_one("form")
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert fields["codes"] == str(sleep.pk) and fields["mode"] == "span"
    assert not Coding.objects.filter(excerpt__source=sources[4]).exists()  # never coded automatically
    response = client.post(form["action"], fields)
    assert response.status_code == 302
    assert Coding.objects.get(excerpt__source=sources[4]).code == sleep


def test_nothing_is_suggested_before_a_code_has_three_examples(answers, cast, client_for):
    source = cast.lab.coding_sources.order_by("pk").first()
    actions_coding.code_span(source, 0, len(source.text), [CodeFactory(lab=cast.lab, name="Sleep")], cast.team)
    page = parse(client_for(cast.team).get(f"{P}/questions/{answers.pk}/what_helped/"))
    assert not page.select(".carelab-suggested")


def test_a_coder_gets_suggestions_only_from_their_own_coding(answers, cast, client_for):
    CoderFactory(lab=cast.lab, user=cast.participant)
    code_four_of_each(cast, cast.team)
    url = f"{P}/questions/{answers.pk}/what_helped/"
    assert not parse(client_for(cast.participant).get(url)).select(".carelab-suggested")
    assert parse(client_for(cast.team).get(url)).select(".carelab-suggested")


def test_runs_a_team_member_asked_for_are_counted_on_your_data_and_stay_without_their_name(answers, cast):
    from carelab.accounts.actions import delete_account
    from carelab.insights.personal_data import sections

    run = done_run(cast, requested_by=cast.team)
    found = {section.key: section for section in sections(cast.team)}
    assert found["suggestion_runs"].records[0][1] == ("How many times", 1)
    delete_account(cast.team)
    run.refresh_from_db()
    assert run.requested_by is None and run.result["themes"]
