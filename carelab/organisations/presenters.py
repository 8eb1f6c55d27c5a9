"""Display values for the organisations pages, kept out of templates so they can be tested."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.paginator import Page
from django.http import QueryDict

from carelab.organisations.models import Organisation

KIND_TAG_COLOURS = {
    Organisation.Kind.PARTNER: "blue",
    Organisation.Kind.LOCAL: "green",
    Organisation.Kind.OTHER: "grey",
}


@dataclass(frozen=True)
class OrganisationCard:
    organisation: Organisation

    @property
    def kind_label(self) -> str:
        return self.organisation.get_kind_display()

    @property
    def kind_colour(self) -> str:
        return KIND_TAG_COLOURS[self.organisation.kind]

    @property
    def region_name(self) -> str:
        return self.organisation.get_region_display()

    @property
    def website_text(self) -> str:
        """The site's name for link text people can read: 'example.org' for https://www.example.org/about."""
        return site_name(self.organisation.website)


def site_name(address: str) -> str:
    host = urlsplit(address).hostname or ""
    return host.removeprefix("www.")


def pagination(page: Page, path: str, query: QueryDict, window: int = 1) -> dict | None:
    """Parameters for the NHS.UK pagination component that keep the page's filters; None for one page.

    Shows the first and last pages, the current page and `window` pages either side of it,
    with an ellipsis for each gap. (posts.presenters.pagination does the same without filters.)
    """
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None
    filters = query.copy()
    filters.pop("page", None)

    def href(number: int) -> str:
        if number > 1:
            filters["page"] = str(number)
        else:
            filters.pop("page", None)
        encoded = filters.urlencode()
        return f"{path}?{encoded}" if encoded else path

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
