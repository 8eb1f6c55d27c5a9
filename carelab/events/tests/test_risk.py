"""What a person writes when registering (their access needs) is checked like any words the lab team
reads: where to get help shows at once on the event's page, urgent risk is flagged for the
safeguarding review queue linked to the event's registrations, and that page tags the registration."""

from carelab.core.tests.html import parse, text_of
from carelab.events.models import Registration
from carelab.events.tests.helpers import register_url
from carelab.safeguarding import actions as safeguarding
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.risk_words import make_urgent_by_the_labs_phrase, possible_risk


def help_panel(response):
    return parse(response).select_one("main #help-now")


def test_urgent_words_register_as_usual_show_help_at_once_and_raise_a_flag(cast, event, client_for):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client = client_for(cast.member)
    response = client.post(register_url(event), {"access_needs": f"Captions please. Honestly, {phrase}."})
    assert response["Location"] == event.get_absolute_url()
    registration = Registration.objects.get()
    assert registration.has_place  # never blocked
    assert "116 123" in text_of(help_panel(client.get(event.get_absolute_url())))
    assert help_panel(client.get(event.get_absolute_url())) is None  # once

    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == ("event_registration", registration.pk, cast.member)
    assert flag.source_title == "Registration for “Living with pain”"
    assert flag.source_url == f"/labs/the-lab/events/team/{event.pk}/registrations/#registration-{registration.pk}"
    assert "Captions" not in str(flag.details)


def test_possible_risk_shows_help_but_raises_no_flag(cast, event, client_for):
    marker = possible_risk()
    client = client_for(cast.member)
    client.post(register_url(event), {"access_needs": f"A quiet corner. {marker}"})
    assert help_panel(client.get(event.get_absolute_url())) is not None
    assert not SafeguardingFlag.objects.exists()


def test_ordinary_access_needs_show_no_help_panel(cast, event, client_for):
    client = client_for(cast.member)
    client.post(register_url(event), {"access_needs": "Step-free access, please"})
    assert help_panel(client.get(event.get_absolute_url())) is None
    assert not SafeguardingFlag.objects.exists()


def test_the_registrations_page_tags_a_flagged_registration_with_a_link_to_its_flag(cast, event, client_for):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client_for(cast.member).post(register_url(event), {"access_needs": phrase})
    client_for(cast.participant).post(register_url(event), {"access_needs": "Captions"})
    flag = SafeguardingFlag.objects.get()
    page = parse(client_for(cast.team).get(flag.source_url))
    flagged = [row["id"] for row in page.select("#registrations tbody tr") if row.select_one("a.carelab-flagged")]
    assert flagged == [f"registration-{flag.source_id}"]
    link = page.select_one(f"#registration-{flag.source_id} a.carelab-flagged")
    assert link["href"] == f"/labs/the-lab/safeguarding/{flag.pk}/"


def test_registering_again_with_urgent_words_reopens_a_closed_flag(cast, event, client_for):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    client = client_for(cast.member)
    client.post(register_url(event), {"access_needs": phrase})
    flag = SafeguardingFlag.objects.get()
    safeguarding.close_flag(flag=flag, by=cast.team, outcome="Spoke to them before the event.")
    client.post(f"/labs/the-lab/events/{event.pk}/cancel/")
    client.post(register_url(event), {"access_needs": phrase})
    flag.refresh_from_db()
    assert flag.status == SafeguardingFlag.Status.NEW and SafeguardingFlag.objects.count() == 1
