"""Where to get help now. One list, used by every page, e-mail and survey."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisContact:
    when: str
    action: str
    href: str | None = None


CRISIS_CONTACTS = (
    CrisisContact("If your life or someone else's life is at risk now", "Call 999 or go to A&E.", "tel:999"),
    CrisisContact(
        "If you need urgent help for your mental health",
        "Call NHS 111 and choose the mental health option (option 2).",
        "tel:111",
    ),
    CrisisContact(
        "If you want to talk to someone, any time", "Call Samaritans free on 116 123, 24 hours a day.", "tel:116123"
    ),
    CrisisContact("If you would rather text", "Text SHOUT to 85258 (free, 24 hours a day).", "sms:85258?body=SHOUT"),
)

NOT_A_CRISIS_SERVICE = (
    "CareLab is not a crisis service. Nobody reads what you write here as you write it, "
    "so please do not use it to ask for urgent help."
)


def crisis_contacts_text() -> str:
    """The contacts as plain-text lines, one a line, for an e-mail's body."""
    return "\n".join(f"- {contact.when}: {contact.action}" for contact in CRISIS_CONTACTS)


def crisis_text_for_email(help_url: str) -> str:
    """The help footer for every e-mail CareLab sends."""
    lines = ["", "-- ", "Need help now? " + NOT_A_CRISIS_SERVICE]
    lines.append(crisis_contacts_text())
    lines.append(f"More help: {help_url}")
    return "\n".join(lines)
