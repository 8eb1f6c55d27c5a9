"""English words for text analysis: a tokeniser, a stop list and the Porter stemmer.

Used by the theme and code suggestions (carelab/lib/themes.py), so that "walking", "walked" and
"walks" count as one word. The stemmer is M. F. Porter's 1980 algorithm ("An algorithm for suffix
stripping", Program 14(3)), written from the paper's rules; its output is a stem, not always a word
("pain" → "pain", "sleeping" → "sleep", "anxiety" → "anxieti"), so pages show the commonest form of
the word as people wrote it (`surface_forms`).
"""

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Words too common to tell texts apart: function words, and the filler of survey answers.
_STOP_WORDS = """
    a about above after again against all also am an and any are aren arent as at be because been before
    being below between both but by can cannot could couldn did didn didnt do does doesn doesnt doing don dont
    down during each even ever every few for from further get gets got had hadn hadnt has hasn hasnt have haven
    havent having he her here hers herself him himself his how however i id if ill im in into is isn isnt it its
    itself ive just let lets like ll may me might more most much must mustn my myself need no nor not now of off
    on once one only or other ought our ours ourselves out over own quite rather re really same shan she should
    shouldn since so some still such than that thats the their theirs them themselves then there these they
    thing things this those though through to too under until up upon us use used using ve very via was wasn
    wasnt we well went were weren what whats when where whether which while who whom whose why will with within
    without won wont would wouldn wouldnt yet you your yours yourself yourselves s t d m
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, with HTML entities decoded and accents kept.

    "I&#039;ve" and "I’ve" both give "ive"; digits and punctuation separate words.
    """
    text = unicodedata.normalize("NFKC", html.unescape(text)).lower()
    return [match.group().replace("'", "").replace("’", "") for match in _WORD.finditer(text)]


def content_words(text: str) -> list[str]:
    """The words of a text that are not on the stop list and are longer than one letter."""
    return [word for word in words(text) if len(word) > 1 and word not in STOP_WORDS]


_VOWELS = frozenset("aeiou")


def _is_consonant(word: str, index: int) -> bool:
    letter = word[index]
    if letter in _VOWELS:
        return False
    if letter == "y":
        return index == 0 or not _is_consonant(word, index - 1)
    return True


def _measure(stem: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in [C](VC)^m[V]."""
    count, previous_vowel = 0, False
    for index in range(len(stem)):
        consonant = _is_consonant(stem, index)
        if consonant and previous_vowel:
            count += 1
        previous_vowel = not consonant
    return count


def _has_vowel(stem: str) -> bool:
    return any(not _is_consonant(stem, index) for index in range(len(stem)))


def _ends_double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _ends_cvc(word: str) -> bool:
    """Consonant-vowel-consonant at the end, the last not w, x or y (Porter's *o)."""
    if len(word) < 3:
        return False
    return (
        _is_consonant(word, len(word) - 3)
        and not _is_consonant(word, len(word) - 2)
        and _is_consonant(word, len(word) - 1)
        and word[-1] not in "wxy"
    )


def _replace(word: str, suffixes: Iterable[tuple[str, str]], minimum_measure: int) -> str:
    """The first rule whose suffix ends the word applies (if the stem's measure allows) and ends the step."""
    for suffix, replacement in suffixes:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            return stem + replacement if _measure(stem) > minimum_measure else word
    return word


_STEP2 = (
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
    ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
    ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"),
    ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
)  # fmt: skip
_STEP3 = (
    ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
)  # fmt: skip
_STEP4 = (
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
    "iti", "ous", "ive", "ize",
)  # fmt: skip


def _step1(word: str) -> str:
    if word.endswith("sses") or word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
        return _step1c(word)
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
            word = word[: -len(suffix)]
            if word.endswith(("at", "bl", "iz")):
                word += "e"
            elif _ends_double_consonant(word) and word[-1] not in "lsz":
                word = word[:-1]
            elif _measure(word) == 1 and _ends_cvc(word):
                word += "e"
            break
    return _step1c(word)


def _step1c(word: str) -> str:
    if word.endswith("y") and _has_vowel(word[:-1]):
        return word[:-1] + "i"
    return word


def _step4(word: str) -> str:
    for suffix in sorted(_STEP4, key=len, reverse=True):
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            if suffix == "ion" and not stem.endswith(("s", "t")):
                return word
            return stem if _measure(stem) > 1 else word
    return word


def _step5(word: str) -> str:
    if word.endswith("e"):
        stem = word[:-1]
        measure = _measure(stem)
        if measure > 1 or (measure == 1 and not _ends_cvc(stem)):
            word = stem
    if _measure(word) > 1 and _ends_double_consonant(word) and word.endswith("l"):
        word = word[:-1]
    return word


_cache: dict[str, str] = {}


def stem(word: str) -> str:
    """The Porter stem of a lower-case word ("caresses" → "caress", "relational" → "relat")."""
    found = _cache.get(word)
    if found is not None:
        return found
    result = word
    if len(word) > 2 and word.isascii():
        result = _step5(_step4(_replace(_replace(_step1(word), _STEP2, 0), _STEP3, 0)))
    if len(_cache) < 200_000:
        _cache[word] = result
    return result


def stems(text: str) -> list[str]:
    """The stems of a text's content words, in order."""
    return [stem(word) for word in content_words(text)]


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """For each stem, the word people wrote most often for it (first seen wins a tie)."""
    counts: dict[str, Counter] = {}
    for text in texts:
        for word in content_words(text):
            counts.setdefault(stem(word), Counter())[word] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in counts.items()}
