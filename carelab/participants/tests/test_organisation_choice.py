"""Participants name their organisation: chosen from the lab's directory, or typed when it is not listed.

The application, its draft across signing in, the lab team's review pages, the card made on
acceptance, the participant's own card, and the directory's link to the organisation's page.
"""

import pytest

from carelab.accounts.tests.factories import PASSWORD
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.organisations.tests.factories import OrganisationFactory
from carelab.participants import actions
from carelab.participants.forms import CONSENT_STATEMENTS, visibility_consent
from carelab.participants.models import Application, ProfileCard
from carelab.participants.presenters import ApplicationSummary, organisation_url
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory

APPLY = "/labs/the-lab/participants/apply/"
CHECK = "/labs/the-lab/participants/apply/check/"
UPDATE = "/labs/the-lab/participants/application/update/"
QUEUE = "/labs/the-lab/participants/team/applications/"
DIRECTORY = "/labs/the-lab/participants/"
CARD = "/labs/the-lab/participants/card/"


@pytest.fixture
def listed(cast):
    """The lab's directory: two public organisations, a hidden one, and one in another lab."""
    return {
        "mersey": OrganisationFactory(lab=cast.lab, name="Mersey Moves Together"),
        "calder": OrganisationFactory(lab=cast.lab, name="calder Valley Collective"),
        "hidden": OrganisationFactory(lab=cast.lab, name="Seaside Pilot", hidden=True),
        "elsewhere": OrganisationFactory(lab=cast.other_lab, name="Another Lab's Group"),
    }


def organisation_path(organisation) -> str:
    return f"/labs/the-lab/organisations/{organisation.pk}/"


def errors_in(response) -> dict[str, str]:
    return {text_of(a): a["href"] for a in parse(response).select(".nhsuk-error-summary a")}


def check_answers(page) -> dict[str, str]:
    rows = page.select("main .nhsuk-summary-list__row")
    return {text_of(row.select_one("dt")): text_of(row.select_one(".nhsuk-summary-list__value")) for row in rows}


# The application form


def test_the_application_offers_the_labs_public_organisations_in_alphabetical_order_then_not_listed(
    client, cast, listed
):
    page = parse(client.get(APPLY))
    select = page.select_one("select[name=organisation]")
    assert text_of(page.select_one(f"label[for={select['id']}]")) == "Organisation (optional)"
    options = [(option["value"], text_of(option)) for option in select.select("option")]
    assert options == [
        ("", "No organisation"),
        (str(listed["calder"].pk), "calder Valley Collective"),
        (str(listed["mersey"].pk), "Mersey Moves Together"),
        ("not-listed", "My organisation is not listed"),
    ]
    typed = page.select_one("input[name=organisation_name]")
    assert text_of(page.select_one(f"label[for={typed['id']}]")) == (
        "If your organisation is not listed, its name (optional)"
    )


def test_without_organisations_in_the_directory_the_application_asks_for_the_name_only(client, cast):
    page = parse(client.get(APPLY))
    assert page.select_one("select[name=organisation]") is None
    typed = page.select_one("input[name=organisation_name]")
    assert text_of(page.select_one(f"label[for={typed['id']}]")) == "Organisation (optional)"


def test_choosing_from_the_list_keeps_the_organisation_and_its_name(client, cast, answers, listed):
    client.force_login(cast.member)
    response = client.post(APPLY, {**answers, "organisation": listed["mersey"].pk, "organisation_name": ""})
    assert response.status_code == 302 and response["Location"] == CHECK
    draft = Application.objects.get()
    assert draft.organisation == listed["mersey"]
    assert draft.organisation_name == "Mersey Moves Together"
    assert check_answers(parse(client.get(CHECK)))["Organisation"] == "Mersey Moves Together"


def test_typing_a_name_that_is_not_listed_keeps_the_name_without_an_organisation(client, cast, answers, listed):
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "organisation": "not-listed", "organisation_name": "  Riverside   Mind "})
    draft = Application.objects.get()
    assert draft.organisation is None and draft.organisation_name == "Riverside Mind"
    page = parse(client.get(APPLY))
    assert page.select_one("select[name=organisation] option[selected]")["value"] == "not-listed"
    assert page.select_one("input[name=organisation_name]")["value"] == "Riverside Mind"


def test_typing_the_name_of_a_listed_organisation_links_to_it(client, cast, answers, listed):
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "organisation": "", "organisation_name": "mersey moves  TOGETHER"})
    draft = Application.objects.get()
    assert draft.organisation == listed["mersey"] and draft.organisation_name == "Mersey Moves Together"


def test_not_listed_without_a_name_is_explained_and_everything_typed_is_kept(client, cast, answers, listed):
    response = client.post(APPLY, {**answers, "organisation": "not-listed", "organisation_name": "", "region": ""})
    assert errors_in(response) == {
        "Enter the name of your organisation, or choose it from the list": "#id_organisation_name",
        "Choose the region you live or work in": "#id_region",
    }
    page = parse(response)
    assert page.select_one("select[name=organisation] option[selected]")["value"] == "not-listed"
    assert page.select_one("textarea[name=access_needs]").text == "Step-free access, please"
    assert not Application.objects.exists()


def test_choosing_from_the_list_and_typing_another_name_asks_which_one_and_keeps_both(client, cast, answers, listed):
    chosen = {"organisation": listed["calder"].pk, "organisation_name": "Riverside Mind"}
    response = client.post(APPLY, {**answers, **chosen})
    assert errors_in(response) == {
        "You chose calder Valley Collective from the list and also typed a name. Delete the name you typed, "
        "or choose “My organisation is not listed” above": "#id_organisation_name"
    }
    page = parse(response)
    assert page.select_one("select[name=organisation] option[selected]")["value"] == str(listed["calder"].pk)
    assert page.select_one("input[name=organisation_name]")["value"] == "Riverside Mind"
    assert not Application.objects.exists()


@pytest.mark.parametrize("which", ["elsewhere", "hidden"])
def test_an_organisation_that_is_not_in_the_labs_list_is_refused(client, cast, answers, listed, which):
    """A tampered form: another lab's organisation, or one the lab does not show."""
    client.force_login(cast.member)
    response = client.post(APPLY, {**answers, "organisation": listed[which].pk, "organisation_name": ""})
    assert response.status_code == 200
    assert errors_in(response) == {
        "Choose your organisation from the list, or choose “My organisation is not listed”": "#id_organisation"
    }
    assert text_of(parse(response).select_one("title")).startswith("Error: ")
    assert not Application.objects.exists()


def test_the_chosen_organisation_waits_in_the_draft_while_the_person_signs_in(client, cast, answers, listed):
    client.post(APPLY, {**answers, "organisation": listed["mersey"].pk, "organisation_name": ""})
    response = client.post("/accounts/login/", {"login": cast.member.email, "password": PASSWORD, "next": CHECK})
    assert response["Location"] == CHECK
    page = parse(client.get(CHECK))
    assert check_answers(page)["Organisation"] == "Mersey Moves Together"
    change = page.select_one("main a[href$='#id_organisation']")
    assert text_of(change) == "Change Organisation"
    # Back on the form, the choice is still made and nothing is typed over it.
    form = parse(client.get(APPLY))
    assert form.select_one("select[name=organisation] option[selected]")["value"] == str(listed["mersey"].pk)
    assert form.select_one("input[name=organisation_name]").get("value", "") == ""
    client.post(CHECK)
    sent = Application.objects.get()
    assert sent.status == "submitted" and sent.applicant == cast.member and sent.organisation == listed["mersey"]


def test_an_organisation_the_lab_has_since_hidden_comes_back_as_its_name(client, cast, listed):
    application = ApplicationFactory(
        lab=cast.lab,
        applicant=cast.member,
        status="more_info",
        organisation=listed["hidden"],
        organisation_name="Seaside Pilot",
    )
    client.force_login(cast.member)
    page = parse(client.get(UPDATE))
    assert page.select_one("select[name=organisation] option[selected]")["value"] == "not-listed"
    assert page.select_one("input[name=organisation_name]")["value"] == "Seaside Pilot"
    application.refresh_from_db()
    assert application.organisation == listed["hidden"]


def test_updating_an_application_can_change_the_organisation(client, cast, answers, listed):
    application = ApplicationFactory(lab=cast.lab, applicant=cast.member, status="more_info")
    client.force_login(cast.member)
    client.post(UPDATE, {**answers, "organisation": listed["calder"].pk, "organisation_name": ""})
    application.refresh_from_db()
    assert application.status == "submitted" and application.organisation == listed["calder"]


# The lab team's review pages


def test_the_review_pages_link_a_chosen_organisation_to_its_page_and_show_a_typed_one_as_text(client_for, cast, listed):
    chosen = ApplicationFactory(
        lab=cast.lab, applicant__display_name="Cho Chosen", organisation=listed["mersey"], organisation_name="Old name"
    )
    typed = ApplicationFactory(
        lab=cast.lab, applicant__display_name="Ty Typed", organisation_name="<b>Riverside</b> Mind"
    )
    team = client_for(cast.team)
    queue = parse(team.get(QUEUE))
    cell = queue.select_one(f"#application-{chosen.pk} .carelab-application__organisation a")
    assert text_of(cell) == "Mersey Moves Together" and cell["href"] == organisation_path(listed["mersey"])
    typed_cell = queue.select_one(f"#application-{typed.pk} .carelab-application__organisation")
    assert text_of(typed_cell) == "<b>Riverside</b> Mind" and typed_cell.select_one("a, b") is None

    detail = parse(team.get(f"{QUEUE}{chosen.pk}/"))
    link = next(row for row in detail.select(".nhsuk-summary-list__row") if text_of(row.dt) == "Organisation").a
    assert text_of(link) == "Mersey Moves Together" and link["href"] == organisation_path(listed["mersey"])
    response = team.get(f"{QUEUE}{typed.pk}/")
    assert b"<b>Riverside</b>" not in response.content
    assert check_answers(parse(response))["Organisation"] == "<b>Riverside</b> Mind"


def test_the_queue_makes_the_same_queries_with_many_organisations(client_for, cast, listed, django_assert_num_queries):
    team = client_for(cast.team)

    def add(count):
        for _ in range(count):
            organisation = OrganisationFactory(lab=cast.lab)
            ApplicationFactory(lab=cast.lab, organisation=organisation, organisation_name=organisation.name)

    add(2)
    with PageQueries() as context:
        team.get(QUEUE)
    add(30)
    with django_assert_num_queries(len(context)):
        response = team.get(QUEUE)
    assert len(parse(response).select(".carelab-application__organisation a")) == 25


# The card: made on acceptance, edited by its owner


def test_accepting_puts_the_chosen_organisation_on_the_new_card(cast, listed):
    application = ApplicationFactory(
        lab=cast.lab, applicant=cast.member, organisation=listed["mersey"], organisation_name="Mersey Moves Together"
    )
    actions.decide(application, decision="accepted", reviewer=cast.team, message="Welcome")
    card = ProfileCard.objects.get(user=cast.member)
    assert card.organisation == listed["mersey"] and card.organisation_name == "Mersey Moves Together"


def test_a_card_from_an_application_whose_wording_did_not_mention_the_organisation_leaves_it_off(cast, listed):
    """Applications sent before the card's wording said it shows the organisation."""
    older = {"wording": CONSENT_STATEMENTS["use_application"], "version": "participant-application-1"}
    application = ApplicationFactory(
        lab=cast.lab,
        applicant=cast.member,
        organisation=listed["mersey"],
        organisation_name="Mersey Moves Together",
        consents={
            "use_application": older,
            "profile_card": {**visibility_consent("team"), "version": "participant-application-1"},
        },
    )
    actions.decide(application, decision="accepted", reviewer=cast.team, message="Welcome")
    card = ProfileCard.objects.get(user=cast.member)
    assert card.organisation is None and card.organisation_name == ""


def card_answers(**changes) -> dict:
    return {"display_name": "Pat", "role": "professional", "region": "east", "visibility": "public", **changes}


def test_a_participant_chooses_their_organisation_for_their_card(client_for, cast, listed):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant)
    client = client_for(cast.participant)
    page = parse(client.get(CARD))
    options = [text_of(option) for option in page.select("select[name=organisation] option")]
    assert options == [
        "No organisation",
        "calder Valley Collective",
        "Mersey Moves Together",
        "My organisation is not listed",
    ]
    response = client.post(CARD, card_answers(organisation=listed["calder"].pk))
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.organisation == listed["calder"] and card.organisation_name == "calder Valley Collective"
    page = parse(client.get(CARD))
    assert page.select_one("select[name=organisation] option[selected]")["value"] == str(listed["calder"].pk)

    client.post(CARD, card_answers(organisation="not-listed", organisation_name="Riverside Mind"))
    card.refresh_from_db()
    assert card.organisation is None and card.organisation_name == "Riverside Mind"

    client.post(CARD, card_answers(organisation="", organisation_name=""))
    card.refresh_from_db()
    assert card.organisation is None and card.organisation_name == ""


def test_a_card_cannot_name_another_labs_organisation_and_nothing_typed_is_lost(client_for, cast, listed):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, ask_me_about="Before")
    response = client_for(cast.participant).post(
        CARD, card_answers(organisation=listed["elsewhere"].pk, ask_me_about="Pacing")
    )
    assert errors_in(response) == {
        "Choose your organisation from the list, or choose “My organisation is not listed”": "#id_organisation"
    }
    page = parse(response)
    assert page.select_one("textarea[name=ask_me_about]").text == "Pacing"
    card.refresh_from_db()
    assert card.organisation is None and card.ask_me_about == "Before"


def test_without_organisations_in_the_directory_a_card_takes_a_typed_name(client_for, cast):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant)
    client = client_for(cast.participant)
    assert parse(client.get(CARD)).select_one("select[name=organisation]") is None
    client.post(CARD, card_answers(organisation_name="Riverside Mind"))
    card.refresh_from_db()
    assert card.organisation is None and card.organisation_name == "Riverside Mind"


# The directory


def organisation_on(response, card) -> object:
    return parse(response).select_one(f"#card-{card.pk} .carelab-profile-card__organisation")


def test_a_card_links_to_its_organisations_page_in_the_directory(client, cast, listed):
    card = ProfileCardFactory(
        lab=cast.lab, visibility="public", organisation=listed["mersey"], organisation_name="Mersey Moves Together"
    )
    shown = organisation_on(client.get(DIRECTORY), card)
    assert text_of(shown) == "Organisation: Mersey Moves Together"
    assert shown.a["href"] == organisation_path(listed["mersey"])
    assert client.get(shown.a["href"]).status_code == 200


def test_a_typed_or_hidden_organisation_is_shown_as_the_name_given_without_a_link(client, cast, listed):
    typed = ProfileCardFactory(lab=cast.lab, visibility="public", organisation_name="<i>Riverside</i> Mind")
    hidden = ProfileCardFactory(
        lab=cast.lab, visibility="public", organisation=listed["hidden"], organisation_name="Seaside Pilot"
    )
    nothing = ProfileCardFactory(lab=cast.lab, visibility="public")
    response = client.get(DIRECTORY)
    assert b"<i>Riverside</i>" not in response.content
    assert text_of(organisation_on(response, typed)) == "Organisation: <i>Riverside</i> Mind"
    assert organisation_on(response, typed).a is None
    assert text_of(organisation_on(response, hidden)) == "Organisation: Seaside Pilot"
    assert organisation_on(response, hidden).a is None
    assert organisation_on(response, nothing) is None


def test_a_card_keeps_the_name_when_its_organisation_is_deleted(client, cast, listed):
    card = ProfileCardFactory(
        lab=cast.lab, visibility="public", organisation=listed["mersey"], organisation_name="Mersey Moves Together"
    )
    listed["mersey"].delete()
    card.refresh_from_db()
    assert card.organisation is None
    assert text_of(organisation_on(client.get(DIRECTORY), card)) == "Organisation: Mersey Moves Together"


@pytest.mark.parametrize("role", ["anonymous", "participant", "team"])
def test_the_directory_makes_the_same_queries_for_3_and_60_cards_with_organisations(
    cast, client_for, listed, role, django_assert_num_queries
):
    client = client_for(cast.person(role))

    def add(count):
        for _ in range(count):
            organisation = OrganisationFactory(lab=cast.lab)
            ProfileCardFactory(
                lab=cast.lab, visibility="public", organisation=organisation, organisation_name=organisation.name
            )

    add(3)
    with PageQueries() as context:
        client.get(DIRECTORY)
    add(57)
    with django_assert_num_queries(len(context)):
        response = client.get(DIRECTORY)
    assert len(parse(response).select("#cards .carelab-profile-card__organisation a")) == 20


# Display values: the model's and the presenters'


def test_a_listed_organisation_is_shown_by_its_current_name_and_linked_to_its_page(db):
    organisation = OrganisationFactory(name="Renamed Group")
    application = ApplicationFactory(lab=organisation.lab, organisation=organisation, organisation_name="Old Group")
    assert application.listed_organisation == organisation
    assert application.organisation_shown == "Renamed Group"
    expected = f"/labs/{organisation.lab.slug}/organisations/{organisation.pk}/"
    assert organisation_url(application, organisation.lab.slug) == expected

    row = ApplicationSummary(application, link_organisations_in=organisation.lab).about_rows()[1]
    assert row["value"]["html"] == f'<a href="{expected}">Renamed Group</a>'
    plain = ApplicationSummary(application, change_url="/apply/").about_rows()[1]
    assert plain["value"] == {"text": "Renamed Group"}
    assert plain["actions"]["items"][0]["href"] == "/apply/#id_organisation"


def test_a_hidden_or_typed_organisation_is_the_name_given_with_no_link(db):
    hidden = OrganisationFactory(name="Now Hidden", hidden=True)
    application = ApplicationFactory(lab=hidden.lab, organisation=hidden, organisation_name="As Chosen")
    assert application.listed_organisation is None and application.organisation_shown == "As Chosen"
    assert organisation_url(application, hidden.lab.slug) == ""
    row = ApplicationSummary(application, link_organisations_in=hidden.lab).about_rows()[1]
    assert row["value"] == {"text": "As Chosen"}

    typed = ApplicationFactory(lab=hidden.lab, organisation_name="<b>Typed</b>")
    row = ApplicationSummary(typed, change_url="/apply/").about_rows()[1]
    assert row["value"] == {"text": "<b>Typed</b>"}
    assert row["actions"]["items"][0]["href"] == "/apply/#id_organisation_name"
    assert ApplicationSummary(ApplicationFactory(lab=hidden.lab)).about_rows()[1]["value"] == {"text": "Not answered"}


def test_a_linked_name_is_escaped(db):
    organisation = OrganisationFactory(name="<script>x</script>")
    application = ApplicationFactory(lab=organisation.lab, organisation=organisation)
    html = ApplicationSummary(application, link_organisations_in=organisation.lab).about_rows()[1]["value"]["html"]
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
