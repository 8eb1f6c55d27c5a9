"""The labs a person has joined and their role in each, for "Your data" (carelab/accounts/your_data.py)."""

from carelab.accounts.your_data import Section
from carelab.labs.models import Membership


def sections(user) -> list[Section]:
    memberships = Membership.objects.filter(user=user).select_related("lab").order_by("joined_at", "pk")
    return [
        Section(
            key="lab_memberships",
            title="The labs you have joined",
            on_deletion="Deleted.",
            records=[
                [
                    ("Lab", membership.lab.title),
                    ("Your role", membership.get_role_display()),
                    ("Joined", membership.joined_at),
                ]
                for membership in memberships
            ],
        )
    ]
