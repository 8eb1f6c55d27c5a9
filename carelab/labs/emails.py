"""E-mailing a lab's team: the one place that says who hears about the lab's queues and reports."""

from carelab.core.email import send_email
from carelab.labs.models import Lab, Role


def lab_team_addresses(lab: Lab) -> list[str]:
    """The addresses of the lab's team members whose accounts are open, in the order they joined."""
    team = lab.memberships.filter(role=Role.TEAM, user__is_active=True).select_related("user")
    return [membership.user.email for membership in team.order_by("joined_at", "pk")]


def email_lab_team(lab: Lab, subject: str, body: str) -> int:
    """E-mail each of the lab's team separately, so nobody sees the others' addresses. Returns how many were sent.

    Site admins, who may act as any lab's team, are not e-mailed: only the lab's own team.
    """
    return sum(send_email(address, subject, body) for address in lab_team_addresses(lab))
