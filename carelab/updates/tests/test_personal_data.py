"""What the updates app holds about a person, and what deleting their account does to it."""

from carelab.accounts.actions import delete_account
from carelab.core.tests.html import parse, text_of
from carelab.core.your_data import collect
from carelab.updates import actions
from carelab.updates.models import Delivery, EmailChoice, Update
from carelab.updates.personal_data import sections
from carelab.updates.tests.factories import DeliveryFactory, UpdateFactory


def by_key(user) -> dict:
    return {section.key: section for section in sections(user)}


def test_a_participant_sees_the_updates_emailed_to_them_and_their_choice(cast, add_participant):
    anna = add_participant("Anna")
    DeliveryFactory(update__lab=cast.lab, update__subject="Survey now open", recipient=anna, status="sent")
    DeliveryFactory(update__lab=cast.lab, recipient=cast.member)
    actions.choose_emails(anna, cast.lab, wants_email=False)

    found = by_key(anna)

    (delivery,) = found["update_emails"].records
    assert ("Update", "Survey now open") in delivery and ("E-mail", "E-mailed") in delivery
    (choice,) = found["update_email_choices"].records
    assert ("Updates by e-mail", "No") in choice and ("Lab", "The lab") in choice
    assert found["updates_written"].records == []
    assert {"update_emails", "update_email_choices", "updates_written"} <= {section.key for section in collect(anna)}


def test_updates_a_team_member_wrote_are_listed_as_kept_without_their_name(cast):
    UpdateFactory(lab=cast.lab, subject="Mine", created_by=cast.team)
    UpdateFactory(lab=cast.lab, subject="Sent by me", sent=True, sent_by=cast.team)
    UpdateFactory(lab=cast.lab, subject="Someone else's", created_by=cast.admin)
    written = by_key(cast.team)["updates_written"]
    assert [dict(record)["Subject"] for record in written.records] == ["Mine", "Sent by me"]
    assert written.kept_after_deletion
    assert "without your name" in written.on_deletion


def test_deleting_an_account_deletes_its_deliveries_and_choices(cast, add_participant):
    anna = add_participant("Anna")
    update = UpdateFactory(lab=cast.lab, sent=True)
    DeliveryFactory(update=update, recipient=anna, status="sent")
    someone_else = DeliveryFactory(update=update, recipient=cast.member)
    actions.choose_emails(anna, cast.lab, wants_email=False)
    sections_before = by_key(anna)
    assert not sections_before["update_emails"].kept_after_deletion
    assert "deleted with your account" in sections_before["update_emails"].on_deletion
    assert "deleted with your account" in sections_before["update_email_choices"].on_deletion

    delete_account(anna)

    assert list(Delivery.objects.all()) == [someone_else]
    assert not EmailChoice.objects.exists()
    assert Update.objects.filter(pk=update.pk).exists()


def test_deleting_a_team_members_account_keeps_their_updates_without_their_name(cast, client_for):
    update = UpdateFactory(lab=cast.lab, sent=True, created_by=cast.team, sent_by=cast.team, subject="Kept")
    delete_account(cast.team)
    update.refresh_from_db()
    assert (update.subject, update.created_by, update.sent_by) == ("Kept", None, None)
    page = parse(client_for(cast.admin).get(f"/labs/the-lab/updates/team/{update.pk}/"))
    assert "by Someone no longer on CareLab" in text_of(page.select_one("#update-facts"))
