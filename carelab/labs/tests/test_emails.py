from django.core import mail

from carelab.accounts.tests.factories import UserFactory
from carelab.labs.emails import email_lab_team
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory


def test_each_of_the_lab_team_gets_their_own_e_mail_and_nobody_else_does(cast):
    second = UserFactory(email="second-team@example.org")
    MembershipFactory(lab=cast.lab, user=second, role=Role.TEAM)
    gone = UserFactory(email="gone-team@example.org", is_active=False)
    MembershipFactory(lab=cast.lab, user=gone, role=Role.TEAM)

    assert email_lab_team(cast.lab, "Something needs review", "Hello,\n\nPlease look.") == 2

    assert sorted(message.to[0] for message in mail.outbox) == ["second-team@example.org", "team@example.org"]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox)
    assert mail.outbox[0].subject == "CareLab: Something needs review"


def test_a_lab_without_a_team_e_mails_nobody(cast):
    cast.lab.memberships.filter(role=Role.TEAM).delete()
    assert email_lab_team(cast.lab, "Subject", "Body") == 0
    assert mail.outbox == []
