import re

from hypothesis import given
from hypothesis import strategies as st

from carelab.lib.lab_names import lab_name, team_name


def test_a_title_ending_in_lab_is_not_given_another():
    assert team_name("Pain and mental health lab") == "Pain and mental health lab team"
    assert team_name("The Back Pain LAB ") == "The Back Pain LAB team"


def test_a_title_without_lab_gets_one():
    assert team_name("Back pain") == "Back pain lab team"
    assert lab_name("Collaborative") == "Collaborative lab"  # "lab" as a whole word only


def _says_lab_lab(text: str) -> bool:
    return re.search(r"\blab\s+lab\b", text, re.IGNORECASE) is not None


@given(st.lists(st.sampled_from(["lab", "Lab", " ", "\n", "a", "b", "l", "-", "é"]), max_size=12).map("".join))
def test_no_team_name_says_lab_lab_unless_the_title_did(title):
    if not _says_lab_lab(title):
        assert not _says_lab_lab(team_name(title))
