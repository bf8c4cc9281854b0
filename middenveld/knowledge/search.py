"""Search terms for the knowledge base, per language, the same on both databases (ADR 15).

Text and query go through the same steps: ``organisations.text.search_fold``
(compatibility forms, look-alikes, accents and case folded away), stop words of
the language dropped, each word stemmed with that language's Snowball stemmer
(Dutch: ``dutch_porter``, as the directory and PostgreSQL use; Bulgarian has no
Snowball stemmer and is only folded). A document stores its distinct stems; a
query stem matches a stored stem it starts (a prefix), so "verzekeringen" finds
"verzekering" and "vrijwilligersverzekering" is found by "vrijwilliger".

PostgreSQL: ``to_tsvector('simple', stems) @@ to_tsquery('simple', 'verzeker:*')``
with a GIN index (migration 0002). SQLite: each stem must start a word of
``stems`` (LIKE). The words are already stemmed and folded in Python, so both
databases see exactly the same words and give the same results.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from middenveld.organisations.search import STOP_WORDS as DUTCH_STOP_WORDS
from middenveld.organisations.text import search_fold

MAX_TERMS = 8
MAX_WORD = 40  # longer "words" are junk (a pasted link, a hash): not searchable
MAX_TEXT = 200_000  # characters of text looked at when making stems

STEMMERS = {
    "nl": "dutch_porter",
    "en": "english",
    "fr": "french",
    "tr": "turkish",
    "ar": "arabic",
}

# Small lists of the words that say nothing about a subject, folded (accents gone)
# as search_fold leaves them. Dutch: PostgreSQL's list, as the directory uses.
STOP_WORDS: dict[str, frozenset[str]] = {
    "nl": DUTCH_STOP_WORDS
    | frozenset(
        [
            "ik",
            "we",
            "wij",
            "jullie",
            "onze",
            "ons",
            "mag",
            "mogen",
            "kunnen",
            "moeten",
            "welke",
            "waar",
            "wanneer",
            "waarom",
            "graag",
            "vraag",
            "vragen",
            "hallo",
            "dag",
            "beste",
            "goedendag",
            "bedankt",
            "alstublieft",
            "aub",
        ]
    ),
    "en": frozenset(
        [
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "been",
            "but",
            "by",
            "can",
            "could",
            "do",
            "does",
            "did",
            "for",
            "from",
            "had",
            "has",
            "have",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "me",
            "my",
            "no",
            "not",
            "of",
            "on",
            "or",
            "our",
            "so",
            "that",
            "the",
            "their",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "to",
            "us",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "which",
            "who",
            "why",
            "will",
            "with",
            "would",
            "you",
            "your",
            "hello",
            "hi",
            "please",
            "thanks",
            "thank",
            "question",
        ]
    ),
    "fr": frozenset(
        [
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "comment",
            "dans",
            "de",
            "des",
            "du",
            "elle",
            "en",
            "est",
            "et",
            "il",
            "ils",
            "je",
            "la",
            "le",
            "les",
            "leur",
            "mais",
            "me",
            "mes",
            "mon",
            "ne",
            "nos",
            "notre",
            "nous",
            "on",
            "ou",
            "par",
            "pas",
            "pour",
            "qu",
            "que",
            "qui",
            "quoi",
            "sa",
            "se",
            "ses",
            "son",
            "sur",
            "ta",
            "te",
            "tes",
            "ton",
            "tu",
            "un",
            "une",
            "vos",
            "votre",
            "vous",
            "bonjour",
            "merci",
            "question",
        ]
    ),
    "tr": frozenset(
        [
            "ve",
            "ile",
            "bir",
            "bu",
            "su",
            "o",
            "ben",
            "biz",
            "siz",
            "onlar",
            "ne",
            "nasil",
            "neden",
            "nerede",
            "icin",
            "gibi",
            "da",
            "de",
            "mi",
            "mu",
            "mı",
            "ama",
            "veya",
            "ya",
            "cok",
            "daha",
            "en",
            "her",
            "merhaba",
            "tesekkurler",
            "soru",
        ]
    ),
    "ar": frozenset(
        [
            "في",
            "من",
            "على",
            "الى",
            "إلى",
            "عن",
            "مع",
            "هل",
            "ما",
            "ماذا",
            "كيف",
            "لماذا",
            "متى",
            "أين",
            "هذا",
            "هذه",
            "ذلك",
            "التي",
            "الذي",
            "و",
            "او",
            "أو",
            "انا",
            "نحن",
            "انت",
            "هو",
            "هي",
            "شكرا",
            "مرحبا",
            "سؤال",
        ]
    ),
    "bg": frozenset(
        [
            "и",
            "в",
            "на",
            "за",
            "от",
            "с",
            "по",
            "до",
            "се",
            "е",
            "са",
            "да",
            "не",
            "как",
            "какво",
            "кога",
            "къде",
            "защо",
            "ние",
            "аз",
            "вие",
            "те",
            "той",
            "тя",
            "то",
            "това",
            "този",
            "тази",
            "или",
            "но",
            "ли",
            "здравейте",
            "благодаря",
            "въпрос",
        ]
    ),
}
# Stop words fold like the text they are compared with (Cyrillic look-alikes become Latin).
STOP_WORDS = {code: frozenset(search_fold(w) for w in words) for code, words in STOP_WORDS.items()}

# Letters and digits of any script: nothing that to_tsquery would read as an operator.
_SAFE = re.compile(r"[^\W_]+")


def base_language(language: str | None) -> str:
    code = (language or "nl").split("-")[0].split("_")[0].lower()
    return code if code in STOP_WORDS else "nl"


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    algorithm = STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of one folded word ('' when it is not searchable)."""
    if len(word) > MAX_WORD:
        return ""
    stemmer = _stemmer(language)
    result = (stemmer.stemWord(word) or word) if stemmer else word
    # Snowball may write an inner i/y as upper case (a marker); fold it back.
    result = result.lower()
    return result if _SAFE.fullmatch(result) else ""


def _words(text: str, language: str) -> list[str]:
    stop = STOP_WORDS[language]
    return [w for w in search_fold(text[:MAX_TEXT]).split() if w not in stop]


def document_stems(*texts: str, language: str) -> str:
    """The distinct stems of ``texts``, separated by single spaces (what is stored)."""
    language = base_language(language)
    seen: dict[str, None] = {}
    for text in texts:
        for word in _words(text or "", language):
            term = stem(word, language)
            if term:
                seen.setdefault(term, None)
    return " ".join(seen)


def search_terms(query: str, *, language: str, limit: int = MAX_TERMS) -> list[str]:
    """Stems to match as prefixes; empty when nothing searchable was typed."""
    language = base_language(language)
    terms: list[str] = []
    for word in _words((query or "")[:1000], language):
        term = stem(word, language)
        if term and term not in terms:
            terms.append(term)
        if len(terms) >= limit:
            break
    return terms


def meaningful_terms(text: str, *, language: str, limit: int = 6) -> list[str]:
    """For suggestions while someone types a question: the words that carry meaning.

    Stop words, numbers and words of one or two letters go; of the rest, the
    longest (usually the most specific) are kept, at most ``limit``.
    """
    language = base_language(language)
    candidates: list[str] = []
    for word in _words((text or "")[:5000], language):
        if len(word) < 3 or word.isdigit():
            continue
        term = stem(word, language)
        if len(term) >= 3 and term not in candidates:
            candidates.append(term)
    return sorted(candidates, key=len, reverse=True)[:limit]
