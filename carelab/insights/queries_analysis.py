"""Reads for the analysis pages: agreement between two coders per code, and counts by respondent group.

Each is a handful of flat queries whatever the lab's size (decision 0034 defines the unit).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count

from carelab.insights.models import Coding
from carelab.insights.queries_coding import CodeRow, code_label, codebook
from carelab.lib.agreement import Agreement, agreement_by_code, codes_by_sentence

NO_GROUP = "No group"


def coders_with_codings(lab) -> list:
    """Everyone who has coded something in this lab (the team, invited coders, former coders)."""
    ids = Coding.objects.filter(excerpt__source__lab=lab, coder__isnull=False).values("coder_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("display_name", "email", "pk"))


@dataclass
class CodeAgreement:
    row: CodeRow
    label: str
    result: Agreement


@dataclass
class AgreementTable:
    sources: int  # sources both coders coded (decision 0034)
    sentences: int
    rows: list[CodeAgreement]


def agreement(lab, first, second) -> AgreementTable:
    """Per code, agreement between two coders over the sentences of the sources both of them coded."""
    spans: dict[int, dict[int, list[tuple[int, int, int]]]] = {}
    found = Coding.objects.filter(excerpt__source__lab=lab, coder__in=[first.pk, second.pk]).values_list(
        "coder_id", "code_id", "excerpt__source_id", "excerpt__start", "excerpt__end"
    )
    for coder_id, code_id, source_id, start, end in found:
        spans.setdefault(source_id, {}).setdefault(coder_id, []).append((start, end, code_id))
    both = sorted(source_id for source_id, by in spans.items() if first.pk in by and second.pk in by)
    texts = dict(lab.coding_sources.filter(pk__in=both).values_list("pk", "text"))
    first_units: list[set] = []
    second_units: list[set] = []
    for source_id in both:
        first_units += codes_by_sentence(texts[source_id], spans[source_id][first.pk])
        second_units += codes_by_sentence(texts[source_id], spans[source_id][second.pk])
    rows = codebook(lab)
    labels = code_label(rows)
    results = agreement_by_code(first_units, second_units, [row.code.pk for row in rows])
    return AgreementTable(
        sources=len(both),
        sentences=len(first_units),
        rows=[CodeAgreement(row, labels[row.code.pk], results[row.code.pk]) for row in rows],
    )


@dataclass
class GroupCell:
    sources: int
    of: int

    @property
    def percentage(self) -> float:
        return 100 * self.sources / self.of if self.of else 0.0


@dataclass
class GroupRow:
    row: CodeRow
    label: str
    cells: list[GroupCell]


@dataclass
class GroupTable:
    groups: list[tuple[str, int]]  # (group label, sources in it)
    rows: list[GroupRow]


def counts_by_group(lab) -> GroupTable:
    """For each code and respondent group: how many of the group's sources have the code (any coder)."""
    totals = lab.coding_sources.values_list("group").annotate(count=Count("pk")).order_by("group")
    groups = [(group, count) for group, count in totals]
    counts: dict[tuple[int, str], int] = {
        (code_id, group): count
        for code_id, group, count in Coding.objects.filter(excerpt__source__lab=lab)
        .values_list("code_id", "excerpt__source__group")
        .annotate(count=Count("excerpt__source", distinct=True))
        .order_by()
    }
    rows = codebook(lab)
    labels = code_label(rows)
    return GroupTable(
        groups=[(group or NO_GROUP, count) for group, count in groups],
        rows=[
            GroupRow(
                row,
                labels[row.code.pk],
                [GroupCell(counts.get((row.code.pk, group), 0), total) for group, total in groups],
            )
            for row in rows
        ],
    )
