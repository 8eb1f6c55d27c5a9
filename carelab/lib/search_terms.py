"""The words a search box's text is searched for: letters and digits only, so no query can be malformed.

Whatever is typed (quotes, brackets, `AND`/`NEAR`, `*`, `:`, NUL bytes, a megabyte of text), the database
gets only whole words, each quoted for SQLite FTS5 (`fts5_match`) or joined with spaces for
PostgreSQL's `plainto_tsquery`. Both databases stem the words themselves ("walking" finds "walk").
"""

import re

# Beyond these, a query is cut: nobody types more, and a huge one must cost no more than a normal one.
MAX_QUERY_CHARACTERS = 500
MAX_TERMS = 12
MAX_TERM_CHARACTERS = 64

# Letters and digits of any script; everything else (punctuation, symbols, controls, "_") separates words.
_WORD = re.compile(r"[^\W_]+")

# Words too common to search for, as PostgreSQL's "english" configuration drops them, so that a query
# finds the same items on SQLite (whose FTS5 index keeps every word) as on PostgreSQL.
_STOP_WORDS = """a about above after again against all am an and any are as at be because been before being below
    between both but by can did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own s same she should so some such
    t than that the their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with you your yours yourself
    yourselves"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def search_terms(query: str) -> list[str]:
    """The distinct words of `query` to search for, in lower case, in the order typed (at most MAX_TERMS).

    Common words ("the", "of") are left out unless the query has nothing else. An empty list means
    there is nothing to search for.
    """
    found = _WORD.findall(query[: MAX_QUERY_CHARACTERS + 1])
    if len(query) > MAX_QUERY_CHARACTERS and found:
        found.pop()  # the last word may be cut short, or run on past the limit
    words: list[str] = []
    for word in found:
        word = word.casefold()[:MAX_TERM_CHARACTERS]
        if word not in words:
            words.append(word)
    meaningful = [word for word in words if word not in STOP_WORDS]
    return (meaningful or words)[:MAX_TERMS]


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression finding rows with every term: each a quoted string, so never an operator."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)
