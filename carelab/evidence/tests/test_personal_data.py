"""The evidence library in "Your data" and in deleting an account (issue 10, section 1)."""

from carelab.accounts.actions import delete_account
from carelab.core.your_data import collect, collect_privacy
from carelab.evidence.models import EvidenceItem
from carelab.evidence.tests.factories import EvidenceItemFactory, SubmissionFactory
from carelab.insights.models import Quote
from carelab.insights.tests.factories_coding import ExcerptFactory


def sections(user):
    return {section.key: section for section in collect(user)}


def test_a_persons_submissions_and_team_work_are_in_your_data_and_nothing_of_anyone_elses(cast):
    SubmissionFactory(lab=cast.lab, submitted_by=cast.participant, title="Mine", consents={"use": {"version": "1"}})
    SubmissionFactory(lab=cast.lab, submitted_by=cast.member, title="Someone else's")
    EvidenceItemFactory(lab=cast.lab, created_by=cast.team)
    found = sections(cast.participant)
    assert [(dict(r)["Title"], dict(r)["Consents you gave"]) for r in found["evidence_submissions"].records] == [
        ("Mine", "use")
    ]
    assert "evidence_team_work" not in found
    team = sections(cast.team)
    assert [dict(r)["How many times"] for r in team["evidence_team_work"].records] == [1]
    covered = {key for privacy in collect_privacy() for key in privacy.covers}
    assert {"evidence_submissions", "evidence_team_work"} <= covered


def test_deleting_an_account_deletes_its_submissions_and_withdraws_their_quotes_and_keeps_team_items(cast):
    submission = SubmissionFactory(lab=cast.lab, submitted_by=cast.participant)
    excerpt = ExcerptFactory(source__lab=cast.lab, source__evidence_item=submission)
    Quote.objects.create(lab=cast.lab, excerpt=excerpt, text="The peer group helped.", attribution="Lab participant")
    others = SubmissionFactory(lab=cast.lab, submitted_by=cast.member)
    added = EvidenceItemFactory(lab=cast.lab, created_by=cast.participant)
    delete_account(cast.participant)
    assert set(EvidenceItem.objects.all()) == {others, added}
    # Withdrawn everywhere at once (issue 10, section 5): the record stays for the team, without the words.
    assert list(Quote.objects.values_list("status", "text")) == [(Quote.Status.WITHDRAWN, "")]
    added.refresh_from_db()
    assert added.created_by is None
