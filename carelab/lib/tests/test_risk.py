"""The risk check: what it holds, what it lets through, and why (docs/decisions/0012-risk-detection.md)."""

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib import risk_training, risk_weights
from carelab.lib.risk import (
    LEARNED_TERMS_NAMED,
    LEVELS,
    MAX_CHARACTERS,
    NONE,
    POSSIBLE,
    URGENT,
    RiskAssessment,
    assess_risk,
    learned_features,
    normalise,
    reading_for_training,
)

LABELLED = Path(__file__).parent / "data" / "risk_messages.csv"


def level_of(text: str) -> str:
    return assess_risk(text).level


# -- suicidal thoughts, said directly and indirectly


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "I've been having suicidal thoughts for weeks",
        "I keep thinking about suicide",
        "I want to end my life",
        "i just want to die",
        "I don't want to be here any more",
        "everyone would be better off without me",
        "I want it all to stop",
        "thinking of ending it",
        "Life isn't worth living like this",
        "I have no reason to live",
    ],
)
def test_suicidal_thoughts_said_directly_or_indirectly_are_urgent(text):
    assert level_of(text) == URGENT


# -- plans, means and timing


@pytest.mark.parametrize(
    "text, reason",
    [
        ("I've saved up my tablets", "mentions a plan: saved tablets"),
        ("took 30 co-codamol last night", "mentions a plan: taking a lot of tablets"),
        ("thinking about jumping off the top of the car park", "mentions a plan: jumping from a height"),
        ("I keep thinking about stepping in front of a train", "mentions a plan: trains or traffic"),
        ("I've tied a noose", "mentions a plan: hanging"),
        ("googled lethal dose of amitriptyline", "mentions a plan: looking up a lethal dose"),
    ],
)
def test_plans_and_means_are_urgent_and_named(text, reason):
    assessment = assess_risk(text)
    assert assessment.level == URGENT
    assert reason in assessment.reasons


def test_an_intent_with_a_time_names_the_time():
    assessment = assess_risk("I'm going to do it by Friday")
    assert assessment.level == URGENT
    assert assessment.reasons == ("mentions a time: by Friday",)


def test_hopelessness_with_a_time_in_the_same_sentence_is_urgent_but_not_across_sentences():
    assert level_of("no point in anything after tonight") == URGENT
    assert level_of("I feel hopeless. Tonight I'm going to bed early") == POSSIBLE


# -- self-harm


@pytest.mark.parametrize(
    "text",
    [
        "I cut myself last night",
        "been burning myself with cigarettes",
        "I want to hurt myself",
        "selfharm urges are really strong today",
        "punched the wall till my knuckles bled, did it on purpose",
    ],
)
def test_recent_or_intended_self_harm_is_urgent(text):
    assert level_of(text) == URGENT


@pytest.mark.parametrize(
    "text",
    ["I hurt myself gardening, pulled a muscle", "cut my finger chopping onions", "I burned the toast again"],
)
def test_accidents_are_not_self_harm(text):
    assert level_of(text) == NONE


# -- farewells and putting affairs in order


@pytest.mark.parametrize(
    "text",
    [
        "this is goodbye",
        "I've put my affairs in order",
        "can someone look after my cat for me",
        "i've sorted out my will and given away my guitar",
        "By the time anyone reads this I'll be gone",
    ],
)
def test_farewells_are_urgent(text):
    assert level_of(text) == URGENT


def test_a_decision_counts_only_with_another_sign():
    assert level_of("I've made my decision, I'm going to try the pain clinic") == NONE
    assert level_of("Tomorrow's the day. I've made up my mind") == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Goodbye and thanks for a great workshop!",
        "Could someone look after my plant while I'm away?",
        "Looking after my mum's cat for a week",
        "I'll be gone for two weeks in August",
    ],
)
def test_everyday_goodbyes_and_favours_are_not_farewells(text):
    assert level_of(text) == NONE


# -- hopelessness, being a burden and passive wishes


@pytest.mark.parametrize(
    "text",
    ["no point in anything", "I'm just a burden", "I feel hopeless", "I can't go on like this", "I wish I was dead"],
)
def test_hopelessness_burden_and_passive_wishes_are_possible(text):
    assert level_of(text) == POSSIBLE


# -- negation and history


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, just tired",
        "I would never hurt myself, I've got my grandkids",
        "No thoughts of self harm, the GP asked and I said no",
        "I don't want to die, I want to live without pain",
        "I am NOT a burden, my therapist keeps reminding me",
        "I used to self harm years ago but I've been well for a long time",
    ],
)
def test_a_denial_or_a_past_now_over_is_not_held(text):
    assert level_of(text) == NONE


def test_a_negation_in_another_part_of_the_sentence_does_not_deny_the_sign():
    assert level_of("If the injection doesn't work I'm going to end my life") == URGENT
    assert level_of("I don't think I'd ever hurt myself") == NONE


@pytest.mark.parametrize(
    "text", ["I had an overdose of vitamin D once by mistake", "I cut myself shaving", "I burned my arm on the oven"]
)
def test_accidents_are_not_overdoses_or_self_harm(text):
    assert level_of(text) == NONE


def test_history_that_has_come_back_is_held():
    assert level_of("I used to self harm and it's started again") == URGENT


def test_a_denial_of_one_thing_does_not_hide_another():
    assessment = assess_risk("I'm not suicidal but everyone would be better off without me")
    assert assessment.level == URGENT
    assert assessment.reasons == ("mentions others being better off without them",)


# -- the idioms of people in pain, and talk about services, training and research


@pytest.mark.parametrize(
    "text",
    [
        "my knees are murdering me",
        "I'd die for a full night's sleep",
        "the paperwork nearly did me in",
        "Painkillers take the edge off",
        "my back is killing me today",
        "dying to try the new yoga class",
        "dead tired after the school run",
        "We should go on the course together",
        "I can't go on the course next week",
    ],
)
def test_idioms_of_pain_and_figures_of_speech_are_not_held(text):
    assert level_of(text) == NONE


@pytest.mark.parametrize(
    "text",
    [
        "The crisis team is called the Suicide Response and Crisis Service",
        "I did my Suicide Prevention training today",
        "the overdose awareness course is next week, anyone going?",
        "a statistic: suicide rates in men are three times those in women",
        "Could we signpost Samaritans on 116 123 in the survey?",
        "Our branch supports people bereaved by suicide",
        "When assessing, always ask directly about suicidal thoughts",
        "a patient of mine described wanting to end it all",
    ],
)
def test_services_training_research_and_other_peoples_words_are_not_held(text):
    assert level_of(text) == NONE


@pytest.mark.parametrize(
    "text", ["my GP upped my sertraline to 100mg", "Took 2 paracetamol and went to bed", "I take 300mg pregabalin"]
)
def test_ordinary_talk_about_medication_is_not_held(text):
    assert level_of(text) == NONE


# -- how people type


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("im having sucidal thoughts", "I'm having suicidal thoughts"),
        ("im having suicidle thoughts", "I'm having suicidal thoughts"),
        ("i took an overdoes", "I took an overdose"),
        ("i want to kill my self", "I want to kill myself"),
        ("i want to hurt myslef", "I want to hurt myself"),
        ("thinkin about endin my life", "thinking about ending my life"),
        ("i dont want to be alive", "I don't want to be alive"),
        ("I don’t want to be here any more", "I don't want to be here any more"),
    ],
)
def test_misspellings_missing_and_curly_apostrophes_read_as_meant(typed, meant):
    assert level_of(typed) == level_of(meant) == URGENT


def test_a_missing_or_curly_apostrophe_changes_nothing():
    expected = assess_risk("I don't want to be here any more")
    assert assess_risk("I dont want to be here any more") == expected
    assert assess_risk("I don’t want to be here any more") == expected


@pytest.mark.parametrize(
    "text", ["kms", "honestly want to kms rn", "i wanna unalive myself", "sewerslide is on my mind"]
)
def test_text_speak_for_suicide_is_urgent(text):
    assert level_of(text) == URGENT


def test_kys_counts_only_when_the_writer_means_themselves():
    assert level_of("I should just kys") == URGENT
    assert level_of("people like you should kys") == NONE


# -- the lab's own phrases


def test_lab_phrases_add_to_the_built_in_patterns_as_urgent():
    assessment = assess_risk("Some days I'm in a dark place", ["in a dark place"])
    assert assessment.level == URGENT
    assert assessment.reasons == ("the lab's phrase “in a dark place”",)


def test_lab_phrases_never_replace_the_built_in_patterns():
    assessment = assess_risk("I've saved up my tablets", ["can't go on"])
    assert assessment.level == URGENT
    assert assessment.reasons == ("mentions a plan: saved tablets",)


def test_lab_phrases_match_as_find_risk_phrases_does_ignoring_case_and_punctuation():
    assessment = assess_risk("Some days I feel I CAN’T GO ON!", ["can't go on"])
    assert assessment.reasons == ("mentions not being able to go on", "the lab's phrase “can't go on”")


# -- reasons


def test_reasons_name_each_kind_of_sign_once_most_serious_first():
    assessment = assess_risk("I feel hopeless and I've saved up my tablets. I've saved up my tablets")
    assert assessment.reasons == ("mentions a plan: saved tablets", "mentions feeling hopeless")


def test_nothing_found_gives_no_reasons():
    assert assess_risk("Lovely workshop, thank you") == RiskAssessment(NONE, ())


# -- hostile input


@pytest.mark.parametrize("text", ["", " ", "\x00\x00\x00", "\x00I want to die\x00", "💔" * 1000, "." * 50_000])
def test_odd_input_is_handled(text):
    assert assess_risk(text).level in LEVELS


def test_nul_bytes_do_not_hide_a_sign():
    assert level_of("I want\x00to die") == URGENT


def test_only_the_first_part_of_a_huge_message_is_read():
    padding = "Lovely weather for the walk today. " * (MAX_CHARACTERS // 30)
    assert level_of("I want to kill myself. " + padding) == URGENT
    assert level_of(padding + "I want to kill myself.") == NONE


def test_a_non_text_value_is_treated_as_empty():
    assert assess_risk(None) == RiskAssessment()  # type: ignore[arg-type]


# -- properties


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_always_gives_a_known_level(text):
    assessment = assess_risk(text)
    assert assessment.level in LEVELS
    assert (assessment.level == NONE) == (assessment.reasons == ())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=20), max_size=3))
def test_adding_a_lab_phrase_never_lowers_the_level(text, phrases):
    without = assess_risk(text)
    with_phrases = assess_risk(text, phrases)
    assert LEVELS.index(with_phrases.level) >= LEVELS.index(without.level)
    assert set(without.reasons) <= set(with_phrases.reasons)


WORDS = st.sampled_from(
    [
        "i",
        "im",
        "not",
        "want",
        "to",
        "kill",
        "myself",
        "die",
        "end",
        "it",
        "all",
        "tonight",
        "tablets",
        "saved",
        "no",
        "point",
        "burden",
        "goodbye",
        "my",
        "cat",
        "look",
        "after",
        ",",
        ".",
        "dont",
        "be",
        "here",
        "any",
        "more",
        "suicidal",
        "self",
        "harm",
        "cut",
        "hurt",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_the_same_text_always_gets_the_same_answer(text):
    assert assess_risk(text) == assess_risk(text)
    assert assess_risk(text).level in LEVELS


# -- the labelled set: a regression guard on recall and false alarms, not a timing test


def test_the_labelled_set_is_held_with_high_recall_and_few_false_alarms():
    with LABELLED.open(encoding="utf-8", newline="") as file:
        messages = list(csv.DictReader(file))
    held = [message["text"] for message in messages if message["expected"] == "hold"]
    everyday = [message["text"] for message in messages if message["expected"] == "ok"]
    assert len(held) >= 200 and len(everyday) >= 200
    recall = sum(assess_risk(text).is_risk for text in held) / len(held)
    false_alarms = sum(assess_risk(text).is_risk for text in everyday) / len(everyday)
    assert recall >= 0.95
    assert false_alarms <= 0.05


# -- the second reading: concepts meeting in a sentence, for wording no pattern was written for


@pytest.mark.parametrize(
    "text",
    [
        "took a load of my pregabalin on purpose",
        "necked a whole strip of my gabapentin hoping not to wake",
        "I keep wanting to cut again",
        "thinkin of overdosin",
        "i want to dye",
        "feel like topping myself",
        "the urge to slash my arms is back",
        "I know which bridge I'd use",
        "I don't trust myself tonight",
        "Goodbye. I'm sorry for everything",
        "it's been nice knowing you all",
    ],
)
def test_wording_no_single_pattern_was_written_for_is_urgent(text):
    assert level_of(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "nobody would miss me",
        "I pray every night that I won't wake up",
        "I'm a drain on everyone",
        "I don't see how I can keep going",
    ],
)
def test_hopelessness_a_burden_or_a_passive_wish_in_new_words_is_possible(text):
    assert level_of(text) == POSSIBLE


def test_a_chosen_date_is_held_and_the_learned_reading_may_make_it_urgent():
    assessment = assess_risk("I've chosen the date")
    assert assessment.level in {POSSIBLE, URGENT}
    assert "mentions having chosen a date" in assessment.reasons


@pytest.mark.parametrize(
    "text",
    [
        "I want to dye my hair purple",
        "my phone is about to die",
        "I took all my tablets this morning as usual",
        "I take two paracetamol every four hours",
        "I keep cutting my nails too short",
        "I hurt myself gardening",
        "Nobody would miss the old waiting room",
        "I'm trapped in the house waiting for a parcel",
        "Tonight's the night I finally try yoga",
        "I don't trust myself with a credit card",
        "The nurse asked me the PHQ-9 question about being better off dead and I said not at all",
        "I've never wanted to die, even at my worst",
        "I used to self harm years ago but I've been well for a long time now",
        "hunting for a better butter dish",
    ],
)
def test_everyday_messages_with_the_same_words_are_not_held(text):
    assert level_of(text) == NONE


def test_a_question_answered_yes_is_still_held():
    assert level_of("The GP asked if I'd thought about killing myself and I said yes") == URGENT


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("suicdal", "suicidal"), ("pregablin", "pregabalin"), ("overdosng", "overdosing"), ("cuttin", "cutting")],
)
def test_misspellings_of_key_words_are_read_as_the_word(typed, meant):
    assert f" {meant} " in normalise(f"feeling {typed}")


@pytest.mark.parametrize("word", ["hunting", "butter", "waiting", "bitter", "overdone", "helpless"])
def test_real_words_near_a_key_word_are_never_corrected(word):
    assert f" {word} " in normalise(f"so {word} today")


@pytest.mark.parametrize(
    "text",
    [
        "I've been looking up the quickest way to go",
        "I've lost the will to live",
        "I don't want to be alive when the winter comes",
        "the cord is ready",
        "I've cancelled all my appointments, I won't need them",
        "You were so kind to me. Goodbye",
    ],
)
def test_plans_and_farewells_said_sideways_are_urgent(text):
    assert level_of(text) == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I won't be here next week, on holiday",
        "My tablets were hidden behind the bread bin, found them at last",
        "Sick of living out of a suitcase",
        "Our leaflet covers self-harm urges, I've given it to the school",
        "Nothing is going to get better until they fix the boiler",
        "I've put my affairs in order for the house move",
    ],
)
def test_being_away_finding_lost_tablets_and_leaflets_are_not_held(text):
    assert level_of(text) == NONE


# -- the learned reading: a small model trained offline on the labelled set (carelab/lib/risk_training.py)


def test_retraining_reproduces_the_committed_weights_exactly():
    assert risk_training.train() == Path(risk_weights.__file__).read_text(encoding="utf-8")


def test_the_fresh_parts_are_never_learned_from():
    assert set(risk_training.FRESH_PARTS) == {"heldout8", "heldout9"}
    assert "heldout9" not in risk_weights.__doc__ and "heldout8" not in risk_weights.__doc__


@pytest.mark.parametrize(
    "text",
    [
        # From heldout8, opened for development after its checkpoint: no rule matches these.
        "ive written down how much oramorph id need",
        "I stood on the motorway bridge for an hour yesterday",
        "thinking the only way the pain stops is if i stop",
        "cant do dis no more gonna end it 2nite",
    ],
)
def test_wording_the_rules_miss_is_held_by_the_learned_reading_naming_the_terms_found(text):
    assert reading_for_training(text)[0] == NONE
    assessment = assess_risk(text)
    assert assessment.is_risk
    (reason,) = assessment.reasons
    assert reason.startswith("wording often found in messages from people at risk: ")
    terms = reason.split(": ", 1)[1].split(", ")
    assert 1 <= len(terms) <= LEARNED_TERMS_NAMED
    features = set(learned_features(normalise(text)))
    for quoted in terms:
        term = quoted.strip("“”")
        assert f" {term} " in normalise(text)
        feature = next(feature for feature in (f"w:{term}", f"b:{term}") if feature in features)
        assert risk_weights.WEIGHTS[feature] > 0


@pytest.mark.parametrize(
    "text",
    [
        "my lower back is absolutely killing me today",
        "Suicide Prevention training for all staff on Tuesday",
        "I'm not suicidal, just exhausted by the pain",
        "a patient of mine described wanting to end it all",
        "what's the max dose of naproxen per day",
    ],
)
def test_the_learned_reading_keeps_the_protections(text):
    assert level_of(text) == NONE


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_the_learned_reading_never_lowers_the_rules_level(text):
    assert LEVELS.index(level_of(text)) >= LEVELS.index(reading_for_training(text)[0])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_learned_reasons_quote_only_words_of_the_message(text):
    for reason in assess_risk(text).reasons:
        if reason.startswith("wording often found"):
            for quoted in reason.split(": ", 1)[1].split(", "):
                assert f" {quoted.strip('“”')} " in normalise(text)
