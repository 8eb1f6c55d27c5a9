"""What an item's page shows about it, as rows for the NHS.UK summary list."""

from urllib.parse import quote

from markupsafe import Markup

from carelab.evidence.models import EvidenceItem


def _link(href: str, text: str) -> Markup:
    return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(href, text)


def summary_rows(item: EvidenceItem) -> list[dict]:
    """The item's details that are filled in, each a row; links only to https DOI, PubMed and the item's URL."""
    rows: list[tuple[str, str | Markup]] = []
    if item.authors:
        rows.append(("Authors", "; ".join(item.authors)))
    if item.source:
        rows.append(("Published in or by", item.source))
    if item.organisation_id:
        rows.append(("Organisation", item.organisation.name))
    if item.region:
        rows.append(("Region", item.get_region_display()))
    if item.doi:
        rows.append(("DOI", _link(f"https://doi.org/{quote(item.doi, safe='/:;()._-')}", item.doi)))
    if item.pmid:
        rows.append(("PubMed ID", _link(f"https://pubmed.ncbi.nlm.nih.gov/{quote(item.pmid)}/", item.pmid)))
    if item.url:
        # URLField accepts only http(s) addresses, so this is never a javascript: link.
        rows.append(
            ("Web address", _link(item.url, item.url) if item.url.startswith(("https://", "http://")) else item.url)
        )
    if item.keywords:
        rows.append(("Keywords", "; ".join(item.keywords)))
    tags = [tag.name for tag in item.tags.all()]
    if tags:
        rows.append(("Tags", ", ".join(tags)))
    return [
        {"key": {"text": key}, "value": {"html": value} if isinstance(value, Markup) else {"text": value}}
        for key, value in rows
    ]
