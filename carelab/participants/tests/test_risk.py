"""An application whose words suggest the person may be at risk: where to get help is shown at once
(never a block), urgent risk is flagged for the safeguarding review queue linked to the team's page for
the application, and the team's pages tag it."""

from django.test import Client

from carelab.core.tests.html import parse, text_of
from carelab.participants.models import Application
from carelab.safeguarding import actions as safeguarding
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.risk_words import make_urgent_by_the_labs_phrase, possible_risk

APPLY = "/labs/the-lab/participants/apply/"
CHECK = "/labs/the-lab/participants/apply/check/"
STATUS = "/labs/the-lab/participants/application/"
UPDATE = "/labs/the-lab/participants/application/update/"


def help_panel(response):
    return parse(response).select_one("main #help-now")


def test_urgent_words_show_help_before_and_after_sending_and_flag_the_application(client, cast, answers, client_for):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "motivation": f"Some days I think about {phrase}."})
    assert "116 123" in text_of(help_panel(client.get(CHECK)))  # at once, before anything is sent
    assert not SafeguardingFlag.objects.exists()  # a draft is not flagged: nobody reads it yet

    response = client.post(CHECK)
    assert response["Location"] == STATUS  # sent as usual, never blocked
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    page = client.get(STATUS)
    assert "116 123" in text_of(help_panel(page))
    assert help_panel(client.get(STATUS)) is None  # shown once, on the page they land on

    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == ("application", application.pk, cast.member)
    assert flag.source_url == f"/labs/the-lab/participants/team/applications/{application.pk}/"
    assert flag.reasons == ["risk_words"] and "Some days" not in str(flag.details)


def test_access_needs_and_other_free_text_answers_are_checked_too(client, cast, answers):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "access_needs": f"Quiet room. Lately {phrase} is on my mind."})
    client.post(CHECK)
    assert SafeguardingFlag.objects.get().source_kind == "application"


def test_possible_risk_shows_help_but_raises_no_flag(client, cast, answers):
    marker = possible_risk()
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "motivation": f"Honestly {marker}."})
    client.post(CHECK)
    assert help_panel(client.get(STATUS)) is not None
    assert not SafeguardingFlag.objects.exists()


def test_ordinary_answers_show_no_help_panel_and_raise_nothing(client, cast, answers):
    client.force_login(cast.member)
    client.post(APPLY, answers)
    assert help_panel(client.get(CHECK)) is None
    client.post(CHECK)
    assert help_panel(client.get(STATUS)) is None
    assert not SafeguardingFlag.objects.exists()


def test_the_teams_pages_tag_a_flagged_application_and_link_to_its_flag(client, cast, answers, client_for):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "motivation": phrase})
    client.post(CHECK)
    flag = SafeguardingFlag.objects.get()
    team = client_for(cast.team)

    row = parse(team.get("/labs/the-lab/participants/team/applications/")).select_one("#applications tbody tr")
    assert row.select_one("a.carelab-flagged")["href"] == f"/labs/the-lab/safeguarding/{flag.pk}/"
    detail = parse(team.get(flag.source_url))
    tagged = detail.select_one("#safeguarding-flag")
    assert "Flagged for safeguarding review" in text_of(tagged)
    assert tagged.find("a")["href"] == f"/labs/the-lab/safeguarding/{flag.pk}/"
    assert detail.select_one("#decisions")  # a tag, not a block: the team can still decide


def test_sending_urgent_words_again_reopens_a_closed_flag(client, cast, answers, client_for):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "motivation": phrase})
    client.post(CHECK)
    flag = SafeguardingFlag.objects.get()
    safeguarding.close_flag(flag=flag, by=cast.team, outcome="Wrote to them with support contacts.")
    application = Application.objects.get()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.MORE_INFO)

    applicant = Client()
    applicant.force_login(cast.member)
    applicant.post(UPDATE, {**answers, "motivation": f"Still {phrase}."})
    flag.refresh_from_db()
    assert flag.status == SafeguardingFlag.Status.NEW
    assert [event.action for event in flag.events.all()][-1] == "reopened_automatically"
    assert help_panel(applicant.get(STATUS)) is not None
