"""The NHS.UK pagination component's parameters for any paginated list."""

from collections.abc import Mapping
from urllib.parse import urlencode

from django.core.paginator import Page


def pagination(page: Page, path: str, query: Mapping | None = None, window: int = 1) -> dict | None:
    """Parameters for the NHS.UK pagination component, or None when everything fits on one page.

    Shows the first and last pages, the current page and `window` pages either side of it, with an
    ellipsis for each gap. Each link keeps the list's filters: the non-empty values of `query`
    (a QueryDict or a plain mapping) other than the page number.
    """
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None
    pairs = query.lists() if hasattr(query, "lists") else ((key, [value]) for key, value in (query or {}).items())
    kept = [(key, value) for key, values in pairs if key != "page" for value in values if value not in ("", None)]

    def href(number: int) -> str:
        wanted = [*kept, ("page", number)] if number > 1 else kept
        return f"{path}?{urlencode(wanted)}" if wanted else path

    shown = {1, paginator.num_pages, *range(page.number - window, page.number + window + 1)}
    items: list[dict] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= paginator.num_pages):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    params: dict = {"items": items}
    if page.has_previous():
        params["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        params["next"] = {"href": href(page.next_page_number())}
    return params
