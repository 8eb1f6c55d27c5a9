"""Display values for the organisations pages, kept out of templates so they can be tested."""

from dataclasses import dataclass
from urllib.parse import urlsplit

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
