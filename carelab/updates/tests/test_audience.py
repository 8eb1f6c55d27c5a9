"""Who an update is for: the filter, what each participant told the lab, and who gets it by e-mail."""

from carelab.updates import actions
from carelab.updates.audience import AudienceFilter, ParticipantFacts, audience_for, lab_participants, wants_email
from carelab.updates.tests.factories import UpdateFactory


def facts(**kwargs) -> ParticipantFacts:
    values = {"user": None, "region": "wales", "who": {"carer"}, "topic_ids": {1}, "activities": {"workshops"}}
    values.update(kwargs)
    return ParticipantFacts(
        **{key: frozenset(value) if isinstance(value, set) else value for key, value in values.items()}
    )


def test_an_empty_filter_is_everyone_and_matches_anyone():
    everyone = AudienceFilter()
    assert everyone.is_everyone
    assert everyone.matches(facts()) and everyone.matches(ParticipantFacts(user=None))


def test_any_answer_within_a_question_matches():
    wales_or_scotland = AudienceFilter(regions=frozenset({"wales", "scotland"}))
    assert wales_or_scotland.matches(facts(region="wales"))
    assert wales_or_scotland.matches(facts(region="scotland"))
    assert not wales_or_scotland.matches(facts(region="london"))
    assert not wales_or_scotland.matches(facts(region=None))


def test_a_person_must_match_every_question_answered():
    carers_in_wales_at_workshops = AudienceFilter(
        regions=frozenset({"wales"}), who=frozenset({"carer"}), activities=frozenset({"workshops"})
    )
    assert carers_in_wales_at_workshops.matches(facts())
    assert not carers_in_wales_at_workshops.matches(facts(who={"professional"}))
    assert not carers_in_wales_at_workshops.matches(facts(activities={"research"}))
    assert not carers_in_wales_at_workshops.matches(facts(region="london"))


def test_sets_match_when_they_share_one_answer():
    about_sleep_or_work = AudienceFilter(topic_ids=frozenset({1, 2}), who=frozenset({"carer", "professional"}))
    assert about_sleep_or_work.matches(facts(topic_ids={2, 9}, who={"lived_experience", "professional"}))
    assert not about_sleep_or_work.matches(facts(topic_ids={9}))
    assert not about_sleep_or_work.matches(facts(topic_ids=set()))


def test_the_audience_is_the_labs_participants_matching_the_update(cast, add_participant, topics):
    sleep = topics["Sleep"]
    anna = add_participant("Anna", region="wales", who=["carer"], topics=[sleep], activities=["workshops"])
    add_participant("Bea", region="wales", who=["professional"], topics=[sleep], activities=["workshops"])
    add_participant("Cai", region="london", who=["carer"], topics=[sleep], activities=["workshops"])
    add_participant("Dee", region="wales", who=["carer"], topics=[], activities=["workshops"])
    add_participant("Eve", region="wales", who=["carer"], topics=[sleep], activities=["research"])
    add_participant("Fay", region="wales", who=["carer"], topics=[sleep], lab=cast.other_lab)
    update = actions.save_audience(
        UpdateFactory(lab=cast.lab), regions=["wales"], who=["carer"], topics=[sleep], activities=["workshops"]
    )

    audience = audience_for(update)

    assert [person.user for person in audience.matching] == [anna]


def test_an_update_for_everyone_goes_to_participants_but_not_members_or_the_team(cast, add_participant):
    anna = add_participant("Anna")
    update = UpdateFactory(lab=cast.lab)
    names = {person.user.public_name for person in audience_for(update).matching}
    assert names == {"Anna", cast.participant.public_name}
    assert anna.public_name in names and cast.member.public_name not in names and cast.team.public_name not in names


def test_the_card_says_where_people_are_now_and_the_application_all_they_ticked(cast, add_participant, topics):
    dev = add_participant("Dev", region="london", who=["lived_experience", "professional"], topics=[topics["Sleep"]])
    card = dev.profile_cards.get()
    card.region = "wales"  # they moved, and said so on their card
    card.save(update_fields=["region"])
    card.interests.set([topics["Pain clinics"]])

    (person,) = [person for person in lab_participants(cast.lab) if person.user == dev]

    assert person.region == "wales"
    assert person.who == {"lived_experience", "professional"}
    assert person.topic_ids == {topics["Pain clinics"].pk}
    assert person.activities == {"workshops"}


def test_a_participant_added_by_the_team_matches_only_an_update_for_everyone(cast, participant_without_application):
    for_everyone = UpdateFactory(lab=cast.lab)
    for_wales = UpdateFactory(lab=cast.lab, audience_regions=["wales"])
    assert participant_without_application in [person.user for person in audience_for(for_everyone).matching]
    assert audience_for(for_wales).matching == []


def test_only_people_who_agreed_to_emails_are_emailed(cast, add_participant, participant_without_application):
    agreed = add_participant("Anna", contact=True)
    did_not = add_participant("Bea", contact=False)
    audience = audience_for(UpdateFactory(lab=cast.lab))
    assert [person.user for person in audience.recipients] == [agreed]
    assert audience.not_emailed_count == 3  # Bea, the cast participant and Ada, who has no application
    assert not wants_email(did_not, cast.lab) and not wants_email(participant_without_application, cast.lab)


def test_a_persons_own_choice_outweighs_what_they_said_when_they_applied(cast, add_participant):
    anna = add_participant("Anna", contact=True)
    bea = add_participant("Bea", contact=False)
    actions.choose_emails(anna, cast.lab, wants_email=False)
    actions.choose_emails(bea, cast.lab, wants_email=True)
    audience = audience_for(UpdateFactory(lab=cast.lab))
    assert [person.user for person in audience.recipients] == [bea]
    assert wants_email(bea, cast.lab) and not wants_email(anna, cast.lab)


def test_a_choice_in_one_lab_says_nothing_about_another(cast, add_participant):
    anna = add_participant("Anna", contact=True)
    actions.choose_emails(anna, cast.other_lab, wants_email=False)
    assert wants_email(anna, cast.lab)


def test_closed_accounts_are_not_in_the_audience(cast, add_participant):
    anna = add_participant("Anna")
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    assert anna not in [person.user for person in audience_for(UpdateFactory(lab=cast.lab)).matching]
