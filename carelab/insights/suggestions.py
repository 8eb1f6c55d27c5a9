"""Theme and code suggestions for the people who code (issue 10, section 3; decision 0032).

Suggestions, never automatic coding: nothing here codes a text or adds a code unless a person asks.

- Theme runs: the lab team asks for themes over a question's answers or a kind of source. A
  `SuggestionRun` is saved and a background task (`tasks.suggest_themes_for_run`) reads the texts,
  counting them in `done` of `total` for the progress page, and stores the themes: labels, keywords
  and source ids, never the texts (decision 0015). On the results page the team accepts a theme (a
  new code, and if they choose, that code applied to the theme's texts), renames, merges or ignores it.
- Code suggestions on the coding page: for uncoded sources, the codes that texts coded so far
  suggest (`carelab.lib.themes.suggest_codes`), once a code has `MIN_EXAMPLES_PER_CODE` coded
  excerpts, each with the coded excerpts it comes from. A coder learns only from their own codings,
  the lab team from everyone's.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from carelab.insights import actions_coding
from carelab.insights.access import may_code
from carelab.insights.models import NAME_MAX_LENGTH, Code, Coding, Excerpt, Source, SuggestionRun
from carelab.labs.access import is_lab_team
from carelab.lib import themes as themes_lib

# A code is suggested once it has this many coded excerpts to learn from.
MIN_EXAMPLES_PER_CODE = 3
# The coding page learns from at most this many coded excerpts (the most recent).
MAX_EXAMPLES = 3_000
# A run reads its texts in batches of this many, counting them for the progress page.
READ_BATCH = 500
MAX_SOURCES = 20_000
MIN_THEMES, MAX_THEMES = 2, 30
SHOWN_SUGGESTIONS = 3

logger = logging.getLogger(__name__)


class SuggestionError(ValueError):
    """Something that cannot be done, with a message to show."""


class ThemeState:
    OPEN = "open"
    ACCEPTED = "accepted"
    IGNORED = "ignored"
    MERGED = "merged"


# Starting and running a theme run


def start_theme_run(lab, *, sources, by, n_themes: int | None = None, scope: str = "") -> SuggestionRun:
    """Save a run over these sources and queue the task that does it (once the transaction commits)."""
    from carelab.insights import tasks

    ids = sorted({source.pk for source in sources if source.lab_id == lab.pk})
    if len(ids) < 2:
        raise SuggestionError("There need to be at least two texts to suggest themes for.")
    if len(ids) > MAX_SOURCES:
        raise SuggestionError(f"Choose at most {MAX_SOURCES:,} texts at a time.")
    if n_themes is not None and not MIN_THEMES <= n_themes <= MAX_THEMES:
        raise SuggestionError(f"Ask for between {MIN_THEMES} and {MAX_THEMES} themes, or leave it empty.")
    with transaction.atomic():
        run = SuggestionRun.objects.create(
            lab=lab,
            kind=SuggestionRun.Kind.THEMES,
            request={"source_ids": ids, "n_themes": n_themes, "scope": scope[:300], "seed": 0},
            total=len(ids),
            requested_by=by,
        )
        transaction.on_commit(lambda: tasks.suggest_themes_for_run.enqueue(run.pk))
    return run


def run_themes(run_id: int) -> int:
    """Do a waiting theme run: read its texts, suggest themes, store them. Returns how many themes.

    Texts are read in batches, and `done` is saved after each so the progress page can show it.
    A run that is not waiting (already done, or being done) is left alone.
    """
    with transaction.atomic():
        run = SuggestionRun.objects.select_for_update().filter(pk=run_id, status=SuggestionRun.Status.WAITING).first()
        if run is None:
            return 0
        run.status, run.done = SuggestionRun.Status.RUNNING, 0
        run.save(update_fields=["status", "done"])
    try:
        ids = [int(pk) for pk in run.request.get("source_ids", [])]
        texts: dict[int, str] = {}
        for first in range(0, len(ids), READ_BATCH):
            batch = ids[first : first + READ_BATCH]
            texts.update(Source.objects.filter(lab_id=run.lab_id, pk__in=batch).values_list("pk", "text"))
            SuggestionRun.objects.filter(pk=run.pk).update(done=min(len(ids), first + len(batch)))
        present = [pk for pk in ids if pk in texts]  # a source deleted since the run began is left out
        found = themes_lib.suggest_themes(
            [texts[pk] for pk in present], n_themes=run.request.get("n_themes"), seed=run.request.get("seed", 0)
        )
    except Exception:
        # The page says it failed; the log has why (ids only: the texts are not in the message).
        logger.exception("Theme suggestion run %s failed", run.pk)
        SuggestionRun.objects.filter(pk=run.pk).update(status=SuggestionRun.Status.FAILED, finished_at=timezone.now())
        return 0
    themes = [
        {
            "label": theme.label[:NAME_MAX_LENGTH],
            "keywords": list(theme.keywords),
            "examples": [present[i] for i in theme.example_indexes],
            "sources": [pk for pk, assigned in zip(present, found.assignments, strict=True) if assigned == index],
            "state": ThemeState.OPEN,
            "code": None,
        }
        for index, theme in enumerate(found.themes)
    ]
    unthemed = [pk for pk, assigned in zip(present, found.assignments, strict=True) if assigned is None]
    SuggestionRun.objects.filter(pk=run.pk).update(
        status=SuggestionRun.Status.DONE,
        result={"themes": themes, "unthemed": unthemed},
        done=run.total,
        finished_at=timezone.now(),
    )
    return len(themes)


# Reading a run


@dataclass
class ShownTheme:
    index: int
    label: str
    keywords: list[str]
    examples: list[Source]
    count: int
    state: str
    code: Code | None
    merged_into: int | None


def percent_done(run: SuggestionRun) -> int:
    return 100 if run.status == SuggestionRun.Status.DONE else (100 * run.done // run.total if run.total else 0)


def shown_themes(run: SuggestionRun) -> list[ShownTheme]:
    """The run's themes with their example sources (those still there) and accepted codes: two queries."""
    themes = run.result.get("themes", []) if run.status == SuggestionRun.Status.DONE else []
    example_ids = {pk for theme in themes for pk in theme.get("examples", [])}
    sources = {source.pk: source for source in run.lab.coding_sources.filter(pk__in=example_ids)}
    codes = {code.pk: code for code in run.lab.codes.filter(pk__in={t.get("code") for t in themes if t.get("code")})}
    return [
        ShownTheme(
            index=index,
            label=theme["label"],
            keywords=theme.get("keywords", []),
            examples=[sources[pk] for pk in theme.get("examples", []) if pk in sources],
            count=len(theme.get("sources", [])),
            state=theme.get("state", ThemeState.OPEN),
            code=codes.get(theme.get("code")),
            merged_into=theme.get("merged_into"),
        )
        for index, theme in enumerate(themes)
    ]


# What the team does with a theme


def _theme(run: SuggestionRun, index: int) -> dict:
    themes = run.result.get("themes", []) if run.status == SuggestionRun.Status.DONE else []
    if not 0 <= index < len(themes):
        raise SuggestionError("That theme is not in these suggestions.")
    return themes[index]


def _locked(run: SuggestionRun) -> SuggestionRun:
    return SuggestionRun.objects.select_for_update().get(pk=run.pk)


def rename_theme(run: SuggestionRun, index: int, label: str) -> None:
    with transaction.atomic():
        run = _locked(run)
        theme = _theme(run, index)
        if theme["state"] != ThemeState.OPEN:
            raise SuggestionError("Only a theme nobody has decided on yet can be renamed.")
        theme["label"] = label
        run.save(update_fields=["result"])


def ignore_theme(run: SuggestionRun, index: int) -> None:
    with transaction.atomic():
        run = _locked(run)
        theme = _theme(run, index)
        theme["state"] = ThemeState.IGNORED if theme["state"] == ThemeState.OPEN else theme["state"]
        run.save(update_fields=["result"])


def merge_theme(run: SuggestionRun, index: int, into: int) -> None:
    """Move a theme's texts and keywords into another open theme; the first is kept as "merged"."""
    with transaction.atomic():
        run = _locked(run)
        theme, target = _theme(run, index), _theme(run, into)
        if index == into:
            raise SuggestionError("Choose another theme to merge it into.")
        if theme["state"] != ThemeState.OPEN or target["state"] != ThemeState.OPEN:
            raise SuggestionError("Only themes nobody has decided on yet can be merged.")
        target["sources"] = sorted(set(target["sources"]) | set(theme["sources"]))
        target["keywords"] = list(dict.fromkeys(target["keywords"] + theme["keywords"]))[: themes_lib.KEYWORDS * 2]
        target["examples"] = list(dict.fromkeys(target["examples"] + theme["examples"]))[: themes_lib.EXAMPLES * 2]
        theme.update(state=ThemeState.MERGED, merged_into=into, sources=[])
        run.save(update_fields=["result"])


def _whole_text(text: str) -> tuple[int, int] | None:
    stripped = text.strip()
    if not stripped:
        return None
    start = len(text) - len(text.lstrip())
    return start, start + len(stripped)


def accept_theme(run: SuggestionRun, index: int, *, name: str, code_texts: bool, by) -> tuple[Code, int]:
    """Add a code for the theme (named `name`) and, if asked, code each of its texts with it as `by`.

    Returns the code and how many texts were coded. A code of that name at the top of the codebook
    is used rather than a second one made.
    """
    with transaction.atomic():
        run = _locked(run)
        theme = _theme(run, index)
        if theme["state"] != ThemeState.OPEN:
            raise SuggestionError("Someone has already decided on this theme.")
        code = run.lab.codes.filter(parent=None, name=name).first()
        if code is None:
            code = actions_coding.create_code(
                run.lab, name=name, description="From suggested themes: " + ", ".join(theme["keywords"]), by=by
            )
        coded = 0
        if code_texts:
            for source in run.lab.coding_sources.filter(pk__in=theme["sources"]):
                span = _whole_text(source.text)
                if span is not None:
                    actions_coding.code_span(source, *span, [code], by)
                    coded += 1
        theme.update(state=ThemeState.ACCEPTED, code=code.pk, label=name)
        run.save(update_fields=["result"])
    return code, coded


# Code suggestions on the coding page


@dataclass
class Because:
    """A coded excerpt a suggestion comes from."""

    excerpt: Excerpt


@dataclass
class ShownSuggestion:
    code: Code
    score: float
    start: int
    end: int
    because: list[Because]


def code_suggestions(lab, user, shown_sources) -> dict[int, list[ShownSuggestion]]:
    """For the sources on a coding page with no codings this person can see: suggested codes.

    {source pk: [suggestion, …]} best first, empty where nothing is likely or nothing can be learnt
    yet. The examples are this person's own codings (the lab team's: everyone's), three queries.
    """
    if not may_code(user, lab):
        return {}
    uncoded = [item.source for item in shown_sources if not item.excerpts and _whole_text(item.source.text)]
    if not uncoded:
        return {}
    codings = Coding.objects.filter(excerpt__source__lab=lab)
    if not is_lab_team(user, lab):
        codings = codings.filter(coder=user)
    enough = set(
        codings.values("code_id")
        .annotate(excerpts=Count("excerpt", distinct=True))
        .filter(excerpts__gte=MIN_EXAMPLES_PER_CODE)
        .values_list("code_id", flat=True)
    )
    if not enough:
        return {}
    pairs = list(
        codings.filter(code_id__in=enough)
        .order_by("-excerpt_id")
        .values_list("excerpt_id", "code_id")
        .distinct()[: MAX_EXAMPLES * 4]
    )
    by_excerpt: dict[int, set[int]] = {}
    for excerpt_id, code_id in pairs:
        if len(by_excerpt) >= MAX_EXAMPLES and excerpt_id not in by_excerpt:
            continue
        by_excerpt.setdefault(excerpt_id, set()).add(code_id)
    excerpts = Excerpt.objects.in_bulk(list(by_excerpt))
    order = sorted(by_excerpt)
    examples = [(excerpts[pk].text, sorted(by_excerpt[pk])) for pk in order]
    found = themes_lib.suggest_codes(examples, [source.text for source in uncoded])
    codes = lab.codes.in_bulk({suggestion.code for suggestions in found for suggestion in suggestions})
    shown: dict[int, list[ShownSuggestion]] = {}
    for source, suggestions in zip(uncoded, found, strict=True):
        span = _whole_text(source.text)
        shown[source.pk] = [
            ShownSuggestion(
                codes[suggestion.code],
                suggestion.score,
                *span,
                [Because(excerpts[order[i]]) for i in suggestion.examples],
            )
            for suggestion in suggestions[:SHOWN_SUGGESTIONS]
            if suggestion.code in codes
        ]
    return shown
