"""The labs a person has joined and their role in each, for "Your data" (carelab/accounts/your_data.py)."""

from carelab.core.data_sections import Privacy, Section
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


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("lab_memberships",),
            title="The labs you have joined",
            held="Each lab you joined, your role in it (member, participant or lab team) and when you joined.",
            why=(
                "To show you each lab's pages and let you do what your role allows. This is needed to give you the "
                "service."
            ),
            who_sees="The lab team of that lab, and the site administrators.",
            kept_for="Until you delete your account.",
            your_choices="Deleting your account removes you from every lab.",
        )
    ]
