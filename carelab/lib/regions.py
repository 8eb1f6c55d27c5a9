"""The UK regions CareLab uses wherever people or organisations say where they are.

One list, so a participant in "Yorkshire and the Humber" and an organisation there match in every
filter. The codes are stable (they are stored); the names are what people read. The nine English
regions follow the ONS International Territorial Levels; the three other nations are one region each.
"""

REGIONS: tuple[tuple[str, str], ...] = (
    ("north_east", "North East"),
    ("north_west", "North West"),
    ("yorkshire", "Yorkshire and the Humber"),
    ("east_midlands", "East Midlands"),
    ("west_midlands", "West Midlands"),
    ("east", "East of England"),
    ("london", "London"),
    ("south_east", "South East"),
    ("south_west", "South West"),
    ("wales", "Wales"),
    ("scotland", "Scotland"),
    ("northern_ireland", "Northern Ireland"),
    ("uk_wide", "UK-wide or online"),
)

REGION_NAMES: dict[str, str] = dict(REGIONS)


def region_name(code: str) -> str:
    """The name people read for a region code; an unknown code is shown as it is."""
    return REGION_NAMES.get(code, code)


def region_code(text: str) -> str | None:
    """The code for a region given by its code or its name, in any case; None if it is not one."""
    wanted = " ".join(text.split()).casefold()
    for code, name in REGIONS:
        if wanted in (code, name.casefold()):
            return code
    return None
