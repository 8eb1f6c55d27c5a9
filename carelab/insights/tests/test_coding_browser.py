"""Two coders (a lab-team member and an invited coder) code survey answers and an evidence item in
Chromium: with JavaScript off by ticking codes for each sentence, with it on by selecting text with
the mouse or the keyboard alone. axe checks every page."""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.evidence.models import EvidenceItem
from carelab.insights import actions_coding as actions
from carelab.insights.models import Coding, Excerpt
from carelab.insights.tests.factories_coding import CodeFactory, CoderFactory
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response

pytestmark = pytest.mark.browser

P = "/labs/the-lab/insights/coding"
ANSWER = "Pain 😣 all day. Walking helped."


@pytest.fixture
def lab_to_code(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch", title="Share your experience")
    seed_response(survey, {"what_helped": ANSWER, "lives_with_pain": "yes"})
    seed_response(survey, {"what_helped": "My GP listened to me.", "lives_with_pain": "no"})
    item = EvidenceItem.objects.create(
        lab=cast.lab, title="Physio and mood", abstract="Physio helped mood. Groups helped more."
    )
    care = CodeFactory(lab=cast.lab, name="Care", position=0)
    CodeFactory(lab=cast.lab, name="Exercise", position=1)
    CoderFactory(lab=cast.lab, user=cast.participant, invited_by=cast.team)
    return survey, item, care


def visit(page, path):
    page.goto(path)
    axe_check(page)


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def codings(user):
    return sorted((coding.excerpt.text, coding.code.name) for coding in Coding.objects.filter(coder=user))


def test_two_coders_code_by_sentence_with_javascript_off(new_page, sign_in_browser, cast, lab_to_code):
    survey, item, _ = lab_to_code
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    visit(team, f"{P}/")
    follow(team.get_by_role("button", name="Add sources to code"))
    team.get_by_label("Survey question answered in people's own words").select_option(
        label="Share your experience: What has helped you most?"
    )
    team.get_by_label("Group answers by (optional)").select_option(
        label="Share your experience: Do you live with persistent back or neck pain?"
    )
    follow(team.get_by_role("button", name="Add the answers"))
    expect(team.locator(".nhsuk-error-summary")).to_have_count(0)
    expect(team.get_by_role("heading", level=1)).to_have_text("What has helped you most?")
    team.goto(f"{P}/sources/add/")
    axe_check(team)
    team.get_by_label("Evidence item or submitted story").select_option(label="Research study: Physio and mood")
    follow(team.get_by_role("button", name="Add to code"))
    evidence_url = team.url

    # The lab team ticks "Care" for the first answer's first sentence.
    visit(team, f"{P}/questions/{survey.pk}/what_helped/")
    team.get_by_role("group", name="Pain 😣 all day.").get_by_label("Care").check()
    follow(team.get_by_role("button", name="Save your coding"))
    expect(team.locator("[data-label]").first).to_have_text("[1: Care]")

    # The invited coder ticks codes on the same question and on the evidence item.
    coder = new_page(javascript=False)
    sign_in_browser(coder, cast.participant)
    visit(coder, f"{P}/")
    follow(coder.get_by_role("link", name="Sources to code"))
    follow(coder.get_by_role("link", name="Share your experience: what_helped"))
    # They do not see the team's coding.
    expect(coder.locator("[data-label]")).to_have_count(0)
    coder.get_by_role("group", name="Walking helped.").get_by_label("Exercise").check()
    coder.get_by_role("group", name="Pain 😣 all day.").get_by_label("Care").check()
    follow(coder.get_by_role("button", name="Save your coding"))
    visit(coder, evidence_url)
    coder.get_by_role("group", name="Groups helped more.").get_by_label("Care").check()
    follow(coder.get_by_role("button", name="Save your coding"))

    assert codings(cast.team) == [("Pain 😣 all day.", "Care")]
    assert codings(cast.participant) == [
        ("Groups helped more.", "Care"),
        ("Pain 😣 all day.", "Care"),
        ("Walking helped.", "Exercise"),
    ]
    # The coders share the excerpt of the same sentence, each with their own coding.
    assert Excerpt.objects.filter(text="Pain 😣 all day.").count() == 1

    # The lab team sees both coders' codings, and removes its own.
    visit(team, f"{P}/questions/{survey.pk}/what_helped/")
    excerpt = team.locator(".carelab-excerpts__item").first
    expect(excerpt).to_contain_text("by you")
    expect(excerpt).to_contain_text("by Pat Participant")
    follow(excerpt.get_by_role("button", name="Remove Care from part 1").first)
    assert codings(cast.team) == []


def test_two_coders_code_by_selecting_text_with_keyboard_and_mouse(new_page, sign_in_browser, cast, lab_to_code):
    survey, item, _ = lab_to_code
    actions.add_survey_answers(cast.lab, survey, "what_helped", group_by="lives_with_pain")
    source = actions.add_evidence_item(cast.lab, item)

    # The lab team codes with the keyboard alone: tick a code, Tab into the text, select, Enter.
    team = new_page(javascript=True)
    sign_in_browser(team, cast.team)
    visit(team, f"{P}/questions/{survey.pk}/what_helped/")
    form = team.locator("#span-form")
    expect(form).to_be_visible()
    # Coding by sentence is still there, folded away.
    expect(team.locator(".carelab-sentences").first).not_to_have_attribute("open", "")
    form.get_by_label("Care").focus()
    team.keyboard.press("Space")
    expect(form.get_by_label("Care")).to_be_checked()
    text = team.locator("[data-source]").first
    text.focus()
    team.keyboard.press("Control+Home")
    for _ in range(7):  # past "Pain 😣 ": the emoji is one character for the keyboard and for Python
        team.keyboard.press("ArrowRight")
    for _ in range(8):
        team.keyboard.press("Shift+ArrowRight")
    expect(team.locator("#span-status")).to_contain_text("“all day.”")
    with team.expect_navigation():
        team.keyboard.press("Enter")
    axe_check(team)
    expect(team.locator("[data-label]").first).to_have_text("[1: Care]")
    assert codings(cast.team) == [("all day.", "Care")]
    excerpt = Excerpt.objects.get()
    assert (excerpt.start, excerpt.end) == (7, 15)  # code points, not UTF-16 units (decision 0031)

    # The invited coder selects a word with the mouse on the evidence item and applies two codes.
    coder = new_page(javascript=True)
    sign_in_browser(coder, cast.participant)
    visit(coder, f"{P}/sources/{source.pk}/")
    coder.locator("[data-source]").get_by_text("Physio helped mood.").dblclick(position={"x": 5, "y": 5})
    expect(coder.locator("#span-status")).to_contain_text("“Physio”")
    coder.locator("#span-form").get_by_label("Care").check()
    coder.locator("#span-form").get_by_label("Exercise").check()
    follow(coder.get_by_role("button", name="Apply the codes to the selected text"))
    expect(coder.locator("[data-label]")).to_have_text("[1: Care, Exercise]")
    assert codings(cast.participant) == [("Physio", "Care"), ("Physio", "Exercise")]

    # Uncoding works the same with JavaScript on.
    follow(coder.get_by_role("button", name="Remove Exercise from part 1"))
    assert codings(cast.participant) == [("Physio", "Care")]
