"""Theme and code suggestions (issue 10, section 3): carelab/lib/themes.py and its stemmer."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.lib.stemming import content_words, stem, words
from carelab.lib.themes import suggest_codes, suggest_themes

SLEEP = [
    "I cannot sleep at night because of the pain",
    "Poor sleep every night, I wake up at 3am",
    "The pain keeps me awake, sleep is broken",
    "Sleep tablets helped me sleep through the night",
    "Night after night I lie awake, no sleep",
    "My sleep got better once the pain eased at night",
]
GP = [
    "My GP listened and referred me to physio",
    "The GP appointment was rushed, the doctor did not listen",
    "Waited weeks for a GP appointment",
    "The doctor at the GP surgery finally listened",
    "My GP changed my medication after the appointment",
    "Could not get a GP appointment for a month",
]
WALKING = [
    "Walking every day with my dog helps my back",
    "Gentle walking and swimming keep me moving",
    "A short walk in the park lifts my mood",
    "Walking group on Tuesdays, walking helps",
    "Swimming and walking eased my back pain",
    "I walk to the shops to keep moving",
]
TEXTS = SLEEP + GP + WALKING


def test_the_porter_stemmer_gives_the_papers_stems():
    cases = {
        "caresses": "caress", "ponies": "poni", "cats": "cat", "agreed": "agre", "plastered": "plaster",
        "motoring": "motor", "hopping": "hop", "filing": "file", "happy": "happi", "relational": "relat",
        "conditional": "condit", "generalization": "gener", "hopeful": "hope", "goodness": "good",
        "adjustment": "adjust", "controll": "control", "rate": "rate", "walking": "walk", "walked": "walk",
    }  # fmt: skip
    assert {word: stem(word) for word in cases} == cases


def test_words_decode_entities_and_drop_stop_words():
    assert words("I&#039;ve had ENOUGH, 3 times!") == ["ive", "had", "enough", "times"]
    assert content_words("I’ve had the worst back pain") == ["worst", "back", "pain"]


def test_texts_about_three_things_fall_into_three_themes_with_telling_labels():
    found = suggest_themes(TEXTS, n_themes=3, seed=0)
    assert len(found.assignments) == len(TEXTS)
    # Each set of texts mostly shares one theme, and the three themes differ.
    parts = [found.assignments[start : start + 6] for start in (0, 6, 12)]
    majority = [max(set(part), key=part.count) for part in parts]
    assert len(set(majority)) == 3
    labels = {theme.label.lower() for theme in found.themes}
    assert any("sleep" in label or "night" in label for label in labels)
    assert any("gp" in label or "appointment" in label for label in labels)
    assert any("walk" in label for label in labels)
    for index, theme in enumerate(found.themes):
        assert theme.keywords and theme.examples
        assert all(found.assignments[i] == index for i in theme.example_indexes)
        assert [TEXTS[i] for i in theme.example_indexes] == list(theme.examples)
        assert theme.size == found.assignments.count(index)


def test_the_same_seed_gives_the_same_themes_and_any_seed_gives_valid_ones():
    first, again = suggest_themes(TEXTS, seed=7), suggest_themes(TEXTS, seed=7)
    assert first == again
    other = suggest_themes(TEXTS, seed=8)
    assert all(a is None or 0 <= a < len(other.themes) for a in other.assignments)


def test_a_text_sharing_no_word_with_the_others_gets_no_theme():
    odd = "Quantum chromodynamics lattice gauge"
    found = suggest_themes([*TEXTS, odd, "", "!!!"], seed=0)
    assert found.assignments[-3:] == [None, None, None]
    assert all(odd not in theme.examples for theme in found.themes)


def test_no_texts_or_no_words_give_no_themes():
    assert suggest_themes([]).assignments == [] and suggest_themes([]).themes == []
    empty = suggest_themes(["", "   ", "the and of"])
    assert empty.assignments == [None, None, None] and empty.themes == []


def test_the_number_of_themes_is_chosen_when_not_given():
    found = suggest_themes(TEXTS * 3, seed=0)
    assert 2 <= len(found.themes) <= 30


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=60), max_size=25), st.integers(0, 2**32 - 1), st.one_of(st.none(), st.integers(1, 6)))
def test_any_texts_give_one_assignment_each_pointing_at_a_theme(texts, seed, n_themes):
    found = suggest_themes(texts, n_themes=n_themes, seed=seed)
    assert len(found.assignments) == len(texts)
    assert all(a is None or 0 <= a < len(found.themes) for a in found.assignments)
    if n_themes is not None:
        assert len(found.themes) <= n_themes
    assert found == suggest_themes(texts, n_themes=n_themes, seed=seed)


def test_codes_are_suggested_from_like_coded_texts_with_the_examples_they_come_from():
    examples = [(text, ["Sleep"]) for text in SLEEP[:4]] + [(text, ["GP"]) for text in GP[:4]]
    examples += [(text, ["Moving"]) for text in WALKING[:4]]
    uncoded = [SLEEP[4], GP[5], WALKING[4], "Quantum chromodynamics"]
    found = suggest_codes(examples, uncoded)
    assert len(found) == 4
    assert [suggestions[0][0] if suggestions else None for suggestions in found[:3]] == ["Sleep", "GP", "Moving"]
    assert found[3] == []
    for suggestions in found:
        scores = [score for _, score in suggestions]
        assert scores == sorted(scores, reverse=True) and all(0 < score <= 1 for score in scores)
        for suggestion in suggestions:
            code, _ = suggestion
            assert suggestion.examples and all(code in examples[i][1] for i in suggestion.examples)
    assert found == suggest_codes(examples, uncoded)


def test_no_examples_or_no_texts_suggest_nothing():
    assert suggest_codes([], ["My GP listened"]) == [[]]
    assert suggest_codes([("My GP listened", ["GP"])], []) == []
    assert suggest_codes([("My GP listened", [])], ["The GP"]) == [[]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.text(max_size=50), st.lists(st.sampled_from(["a", "b", "c"]), max_size=2)), max_size=12),
    st.lists(st.text(max_size=50), max_size=8),
)
def test_any_examples_give_a_list_per_text_of_known_codes(examples, texts):
    found = suggest_codes(examples, texts)
    assert len(found) == len(texts)
    known = {code for _, codes in examples for code in codes}
    for suggestions in found:
        assert len({code for code, _ in suggestions}) == len(suggestions)
        assert all(code in known and 0 <= score <= 1 for code, score in suggestions)


def test_a_word_only_one_text_used_never_labels_a_theme():
    texts = [*TEXTS[:6], "Priyanka says sleep at night is hard"]
    found = suggest_themes(texts, n_themes=1, seed=0)
    assert all("priyanka" not in keyword for theme in found.themes for keyword in theme.keywords)


def test_copies_of_three_subjects_fall_into_three_themes_when_many_runs_are_combined():
    # 54 texts: enough for the consensus of many k-means runs.
    found = suggest_themes(TEXTS * 3, n_themes=3, seed=0)
    by_text: dict[str, set] = {}
    for text, theme in zip(TEXTS * 3, found.assignments, strict=True):
        by_text.setdefault(text, set()).add(theme)
    assert all(len(themes) == 1 and None not in themes for themes in by_text.values())
    subjects = [{found.assignments[i] for i in range(start, start + 6)} for start in (0, 6, 12)]
    assert all(len(themes) == 1 for themes in subjects)
    assert len(set.union(*subjects)) == 3


def test_with_the_number_chosen_no_theme_mixes_two_subjects():
    subject_of = {text: subject for subject, part in enumerate((SLEEP, GP, WALKING)) for text in part}
    for seed in range(3):
        found = suggest_themes(TEXTS * 3, seed=seed)
        assert 3 <= len(found.themes) <= 6
        for index in range(len(found.themes)):
            members = [text for text, theme in zip(TEXTS * 3, found.assignments, strict=True) if theme == index]
            assert len({subject_of[text] for text in members}) == 1


def test_a_text_whose_only_counted_words_are_a_pair_still_gets_a_theme():
    # "side" and "effects" are each in more than half the texts, so only the pair "side effects" counts.
    texts = ["Side effects!"] * 2 + ["The left side hurts"] * 9 + ["No effects at all"] * 9
    found = suggest_themes(texts, n_themes=2, seed=0)
    assert found.assignments[0] is not None and found.assignments[0] == found.assignments[1]
    assert found.assignments[0] != found.assignments[2]
