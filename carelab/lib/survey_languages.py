"""A survey's languages: what each is called, its code, and the survey's words in one of them.

XLSForm names a language in its column headers, after ``::``: ``label::Cymraeg (cy)`` is Welsh,
with its code in brackets as ODK asks; ``label::English`` has no code; columns without ``::``
are in the ``default_language`` setting's language or, without that setting, pyxform's
``default`` language. A `SurveyDefinition`'s own words are in its default language and each other
language's are a `Translation` (see `carelab.lib.survey_definition`).

`localised(definition, language)` gives the definition with every word in ``language`` where the
form has it and in the default language where it does not, so everything that draws a survey
(pages, the check page) works unchanged on the result. `with_default_language` makes another
language the default, for writing the form back with the lab team's choice of default.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pyxform.validators.pyxform.iana_subtags.validation import read_tags

from carelab.lib.survey_definition import Question, Scale, Section, SurveyDefinition, Translation

PYXFORM_DEFAULT = "default"
# The columns whose words a form may give in several languages, as CareLab stores them.
LABEL, HINT, REQUIRED_MESSAGE, CONSTRAINT_MESSAGE = "label", "hint", "required_message", "constraint_message"
MIN_LABEL, MAX_LABEL = "carelab_min_label", "carelab_max_label"
TRANSLATABLE_COLUMNS = (LABEL, HINT, REQUIRED_MESSAGE, CONSTRAINT_MESSAGE, MIN_LABEL, MAX_LABEL)

# "Cymraeg (cy)", "English (en-GB)": a BCP 47 language tag in brackets at the end.
_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\)\s*$")
# Languages written without a code ("label::English"): the ones most often used in UK health and
# care, by their English and their own names, so their words are still marked for screen readers.
_CODES_BY_NAME = {
    "english": "en",
    "welsh": "cy",
    "cymraeg": "cy",
    "gaelic": "gd",
    "gàidhlig": "gd",
    "scottish gaelic": "gd",
    "irish": "ga",
    "gaeilge": "ga",
    "polish": "pl",
    "polski": "pl",
    "spanish": "es",
    "español": "es",
    "french": "fr",
    "français": "fr",
    "portuguese": "pt",
    "português": "pt",
    "romanian": "ro",
    "română": "ro",
    "lithuanian": "lt",
    "lietuvių": "lt",
    "italian": "it",
    "italiano": "it",
    "german": "de",
    "deutsch": "de",
    "arabic": "ar",
    "العربية": "ar",
    "urdu": "ur",
    "اردو": "ur",
    "punjabi": "pa",
    "bengali": "bn",
    "gujarati": "gu",
    "somali": "so",
    "turkish": "tr",
    "türkçe": "tr",
    "ukrainian": "uk",
    "українська": "uk",
    "chinese": "zh",
    "中文": "zh",
}
# Scripts written right to left, by language code.
_RIGHT_TO_LEFT = {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}


def language_code(language: str) -> str:
    """The language's code for an HTML ``lang`` attribute ("cy" for "Cymraeg (cy)"), or "" if unknown.

    A code in brackets counts only when its first part is a registered language subtag (pyxform's
    copy of the IANA registry, which it warns against): a wrong ``lang`` is worse than none.
    """
    match = _CODE.match(language)
    if match and _is_registered(match["code"].split("-")[0].lower()):
        return match["code"]
    name = match["name"] if match else language
    return _CODES_BY_NAME.get(name.strip().lower(), "")


def _is_registered(subtag: str) -> bool:
    return subtag in read_tags("iana_subtags_2_characters.txt") or subtag in read_tags(
        "iana_subtags_3_or_more_characters.txt"
    )


def language_name(language: str) -> str:
    """What to call the language on a page: "Cymraeg" for "Cymraeg (cy)"; pyxform's unnamed one is "Default"."""
    if language == PYXFORM_DEFAULT:
        return "Default"
    match = _CODE.match(language)
    return (match["name"] if match and match["name"] else language).strip()


def text_direction(language: str) -> str:
    """ "rtl" for a language written right to left, else "ltr"."""
    return "rtl" if language_code(language).split("-")[0].lower() in _RIGHT_TO_LEFT else "ltr"


def find_language(definition: SurveyDefinition, wanted: str) -> str | None:
    """The form's language that ``wanted`` (a language as named, or its code) means, if any."""
    wanted = wanted.strip()
    if not wanted:
        return None
    if wanted in definition.languages:
        return wanted
    by_code = [language for language in definition.languages if language_code(language).lower() == wanted.lower()]
    return by_code[0] if len(by_code) == 1 else None


def language_parameter(definition: SurveyDefinition, language: str) -> str:
    """How a link names ``language``: its code when no other language of the form shares it, else its name."""
    code = language_code(language)
    return code if code and find_language(definition, code) == language else language


# -- A definition in one language -------------------------------------------------------------------


def localised(definition: SurveyDefinition, language: str) -> SurveyDefinition:
    """``definition`` with its words in ``language``, and the default language's where it has none.

    The result is for showing: its translations are left out, and its default language is ``language``.
    """
    translation = definition.translation(language)
    if translation is None or language == definition.default_language:
        return definition
    return _rewritten(definition, translation, language, translations=())


def with_default_language(definition: SurveyDefinition, language: str) -> SurveyDefinition:
    """``definition`` with ``language`` as its default: its words become the definition's own, and the old
    default's words a translation. Words missing in ``language`` take the old default's, because every
    question needs words in the default language."""
    if language == definition.default_language or language not in definition.languages:
        return definition
    old_default = Translation(
        definition.default_language,
        texts=tuple(sorted(_texts(definition))),
        choices=tuple(
            sorted(
                (choice_list.name, choice.name, choice.label)
                for choice_list in definition.choice_lists
                for choice in choice_list.choices
                if choice.label
            )
        ),
    )
    translations = tuple(
        old_default if translation.language == language else translation for translation in definition.translations
    )
    if definition.translation(language) is None:
        translations = (*translations, old_default)
    order = {name: index for index, name in enumerate(definition.languages)}
    translations = tuple(sorted(translations, key=lambda translation: order.get(translation.language, len(order))))
    new = definition.translation(language) or Translation(language)
    return _rewritten(definition, new, language, translations=translations)


def _texts(definition: SurveyDefinition):
    """Every (name, column, words) of the definition's own words, in the default language."""
    for section in definition.sections:
        if section.name:
            yield from _non_empty(section.name, ((LABEL, section.title), (HINT, section.intro)))
        for question in section.questions:
            scale = question.scale or Scale()
            yield from _non_empty(
                question.name,
                (
                    (LABEL, question.label),
                    (HINT, question.hint),
                    (REQUIRED_MESSAGE, question.required_message),
                    (CONSTRAINT_MESSAGE, question.constraint_message),
                    (MIN_LABEL, scale.min_label if question.scale else ""),
                    (MAX_LABEL, scale.max_label if question.scale else ""),
                ),
            )
            for statement in question.statements:
                yield from _non_empty(statement.name, ((LABEL, statement.label),))


def _non_empty(name: str, pairs):
    return ((name, column, words) for column, words in pairs if words)


def _rewritten(
    definition: SurveyDefinition, translation: Translation, language: str, *, translations: tuple[Translation, ...]
) -> SurveyDefinition:
    texts, choice_labels = translation.text_for, translation.choice_label_for

    def words(name: str, column: str, fallback: str) -> str:
        return texts.get((name, column)) or fallback

    def question_in(question: Question) -> Question:
        scale = question.scale
        if scale is not None:
            scale = replace(
                scale,
                min_label=words(question.name, MIN_LABEL, scale.min_label),
                max_label=words(question.name, MAX_LABEL, scale.max_label),
            )
        return replace(
            question,
            label=words(question.name, LABEL, question.label),
            hint=words(question.name, HINT, question.hint),
            required_message=words(question.name, REQUIRED_MESSAGE, question.required_message),
            constraint_message=words(question.name, CONSTRAINT_MESSAGE, question.constraint_message),
            scale=scale,
            statements=tuple(
                replace(statement, label=words(statement.name, LABEL, statement.label))
                for statement in question.statements
            ),
        )

    def section_in(section: Section) -> Section:
        return replace(
            section,
            title=words(section.name, LABEL, section.title) if section.name else section.title,
            intro=words(section.name, HINT, section.intro) if section.name else section.intro,
            questions=tuple(question_in(question) for question in section.questions),
        )

    return replace(
        definition,
        sections=tuple(section_in(section) for section in definition.sections),
        choice_lists=tuple(
            replace(
                choice_list,
                choices=tuple(
                    replace(choice, label=choice_labels.get((choice_list.name, choice.name)) or choice.label)
                    for choice in choice_list.choices
                ),
            )
            for choice_list in definition.choice_lists
        ),
        default_language=language,
        translations=translations,
    )
