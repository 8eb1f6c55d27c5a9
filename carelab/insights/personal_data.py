"""A person's part in coding, for "Your data" (carelab/core/your_data.py): the labs that invited them
to code, how many codings they made, and the memos they wrote."""

from django.db.models import Count, Max, Q

from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Record, Section, counted_records, team_work_privacy
from carelab.insights.actions_quotes import quotes_from
from carelab.insights.models import Coder, Coding, Insight, InsightEvent, Memo, Quote, SuggestionRun


def _memo_target(memo: Memo) -> str:
    if memo.code_id:
        return f"The code “{memo.code.name}”"
    if memo.source_id:
        return f"The source “{memo.source.name}”"
    return "A coded part of a source"


def sections(user) -> list[Section]:
    invitations: list[Record] = [
        [("Lab", coder.lab.title), ("Invited to code", coder.invited_at)]
        for coder in Coder.objects.filter(user=user).select_related("lab").order_by("invited_at", "pk")
    ]
    counted = (
        Coding.objects.filter(coder=user)
        .values("excerpt__source__lab__title")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("excerpt__source__lab__title")
    )
    codings: list[Record] = [
        [("Lab", row["excerpt__source__lab__title"]), ("Codings", row["count"]), ("Most recent", row["latest"])]
        for row in counted
    ]
    memos: list[Record] = [
        [("Lab", memo.lab.title), ("On", _memo_target(memo)), ("Memo", memo.text), ("Written", memo.created_at)]
        for memo in Memo.objects.filter(author=user)
        .select_related("lab", "code", "source")
        .order_by("created_at", "pk")
    ]
    runs = (
        SuggestionRun.objects.filter(requested_by=user)
        .values("lab__title")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("lab__title")
    )
    suggestion_runs = counted_records(
        (f"Theme suggestions asked for in {row['lab__title']}", row["count"], row["latest"]) for row in runs
    )
    found = [
        Section(
            key="coding_invitations",
            title="Labs you code for",
            on_deletion="Deleted.",
            records=invitations,
        ),
        Section(
            key="codings",
            title="Your coding",
            on_deletion=(
                "Kept for the lab's analysis without your name: the codes you applied stay, so the lab's findings "
                "and the agreement between coders still add up."
            ),
            kept_after_deletion=True,
            records=codings,
        ),
        Section(
            key="coding_memos",
            title="Memos you wrote while coding",
            on_deletion="Deleted: memos are your own words.",
            records=memos,
        ),
        Section(
            key="suggestion_runs",
            title="Theme suggestions you asked for",
            on_deletion=LAB_TEAM_WORK_KEPT,
            kept_after_deletion=True,
            records=suggestion_runs,
        ),
    ]
    found += quote_sections(user)
    insight_work = _insight_work(user)
    if insight_work is not None:
        found.append(insight_work)
    return [section for section in found if section.records]


def _insight_work(user) -> Section | None:
    """Insights a lab-team member wrote, and each change of status they made: counted, since the
    insights are the lab's."""
    written = Insight.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("created_at"))
    changes = {
        row["action"]: row
        for row in InsightEvent.objects.filter(actor=user)
        .values("action")
        .annotate(count=Count("pk"), latest=Max("at"))
        .order_by()
    }
    rows = [("Wrote an insight", written["count"], written["latest"])]
    for action, label in InsightEvent.Action.choices:
        if action != InsightEvent.Action.CREATED and action in changes:
            rows.append((f"Insight status: {label.lower()}", changes[action]["count"], changes[action]["latest"]))
    records = counted_records(rows)
    if not records:
        return None
    return Section(
        key="insight_work",
        title="Your work on a lab's insights",
        on_deletion=LAB_TEAM_WORK_KEPT,
        kept_after_deletion=True,
        records=records,
    )


def privacy() -> list[Privacy]:
    return [
        *quote_privacy(),
        team_work_privacy(
            ("insight_work",),
            "Insights written and reviewed for a lab",
            "The insights you wrote for a lab, and each review, publication or other change of status you made, "
            "with any note you wrote.",
        ),
        team_work_privacy(
            ("suggestion_runs",),
            "Asking for suggested themes",
            "That you asked for theme suggestions in a lab's sources, and when (counted on Your data).",
        ),
        Privacy(
            covers=("coding_invitations", "codings", "coding_memos"),
            title="Coding a lab's sources",
            held=(
                "That a lab team invited you to code its sources, which parts of the sources you coded with which "
                "codes (counted on Your data), and the memos you wrote on codes, sources and coded parts."
            ),
            why=(
                "So the lab can analyse what people told it and what it has read, compare coders, and see who coded "
                "what. This is in the lab's legitimate interests, and you take part because you were invited."
            ),
            who_sees=(
                "The lab team of that lab sees every coder's codings and memos, with their names. Other coders see "
                "their own codings and the memos."
            ),
            kept_for=(
                "As long as the lab keeps its coding. If you delete your account, your memos are deleted and your "
                "codings stay without your name."
            ),
            your_choices=(
                "Remove your codings and memos on the coding pages at any time. The lab team can stop inviting you. "
                "Deleting your account deletes your memos and invitations, and removes your name from your codings."
            ),
        ),
    ]


# Quotes (issue 10, section 5)

QUOTES_ON_DELETION = (
    "Withdrawn at once: the words are taken off every page, published insights included. The lab team's list "
    "keeps only that a quote was withdrawn and why, with no words and nothing linking it to you."
)


def quote_sections(user) -> list[Section]:
    """The quotes taken from this person's words, with their state, and the lab-team work on quotes, counted."""
    quotes = (
        Quote.objects.live()
        .filter(quotes_from(user=user))
        .distinct()
        .select_related("lab")
        .order_by("created_at", "pk")
    )
    own = Section(
        key="quotes_of_your_words",
        title="Quotes of your words",
        on_deletion=QUOTES_ON_DELETION,
        kept_after_deletion=True,
        records=[
            [
                ("Lab", quote.lab.title),
                ("Quote", quote.text),
                ("Attributed to", quote.attribution),
                ("State", quote.get_status_display()),
                ("Published", quote.published_at),
            ]
            for quote in quotes
        ],
    )
    work_on = Quote.objects.filter(Q(created_by=user) | Q(redacted_by=user) | Q(approved_by=user)).aggregate(
        made=Count("pk", filter=Q(created_by=user)),
        made_latest=Max("created_at", filter=Q(created_by=user)),
        redacted=Count("pk", filter=Q(redacted_by=user)),
        redacted_latest=Max("redacted_at", filter=Q(redacted_by=user)),
        approved=Count("pk", filter=Q(approved_by=user)),
        approved_latest=Max("approved_at", filter=Q(approved_by=user)),
    )
    work = Section(
        key="quote_team_work",
        title="Your work on a lab's quotes",
        on_deletion=LAB_TEAM_WORK_KEPT,
        kept_after_deletion=True,
        records=counted_records(
            [
                ("Made a quote from someone's words", work_on["made"], work_on["made_latest"]),
                ("Redacted a quote", work_on["redacted"], work_on["redacted_latest"]),
                ("Approved a quote", work_on["approved"], work_on["approved_latest"]),
            ]
        ),
    )
    return [own, work]


def quote_privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("quotes_of_your_words",),
            title="Quotes of your words",
            held=(
                "Words from your survey answers, or from a story or example you sent in, that the lab team chose to "
                'quote, with a general description of who said it (such as "Lab participant, lived experience, '
                'North West"), never your name. Anything that could identify you or others is taken out first.'
            ),
            why=(
                "To show what people told the lab in its published insights. Only where you agreed to be quoted, "
                "and only until you withdraw that agreement."
            ),
            who_sees=(
                "The lab team, who take out names, places and other details and have a second team member "
                "approve the words. Once published, anyone who reads the lab's insights."
            ),
            kept_for=(
                "As long as the lab's insights are published, unless you withdraw your agreement or delete your "
                "account, which withdraws the quotes at once everywhere."
            ),
            your_choices=(
                "Withdraw your agreement to be quoted from your survey answers' page or Your data: every quote of "
                "your words is taken off every page at once. Deleting your account does the same."
            ),
        ),
        team_work_privacy(
            ("quote_team_work",),
            "Your work on a lab's quotes",
            "How many quotes you made, redacted and approved for a lab team, and when you last did.",
        ),
    ]
