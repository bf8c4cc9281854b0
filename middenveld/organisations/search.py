"""Turning what a person types into search terms, the same way in both databases.

PostgreSQL matches with its Dutch text search: the document is
``to_tsvector('dutch', search_text)`` (GIN index, migration 0003) and each term
becomes a prefix query on its Dutch stem (``vluchteling:*``), so "vluchtelingen"
finds "Vluchtelingenwerk". SQLite has no Dutch text search: there each stem must
start a word of ``search_text`` (a LIKE on word starts). Both fold accents and
case first (``text.search_fold``), drop PostgreSQL's Dutch stop words and stem
with the same Snowball algorithm PostgreSQL uses (``dutch_porter``), so the
documented searches give the same results on both.
"""

from __future__ import annotations

import re

import snowballstemmer

from middenveld.organisations.text import search_fold

# PostgreSQL's tsearch_data/dutch.stop (Snowball's Dutch stop words).
STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    ]
)
MAX_TERMS = 8
_stemmer = snowballstemmer.stemmer("dutch_porter")
# Letters and digits of any script (a Bulgarian or Arabic word is searchable too):
# nothing that to_tsquery would read as an operator.
_SAFE = re.compile(r"[^\W_]+")


def search_terms(query: str) -> list[str]:
    """Stems to match as word prefixes; empty when nothing searchable was typed."""
    words = [w for w in search_fold(query).split() if w not in STOP_WORDS]
    stems: list[str] = []
    for word in words[:MAX_TERMS]:
        stem = _stemmer.stemWord(word) or word
        # Snowball may write an inner i/y as upper case (a marker); fold it back.
        stem = stem.lower()
        if _SAFE.fullmatch(stem) and stem not in stems:
            stems.append(stem)
    return stems


def tsquery(terms: list[str]) -> str:
    """A to_tsquery('simple', …) text: every stem as a prefix, all required."""
    return " & ".join(f"{term}:*" for term in terms)
