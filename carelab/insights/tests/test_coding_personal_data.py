"""Coding in "Your data" and in deleting an account (issue 10, section 2)."""

from carelab.accounts.actions import delete_account
from carelab.core.your_data import collect, collect_privacy
from carelab.insights.models import Coder, Coding, Memo, Source
from carelab.insights.tests.factories_coding import (
    CodeFactory,
    CoderFactory,
    CodingFactory,
    ExcerptFactory,
    MemoFactory,
    SourceFactory,
)
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response


def sections(user):
    return {section.key: section for section in collect(user)}


def test_a_coders_invitations_codings_and_memos_are_in_your_data_and_nothing_of_anyone_elses(cast):
    CoderFactory(lab=cast.lab, user=cast.participant)
    code = CodeFactory(lab=cast.lab, name="Care")
    CodingFactory(code=code, excerpt__source__lab=cast.lab, coder=cast.participant)
    CodingFactory(code=code, excerpt__source__lab=cast.lab, coder=cast.participant)
    CodingFactory(code=code, excerpt__source__lab=cast.lab, coder=cast.team)
    MemoFactory(lab=cast.lab, code=code, author=cast.participant, text="Mine")
    MemoFactory(lab=cast.lab, code=code, author=cast.team, text="The team's")
    found = sections(cast.participant)
    assert [dict(record)["Lab"] for record in found["coding_invitations"].records] == ["The lab"]
    assert [dict(record)["Codings"] for record in found["codings"].records] == [2]
    assert [(dict(r)["Memo"], dict(r)["On"]) for r in found["coding_memos"].records] == [("Mine", "The code “Care”")]
    assert found["codings"].kept_after_deletion
    covered = {key for privacy in collect_privacy() for key in privacy.covers}
    assert {"coding_invitations", "codings", "coding_memos"} <= covered


def test_deleting_an_account_keeps_codings_without_the_coder_and_deletes_their_memos_and_invitations(cast):
    CoderFactory(lab=cast.lab, user=cast.participant)
    coding = CodingFactory(excerpt__source__lab=cast.lab, coder=cast.participant)
    MemoFactory(lab=cast.lab, source=coding.excerpt.source, author=cast.participant)
    kept = MemoFactory(lab=cast.lab, source=coding.excerpt.source, author=cast.team)
    delete_account(cast.participant)
    coding.refresh_from_db()
    assert coding.coder is None
    assert list(Memo.objects.all()) == [kept]
    assert not Coder.objects.exists()
    assert Coding.objects.count() == 1


def test_deleting_an_account_redacts_its_coded_survey_answers_and_keeps_the_coding_in_place(cast):
    survey = SurveyFactory(lab=cast.lab)
    response = seed_response(survey, {"what_helped": "x"})
    SurveyResponse.objects.filter(pk=response.pk).update(user=cast.participant)
    text = "My GP helped. Write to me at LS1 4AB please. The physio was kind."
    source = SourceFactory(lab=cast.lab, kind=Source.Kind.SURVEY_ANSWER, survey_response=response, text=text)
    kind_start = text.index("The physio")
    first = CodingFactory(excerpt=ExcerptFactory(source=source, start=0, end=13), coder=cast.team)
    last = CodingFactory(excerpt=ExcerptFactory(source=source, start=kind_start, end=len(text)), coder=cast.team)
    delete_account(cast.participant)
    source.refresh_from_db()
    assert "LS1 4AB" not in source.text and source.text.startswith("My GP helped.")
    first.excerpt.refresh_from_db()
    last.excerpt.refresh_from_db()
    assert first.excerpt.text == "My GP helped."
    assert last.excerpt.text == "The physio was kind."
    assert source.text[last.excerpt.start : last.excerpt.end] == "The physio was kind."
