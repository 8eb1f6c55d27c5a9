import copy
import json
from pathlib import Path

import pytest

from carelab.lib.instruments import (
    MOST_SEVERE_BAND,
    PHQ9_ITEM9_POSITIVE,
    Band,
    Instrument,
    InstrumentDefinitionError,
    InstrumentRegistry,
    Item,
    Option,
    Score,
    SumScoring,
    UnknownInstrumentError,
    available_instruments,
    default_registry,
    get_instrument,
    load_instrument_definition,
    load_instrument_file,
)

PHQ9, PHQ8, PHQ2 = get_instrument("phq9"), get_instrument("phq8"), get_instrument("phq2")
GAD7, GAD2 = get_instrument("gad7"), get_instrument("gad2")
PAIN, START_BACK = get_instrument("pain_nrs"), get_instrument("startback")

# The only instruments whose text may be in this repository (DOMAIN.md, "Validated measures").
PERMITTED_IDS = {"phq9", "phq8", "phq2", "gad7", "gad2", "pain_nrs", "startback"}


def answers_totalling(instrument, total):
    """Answers that add up to ``total``, filling items in order with the highest score that fits."""
    answers, remaining = {}, total
    for item in instrument.items:
        option = max((o for o in item.options if o.score <= remaining), key=lambda o: o.score)
        answers[item.id] = option.value
        remaining -= option.score
    assert remaining == 0, f"{instrument.id} cannot total {total}"
    return answers


def start_back_answers(physical, psychosocial_agreed, bothersome):
    """``physical`` of items 1–4 and ``psychosocial_agreed`` of items 5–8 agreed; item 9 as given."""
    answers = {f"startback_{n}": "agree" if n <= physical else "disagree" for n in range(1, 5)}
    answers |= {f"startback_{n}": "agree" if n - 4 <= psychosocial_agreed else "disagree" for n in range(5, 9)}
    return answers | {"startback_9": bothersome}


# --- Wording, options and credit ---------------------------------------------------------------

FREQUENCY = [
    ("0", "Not at all", 0),
    ("1", "Several days", 1),
    ("2", "More than half the days", 2),
    ("3", "Nearly every day", 3),
]
CREDIT = (
    "Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational "
    "grant from Pfizer Inc.; no permission required to reproduce, translate, display or distribute."
)


def test_phq9_has_the_published_stem_and_nine_items_in_order():
    assert (
        PHQ9.instructions == "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert [item.text for item in PHQ9.items] == [
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
        "or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ]


def test_gad7_has_the_published_stem_and_seven_items_in_order():
    assert GAD7.instructions == "Over the last 2 weeks, how often have you been bothered by the following problems?"
    assert [item.text for item in GAD7.items] == [
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ]


@pytest.mark.parametrize("instrument", [PHQ9, PHQ8, PHQ2, GAD7, GAD2], ids=lambda i: i.id)
def test_phq_and_gad_items_offer_the_four_frequency_options_scored_0_to_3(instrument):
    for item in instrument.items:
        assert [(o.value, o.label, o.score) for o in item.options] == FREQUENCY


@pytest.mark.parametrize("instrument", [PHQ9, PHQ8, PHQ2, GAD7, GAD2], ids=lambda i: i.id)
def test_phq_and_gad_instruments_carry_the_credit_line_from_domain_notes(instrument):
    assert instrument.credit == CREDIT
    assert instrument.recall_period == "the last 2 weeks"


def test_phq8_and_phq2_are_the_first_items_of_phq9_unchanged():
    assert PHQ8.items == PHQ9.items[:8]
    assert PHQ2.items == PHQ9.items[:2]
    assert PHQ8.instructions == PHQ2.instructions == PHQ9.instructions


def test_gad2_is_the_first_two_items_of_gad7_unchanged():
    assert GAD2.items == GAD7.items[:2]
    assert GAD2.instructions == GAD7.instructions


def test_only_phq9_asks_about_self_harm_and_it_is_item_9():
    assert [item.id for item in PHQ9.items if item.asks_about_self_harm] == ["phq_9"]
    assert [i.id for i in default_registry() if i.asks_about_self_harm] == ["phq9"]


def test_pain_scale_states_its_anchors_recall_period_and_offers_0_to_10():
    (item,) = PAIN.items
    assert item.anchors == ("No pain", "Worst pain imaginable")
    assert "over the last week" in PAIN.recall_period
    assert "0 is no pain and 10 is the worst pain imaginable" in PAIN.instructions
    assert [(o.value, o.score) for o in item.options] == [(str(n), n) for n in range(11)]


def test_start_back_has_nine_items_agree_disagree_then_bothersomeness():
    assert len(START_BACK.items) == 9
    for item in START_BACK.items[:8]:
        assert [(o.label, o.score) for o in item.options] == [("Disagree", 0), ("Agree", 1)]
    item_9 = START_BACK.items[8]
    assert item_9.text == "Overall, how bothersome has your back pain been in the last 2 weeks?"
    assert [(o.label, o.score) for o in item_9.options] == [
        ("Not at all", 0),
        ("Slightly", 0),
        ("Moderately", 0),
        ("Very much", 1),
        ("Extremely", 1),
    ]


def test_start_back_carries_the_keele_copyright_statement_and_non_commercial_licence():
    assert START_BACK.credit.startswith("© Keele University")
    assert "non-commercial" in START_BACK.licence
    assert START_BACK.requires_opt_in


def test_every_instrument_has_an_id_and_version():
    assert {(i.id, i.version) for i in default_registry()} == {(id_, "1.0") for id_ in PERMITTED_IDS}


# --- Bands at every boundary ------------------------------------------------------------------

SEVERITY_27 = [
    ("minimal", 0, 4),
    ("mild", 5, 9),
    ("moderate", 10, 14),
    ("moderately_severe", 15, 19),
    ("severe", 20, 27),
]
EXPECTED_BANDS = {
    "phq9": SEVERITY_27,
    "phq8": [*SEVERITY_27[:4], ("severe", 20, 24)],
    "gad7": [("minimal", 0, 4), ("mild", 5, 9), ("moderate", 10, 14), ("severe", 15, 21)],
    "phq2": [("negative", 0, 2), ("positive", 3, 6)],
    "gad2": [("negative", 0, 2), ("positive", 3, 6)],
    "pain_nrs": [("none", 0, 0), ("mild", 1, 3), ("moderate", 4, 6), ("severe", 7, 10)],
}
BOUNDARIES = [
    pytest.param(id_, total, band, id=f"{id_}-{total}-{band}")
    for id_, bands in EXPECTED_BANDS.items()
    for band, low, high in bands
    for total in sorted({low, high})
]


@pytest.mark.parametrize("instrument_id", EXPECTED_BANDS)
def test_bands_are_those_in_the_domain_notes(instrument_id):
    instrument = get_instrument(instrument_id)
    assert [(b.id, b.min, b.max) for b in instrument.bands] == EXPECTED_BANDS[instrument_id]


@pytest.mark.parametrize(("instrument_id", "total", "band"), BOUNDARIES)
def test_a_total_at_each_end_of_a_band_falls_in_that_band(instrument_id, total, band):
    score = get_instrument(instrument_id).score(answers_totalling(get_instrument(instrument_id), total))
    assert (score.total, score.band_id) == (total, band)
    assert score.is_complete


def test_screens_are_positive_from_3():
    assert PHQ2.score({"phq_1": "1", "phq_2": "2"}).band_label == "Positive screen"
    assert GAD2.score({"gad_1": "2", "gad_2": "0"}).band_label == "Negative screen"


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [
        (PHQ9, {f"phq_{n}": "4" for n in range(1, 10)}),
        (PHQ2, {"phq_1": "-1", "phq_2": "0"}),
        (PAIN, {"pain_intensity": "11"}),
        (PAIN, {"pain_intensity": -1}),
    ],
)
def test_totals_outside_the_range_cannot_be_given(instrument, answers):
    with pytest.raises(ValueError, match="is not an answer option"):
        instrument.score(answers)


# --- STarT Back risk groups ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("physical", "psychosocial_agreed", "bothersome", "total", "subscore", "group"),
    [
        (0, 0, "not_at_all", 0, 0, "low_risk"),
        (3, 0, "moderately", 3, 0, "low_risk"),
        (0, 3, "slightly", 3, 3, "low_risk"),
        (1, 3, "not_at_all", 4, 3, "medium_risk"),
        (4, 0, "not_at_all", 4, 0, "medium_risk"),
        (4, 3, "moderately", 7, 3, "medium_risk"),
        (4, 2, "very_much", 7, 3, "medium_risk"),
        (0, 4, "not_at_all", 4, 4, "high_risk"),
        (0, 3, "extremely", 4, 4, "high_risk"),
        (4, 4, "very_much", 9, 5, "high_risk"),
    ],
)
def test_start_back_risk_group_at_every_boundary(physical, psychosocial_agreed, bothersome, total, subscore, group):
    score = START_BACK.score(start_back_answers(physical, psychosocial_agreed, bothersome))
    assert (score.total, score.subscores["psychosocial"], score.band_id) == (total, subscore, group)


@pytest.mark.parametrize(
    ("bothersome", "counts"),
    [("not_at_all", 0), ("slightly", 0), ("moderately", 0), ("very_much", 1), ("extremely", 1)],
)
def test_start_back_item_9_counts_only_for_very_much_or_extremely(bothersome, counts):
    score = START_BACK.score(start_back_answers(0, 0, bothersome))
    assert score.total == score.subscores["psychosocial"] == counts


def test_start_back_is_not_offered_unless_a_lab_switches_it_on():
    assert "startback" not in {i.id for i in available_instruments()}
    assert "startback" in {i.id for i in available_instruments(enable_start_back=True)}
    assert "startback" in {i.id for i in default_registry().available_instruments(opted_in=["startback"])}


def test_start_back_can_still_be_fetched_to_score_answers_already_stored():
    assert get_instrument("startback", "1.0") is START_BACK


def test_start_back_with_a_missing_answer_has_no_total_or_group_but_keeps_a_complete_subscore():
    answers = start_back_answers(4, 4, "extremely")
    del answers["startback_1"]
    score = START_BACK.score(answers)
    assert (score.total, score.band_id, score.subscores) == (None, None, {"psychosocial": 5})
    del answers["startback_9"]
    assert START_BACK.score(answers).subscores == {"psychosocial": None}


# --- Safety flags ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "total", "flagged"),
    [(PHQ9, 19, False), (PHQ9, 20, True), (PHQ8, 19, False), (PHQ8, 20, True), (GAD7, 14, False), (GAD7, 15, True)],
    ids=lambda value: getattr(value, "id", str(value)),
)
def test_most_severe_band_flag_fires_from_the_start_of_the_severe_band_and_not_below(instrument, total, flagged):
    score = instrument.score(answers_totalling(instrument, total))
    assert (MOST_SEVERE_BAND in score.flags) is flagged


@pytest.mark.parametrize(
    ("instrument", "total"),
    [(PHQ2, 6), (GAD2, 6), (PAIN, 10)],
    ids=lambda value: getattr(value, "id", str(value)),
)
def test_screens_and_pain_never_raise_the_most_severe_band_flag(instrument, total):
    assert instrument.score(answers_totalling(instrument, total)).flags == frozenset()


def test_start_back_high_risk_raises_no_safety_flag():
    assert START_BACK.score(start_back_answers(4, 4, "extremely")).flags == frozenset()


def test_phq9_item_9_above_0_raises_its_flag_even_when_everything_else_is_0():
    answers = answers_totalling(PHQ9, 0) | {"phq_9": "1"}
    score = PHQ9.score(answers)
    assert score.flags == {PHQ9_ITEM9_POSITIVE}
    assert score.band_id == "minimal"


def test_phq9_item_9_at_0_raises_no_flag():
    assert PHQ9.score(answers_totalling(PHQ9, 19)).flags == frozenset()


def test_phq9_item_9_flag_fires_when_every_other_answer_is_missing():
    score = PHQ9.score({"phq_9": 3})
    assert score.flags == {PHQ9_ITEM9_POSITIVE}
    assert score.total is None


def test_phq9_item_9_flag_is_not_raised_when_item_9_is_skipped():
    answers = answers_totalling(PHQ9, 10)
    del answers["phq_9"]
    assert PHQ9_ITEM9_POSITIVE not in PHQ9.score(answers).flags


def test_a_total_already_certain_to_be_severe_is_flagged_despite_a_skipped_question():
    answers = answers_totalling(PHQ8, 20)  # items 1–6 at 3, item 7 at 2, item 8 at 0
    del answers["phq_8"]
    score = PHQ8.score(answers)
    assert score.total is None and score.band_id is None
    assert score.flags == {MOST_SEVERE_BAND}


def test_a_total_that_might_not_be_severe_is_not_flagged_while_a_question_is_skipped():
    answers = answers_totalling(PHQ8, 19)
    del answers["phq_8"]  # 19 answered, so the total could be 19 to 22
    assert PHQ8.score(answers).flags == frozenset()


def test_gad7_flag_with_a_skipped_question_fires_at_15_answered_and_not_at_14():
    high = answers_totalling(GAD7, 15)
    low = answers_totalling(GAD7, 14)
    del high["gad_7"], low["gad_7"]  # both already 0, so the answered totals are 15 and 14
    assert GAD7.score(high).flags == {MOST_SEVERE_BAND}
    assert GAD7.score(low).flags == frozenset()


# --- Missing and bad answers -------------------------------------------------------------------


@pytest.mark.parametrize("instrument", [PHQ9, PHQ8, PHQ2, GAD7, GAD2, PAIN], ids=lambda i: i.id)
@pytest.mark.parametrize("blank", [None, "", "absent"])
def test_one_missing_answer_leaves_no_total_and_no_band(instrument, blank):
    answers = answers_totalling(instrument, 1)
    last = instrument.items[-1].id
    if blank == "absent":
        del answers[last]
    else:
        answers[last] = blank
    score = instrument.score(answers)
    assert (score.total, score.band_id, score.band_label) == (None, None, None)
    assert score.missing_items == (last,)
    assert score.answered_items == tuple(item.id for item in instrument.items[:-1])
    assert not score.is_complete and not score.prorated


def test_no_answers_at_all_is_a_score_with_every_item_missing():
    score = GAD7.score({})
    assert score.total is None
    assert score.answered_items == ()
    assert score.missing_items == tuple(f"gad_{n}" for n in range(1, 8))
    assert score.flags == frozenset()


def test_whole_numbers_and_their_text_are_the_same_answer():
    assert PHQ2.score({"phq_1": 2, "phq_2": 1}) == PHQ2.score({"phq_1": "2", "phq_2": "1"})


@pytest.mark.parametrize("value", [True, 2.0, [2], "two", " 2"])
def test_answers_that_are_not_an_option_value_are_refused(value):
    with pytest.raises(ValueError, match="phq_1"):
        PHQ2.score({"phq_1": value, "phq_2": "0"})


def test_an_answer_to_an_item_the_instrument_does_not_have_is_refused():
    with pytest.raises(ValueError, match="phq_9"):
        PHQ8.score(answers_totalling(PHQ9, 0))


def test_start_back_refuses_yes_for_an_agree_item():
    with pytest.raises(ValueError, match="startback_1"):
        START_BACK.score({"startback_1": "yes"})


# --- Storing scores ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score",
    [
        PHQ9.score(answers_totalling(PHQ9, 27)),
        PHQ8.score({"phq_1": "3"}),
        START_BACK.score(start_back_answers(1, 3, "very_much")),
        PAIN.score({"pain_intensity": 7}),
    ],
    ids=["complete", "incomplete", "subscore", "pain"],
)
def test_a_score_survives_a_json_round_trip_unchanged(score):
    stored = json.loads(json.dumps(score.as_dict()))
    assert Score.from_dict(stored) == score


def test_a_stored_score_names_its_instrument_version_and_sorted_flags():
    stored = PHQ9.score(answers_totalling(PHQ9, 27)).as_dict()
    assert stored["instrument_id"] == "phq9" and stored["instrument_version"] == "1.0"
    assert stored["flags"] == [MOST_SEVERE_BAND, PHQ9_ITEM9_POSITIVE]
    assert (stored["total"], stored["band_id"], stored["band_label"]) == (27, "severe", "Severe")


# --- Registry ----------------------------------------------------------------------------------


def test_the_repository_ships_only_the_permitted_instruments():
    assert {instrument.id for instrument in default_registry()} == PERMITTED_IDS


def test_the_instruments_package_ships_no_definition_files():
    package = Path(__import__("carelab.lib.instruments", fromlist=["x"]).__file__).parent
    shipped = {path.name for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    assert {name for name in shipped if not name.endswith(".py")} == set()


def test_an_unknown_instrument_or_version_is_a_lookup_error():
    with pytest.raises(UnknownInstrumentError):
        get_instrument("wemwbs")
    with pytest.raises(UnknownInstrumentError):
        get_instrument("phq9", "2.0")


def test_each_default_registry_is_separate():
    first, second = default_registry(), default_registry()
    first.register(load_instrument_definition(synthetic_definition()))
    assert "synthetic_wellbeing" in first
    assert "synthetic_wellbeing" not in second
    with pytest.raises(UnknownInstrumentError):
        get_instrument("synthetic_wellbeing")


def test_a_loaded_instrument_is_offered_alongside_the_shipped_ones():
    registry = default_registry()
    registry.register(load_instrument_definition(synthetic_definition()))
    assert [i.id for i in registry.available_instruments()][-1] == "synthetic_wellbeing"


def test_a_definition_cannot_shadow_a_shipped_instrument():
    registry = default_registry()
    impostor = load_instrument_definition(synthetic_definition(id="phq9", version="1.1"))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(impostor)
    assert registry.get_instrument("phq9") is PHQ9


def test_the_same_id_and_version_cannot_be_registered_twice_even_deliberately():
    registry = InstrumentRegistry([PHQ2])
    with pytest.raises(ValueError, match="already registered"):
        registry.register(PHQ2, allow_new_version=True)


def test_without_a_version_the_latest_is_returned_comparing_numbers_not_text():
    older = load_instrument_definition(synthetic_definition(version="1.9"))
    newer = load_instrument_definition(synthetic_definition(version="1.10"))
    registry = InstrumentRegistry([newer, older])
    assert registry.get_instrument("synthetic_wellbeing") is newer
    assert registry.get_instrument("synthetic_wellbeing", "1.9") is older
    assert registry.available_instruments() == [newer]


def test_opt_in_applies_to_loaded_instruments_too():
    registry = InstrumentRegistry([load_instrument_definition(synthetic_definition(requires_opt_in=True))])
    assert registry.available_instruments() == []
    assert len(registry.available_instruments(opted_in={"synthetic_wellbeing"})) == 1


# --- Definition files --------------------------------------------------------------------------
# A made-up instrument. It stands in for a licensed one and must never become one.


def synthetic_definition(**overrides):
    definition = {
        "format": "carelab-instrument/1",
        "id": "synthetic_wellbeing",
        "version": "1.0",
        "title": "Synthetic teatime scale (test only)",
        "instructions": "Tick the box that best describes your week.",
        "recall_period": "the last week",
        "credit": "Written for CareLab's tests.",
        "licence": "Test fixture; not a real instrument.",
        "options": [
            {"value": "1", "label": "Never", "score": 1},
            {"value": "2", "label": "Rarely", "score": 2},
            {"value": "3", "label": "Sometimes", "score": 3},
            {"value": "4", "label": "Often", "score": 4},
            {"value": "5", "label": "Always", "score": 5},
        ],
        "items": [
            {"id": "tea_1", "text": "I have enjoyed a cup of tea"},
            {"id": "tea_2", "text": "I have noticed the weather"},
            {"id": "tea_3", "text": "I have tidied a drawer"},
            {"id": "tea_4", "text": "I have found the afternoon too long", "reverse_scored": True},
        ],
        "scoring": {
            "method": "sum",
            "bands": [
                {"id": "low", "label": "Low", "min": 4, "max": 9},
                {"id": "middle", "label": "Middle", "min": 10, "max": 15},
                {"id": "high", "label": "High", "min": 16, "max": 20},
            ],
            "safety_band": "low",
        },
        "item_flags": [{"item": "tea_4", "min_score": 5, "flag": "afternoon_always_too_long"}],
    }
    definition.update(overrides)
    return definition


SYNTHETIC = load_instrument_definition(synthetic_definition())


def test_a_definition_builds_an_instrument_with_its_text_credit_and_licence():
    assert SYNTHETIC.key == ("synthetic_wellbeing", "1.0")
    assert SYNTHETIC.item("tea_2").text == "I have noticed the weather"
    assert SYNTHETIC.item("tea_2").options[4] == Option("5", "Always", 5)
    assert SYNTHETIC.credit == "Written for CareLab's tests."
    assert not SYNTHETIC.requires_opt_in


def test_reverse_scored_items_count_from_the_other_end():
    score = SYNTHETIC.score({"tea_1": "1", "tea_2": "1", "tea_3": "1", "tea_4": "1"})
    assert score.total == 1 + 1 + 1 + 5


@pytest.mark.parametrize(
    ("answers", "total", "band", "flagged"),
    [
        (("1", "1", "1", "5"), 4, "low", True),
        (("3", "3", "2", "5"), 9, "low", True),
        (("3", "3", "3", "5"), 10, "middle", False),
    ],
)
def test_a_safety_band_at_the_low_end_raises_the_flag_up_to_its_top_and_not_above(answers, total, band, flagged):
    score = SYNTHETIC.score(dict(zip(["tea_1", "tea_2", "tea_3", "tea_4"], answers, strict=True)))
    assert (score.total, score.band_id) == (total, band)
    assert (MOST_SEVERE_BAND in score.flags) is flagged


def test_item_flags_compare_the_option_score_before_reversal():
    assert "afternoon_always_too_long" in SYNTHETIC.score({"tea_4": "5"}).flags
    assert "afternoon_always_too_long" not in SYNTHETIC.score({"tea_4": "4"}).flags


def test_a_multiplier_scales_the_sum():
    definition = synthetic_definition()
    definition["scoring"] = {
        "method": "sum",
        "multiplier": 5,
        "bands": [{"id": "all", "label": "All", "min": 20, "max": 100}],
    }
    score = load_instrument_definition(definition).score({"tea_1": 5, "tea_2": 5, "tea_3": 5, "tea_4": 1})
    assert (score.raw_total, score.total) == (20, 100)


def test_a_conversion_table_maps_each_raw_sum_to_the_reported_score():
    definition = synthetic_definition()
    definition["scoring"] = {
        "method": "sum",
        "conversion": {str(raw): round(raw * 1.25, 2) for raw in range(4, 21)},
        "bands": [
            {"id": "lower", "label": "Lower", "min": 5, "max": 12.5},
            {"id": "upper", "label": "Upper", "min": 12.51, "max": 25},
        ],
    }
    score = load_instrument_definition(definition).score({"tea_1": 3, "tea_2": 3, "tea_3": 3, "tea_4": 4})
    assert (score.raw_total, score.total, score.band_id) == (11, 13.75, "upper")


def test_a_converted_total_certain_to_be_in_the_safety_band_is_flagged_despite_a_skipped_question():
    yes_no = [{"value": "no", "label": "No", "score": 0}, {"value": "yes", "label": "Yes", "score": 2}]
    definition = synthetic_definition(
        options=yes_no,
        items=[{"id": name, "text": f"Statement {name}"} for name in ("a", "b", "c")],
        item_flags=[],
        scoring={
            "method": "sum",
            "conversion": {"0": 0, "2": 10, "4": 20, "6": 30},  # odd raw totals cannot occur
            "bands": [
                {"id": "low", "label": "Low", "min": 0, "max": 10},
                {"id": "high", "label": "High", "min": 20, "max": 30},
            ],
            "safety_band": "low",
        },
    )
    instrument = load_instrument_definition(definition)
    assert instrument.score({"a": "no", "b": "no"}).flags == {MOST_SEVERE_BAND}  # 0 or 10 whatever c is
    assert instrument.score({"a": "yes", "b": "no"}).flags == frozenset()  # 10 or 20


def test_prorating_fills_up_to_the_allowed_number_of_missing_answers_and_says_so():
    definition = synthetic_definition()
    definition["scoring"]["prorate_max_missing"] = 1
    instrument = load_instrument_definition(definition)
    one_missing = instrument.score({"tea_1": 3, "tea_2": 3, "tea_3": 3})
    assert (one_missing.total, one_missing.band_id, one_missing.prorated) == (12, "middle", True)
    assert one_missing.missing_items == ("tea_4",)
    two_missing = instrument.score({"tea_1": 3, "tea_2": 3})
    assert (two_missing.total, two_missing.prorated) == (None, False)


def test_prorated_totals_round_half_up():
    options = tuple(Option(str(n), str(n), n) for n in range(4))
    instrument = Instrument(
        id="six",
        version="1.0",
        title="Six items",
        instructions="Test.",
        recall_period="now",
        items=tuple(Item(f"q{n}", f"Question {n}", options) for n in range(6)),
        credit="Test.",
        licence="Test.",
        scoring=SumScoring(bands=(Band("all", "All", 0, 18),), prorate_max_missing=2),
    )
    assert instrument.score({"q0": 3, "q1": 0, "q2": 0, "q3": 0}).total == 5  # 3 × 6 ÷ 4 = 4.5
    assert instrument.score({"q0": 1, "q1": 0, "q2": 0, "q3": 0}).total == 2  # 1.5


def test_a_method_of_none_stores_answers_without_a_total():
    definition = synthetic_definition(scoring={"method": "none"}, item_flags=[])
    instrument = load_instrument_definition(definition)
    score = instrument.score({"tea_1": "2"})
    assert (score.total, score.band_id, score.answered_items) == (None, None, ("tea_1",))
    assert instrument.bands == ()


def _with(path, value):
    """A copy of the synthetic definition with the value at ``path`` replaced (or removed when value is ...)."""
    definition = copy.deepcopy(synthetic_definition())
    *parents, last = path
    target = definition
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return definition


GAP = [{"id": "low", "label": "Low", "min": 4, "max": 9}, {"id": "high", "label": "High", "min": 11, "max": 20}]
OVERLAP = [{"id": "low", "label": "Low", "min": 4, "max": 10}, {"id": "high", "label": "High", "min": 10, "max": 20}]
SHORT = [{"id": "low", "label": "Low", "min": 4, "max": 19}]


@pytest.mark.parametrize(
    ("definition", "field", "message"),
    [
        (_with(["format"], "v2"), "format", "must be"),
        (_with(["id"], ...), "id", "is required"),
        (_with(["id"], "1st"), "id", "not a valid id"),
        (_with(["version"], "one"), "version", "not a version"),
        (_with(["title"], "  "), "title", "non-empty text"),
        (_with(["credit"], 7), "credit", "must be text"),
        (_with(["requires_opt_in"], "yes"), "requires_opt_in", "true or false"),
        (_with(["colour"], "blue"), "colour", "unknown field"),
        (_with(["items"], []), "items", "non-empty list"),
        (_with(["items", 1, "id"], "tea_1"), "items", "'tea_1' appears more than once"),
        (_with(["items", 0, "txt"], "typo"), "items[0].txt", "unknown field"),
        (_with(["items", 2, "text"], ...), "items[2].text", "is required"),
        (_with(["options"], ...), "items[0].options", "is required"),
        (_with(["options", 1, "score"], "2"), "options[1].score", "whole number"),
        (_with(["options", 1, "score"], 1.5), "options[1].score", "whole number"),
        (_with(["options", 1, "value"], "1"), "options", "'1' appears more than once"),
        (_with(["options", 1, "label"], ""), "options[1].label", "non-empty text"),
        (_with(["items", 0, "anchors"], ["only one"]), "items[0].anchors", "two pieces of text"),
        (_with(["scoring", "method"], "mean"), "scoring.method", "'sum' or 'none'"),
        (_with(["scoring", "multipler"], 2), "scoring.multipler", "unknown field"),
        (_with(["scoring", "multiplier"], 0), "scoring.multiplier", "greater than 0"),
        (_with(["scoring", "bands"], GAP), "scoring.bands", "the total 10 is not in any band"),
        (_with(["scoring", "bands"], OVERLAP), "scoring.bands", "'low' and 'high' overlap"),
        (_with(["scoring", "bands"], SHORT), "scoring.bands", "the total 20 is not in any band"),
        (_with(["scoring", "bands", 0, "min"], 10), "scoring.bands[0]", "min is greater than max"),
        (_with(["scoring", "bands", 0, "max"], "9"), "scoring.bands[0].max", "must be a number"),
        (_with(["scoring", "bands", 1, "id"], "low"), "scoring.bands", "'low' appears more than once"),
        (_with(["scoring", "safety_band"], "lowest"), "scoring.safety_band", "not one of the bands"),
        (_with(["scoring", "conversion"], {"4": 1}), "scoring.conversion", "no entry for the raw total 5"),
        (_with(["scoring", "conversion"], {"four": 1}), "scoring.conversion['four']", "whole number"),
        (_with(["scoring", "prorate_max_missing"], 4), "scoring.prorate_max_missing", "from 0 to 3"),
        (_with(["item_flags"], {"item": "tea_4"}), "item_flags", "must be a list"),
        (_with(["item_flags", 0, "item"], "tea_9"), "item_flags[0].item", "'tea_9' is not an item"),
        (_with(["item_flags", 0, "min_score"], "high"), "item_flags[0].min_score", "whole number"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_faulty_definition_is_refused_naming_the_field(definition, field, message):
    with pytest.raises(InstrumentDefinitionError, match=message) as caught:
        load_instrument_definition(definition)
    assert caught.value.field == field


def test_multiplier_and_conversion_together_are_refused():
    definition = _with(["scoring", "conversion"], {str(raw): raw for raw in range(4, 21)})
    definition["scoring"]["multiplier"] = 2
    with pytest.raises(InstrumentDefinitionError, match="either a multiplier or a conversion"):
        load_instrument_definition(definition)


def test_a_definition_that_is_not_an_object_is_refused():
    with pytest.raises(InstrumentDefinitionError, match="must be an object"):
        load_instrument_definition([synthetic_definition()])


def test_an_instrument_built_in_code_is_checked_the_same_way():
    with pytest.raises(InstrumentDefinitionError, match="the total 4 is not in any band"):
        Instrument(
            id="broken",
            version="1.0",
            title="Broken",
            instructions="Test.",
            recall_period="now",
            items=PHQ2.items,
            credit="Test.",
            licence="Test.",
            scoring=SumScoring(bands=(Band("low", "Low", 0, 3),)),
        )


def test_a_definition_file_loads_from_json(tmp_path):
    path = tmp_path / "synthetic.json"
    path.write_text(json.dumps(synthetic_definition()), encoding="utf-8")
    assert load_instrument_file(path) == SYNTHETIC


def test_a_definition_file_that_is_not_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "x",\n  oops\n}', encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match="line 3") as caught:
        load_instrument_file(path)
    assert caught.value.field == str(path)


def test_a_definition_file_with_a_repeated_key_is_refused(tmp_path):
    path = tmp_path / "repeated.json"
    path.write_text(json.dumps(synthetic_definition())[:-1] + ', "id": "other"}', encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match="more than once") as caught:
        load_instrument_file(path)
    assert caught.value.field == "id"
