"""A small, known set of submitted responses to the test lab survey, for exact numbers."""

from datetime import UTC, datetime

from carelab.surveys.tests.seed import add_contact, seed_drafts, seed_response


def known_responses(survey):
    """Four submitted responses (and two unfinished), described in the tests that use them."""
    first = seed_response(
        survey,
        {
            "roles": ["lived_experience", "professional"],
            "lives_with_pain": "yes",
            "pain_years": 5,
            "age_band": "35_54",
            "first_help": "2020-01-01",
            "pain_today": 7,
            "listened_to": "agree",
            "joined_up": "disagree",
            "knew_where": "neutral",
            "what_helped": "Talking to my GP",
            "one_change": '=HYPERLINK("http://evil.example")',
            "sleep_hours": 6.5,
            **{f"phq_{n}": "1" for n in range(1, 9)},
        },
        submitted_at=datetime(2026, 1, 5, 12, tzinfo=UTC),
    )
    add_contact(first, "first@example.org")
    seed_response(
        survey,
        {
            "roles": ["carer"],
            "lives_with_pain": "no",
            "age_band": "18_34",
            "listened_to": "agree",
            "what_helped": "Call me on 07700 900123 <b>please</b>",
            "sleep_hours": 8,
        },
        submitted_at=datetime(2026, 1, 6, 12, tzinfo=UTC),
    )
    seed_response(
        survey,
        {
            "roles": ["professional", "other"],
            "roles_other": "Physio",
            "lives_with_pain": "yes",
            "pain_years": 2,
            "age_band": "35_54",
            "pain_today": 3,
            "listened_to": "disagree",
            "sleep_hours": 7,
            **{f"phq_{n}": "3" for n in range(1, 9)},
        },
        submitted_at=datetime(2026, 1, 20, 12, tzinfo=UTC),
    )
    seed_response(
        survey,
        {
            "roles": ["lived_experience"],
            "lives_with_pain": "yes",
            "pain_years": 10,
            "age_band": "55_plus",
            "pain_today": 7,
            "what_helped": "Walking and swimming",
            "phq_1": "2",
        },
        submitted_at=datetime(2026, 2, 10, 12, tzinfo=UTC),
    )
    seed_drafts(survey, [1, 2], started_at=datetime(2026, 1, 7, 12, tzinfo=UTC))
