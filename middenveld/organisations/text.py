"""Text normalisation for names and search.

``name_clean`` tidies what a person typed as a name. ``name_key`` folds a name
to a key for duplicate detection: compatibility forms (``ﬁ`` → ``fi``),
look-alike letters from other scripts (Cyrillic ``а`` → Latin ``a``), accents
and case all fold away, and so do legal-form words (``vzw``). ``search_fold``
gives the accent- and case-free text that search works on, in both databases.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid

NAME_MAX = 200

# Letters from Cyrillic and Greek that look like Latin ones (Unicode
# "confusables", the ones that matter for names written in Latin script).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ζ": "z", "η": "n", "μ": "u",
        # Latin look-alikes outside ASCII
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
    }
)  # fmt: skip

# Matched after punctuation became spaces, so "v.z.w." and "V Z W" are caught too.
_LEGAL_WORDS = re.compile(
    r"\b(i?\s?v\s?z\s?w|a\s?s\s?b\s?l|f\s?v|vereniging zonder winstoogmerk)\b"
)
# Everything but letters and digits, in any script: a Bulgarian or Arabic name keeps
# its own letters instead of folding to nothing.
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
# Characters that can hide or reorder text (bidirectional overrides and isolates,
# zero-width space, word joiner, byte order mark). Zero-width (non-)joiners stay:
# some scripts need them. The same list as accounts.services.text_clean.
_INVISIBLE = frozenset(
    "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def fold(text: str) -> str:
    """Compatibility forms, look-alikes, accents and case folded away."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text or "").casefold())
    # Accents first, then look-alikes: Cyrillic "ё" is "е" + diaeresis, and "е" is the look-alike.
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_CONFUSABLES)


def search_fold(text: str) -> str:
    """Words only, folded, separated by single spaces (what search matches on)."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def name_key(name: str) -> str:
    return _SPACES.sub(" ", _LEGAL_WORDS.sub(" ", _NON_WORD.sub(" ", fold(name)))).strip()


def text_tidy(value: str, *, multiline: bool = False) -> str:
    """NFC, without control or invisible characters (PostgreSQL refuses NUL in text).

    One line with single spaces; with ``multiline`` line breaks stay and only the
    ends are stripped.
    """
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n")
    if value.isascii() and value.isprintable():
        # Fast path (most text): nothing to remove, only white space to tidy.
        return value.strip() if multiline else _SPACES.sub(" ", value).strip()
    kept: list[str] = []
    for ch in value:
        if ch in _INVISIBLE:
            continue
        if ch == "\n" and multiline:
            kept.append(ch)
        elif ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"):
            kept.append(ch)
    text = "".join(kept)
    return text.strip() if multiline else _SPACES.sub(" ", text).strip()


def name_clean(value: str, *, field: str = "name", required: bool = True) -> str:
    """Strip, collapse white space, refuse control characters and overlong names."""
    cleaned = text_tidy(value)
    if not cleaned:
        if not required:
            return ""
        message = _("Fill in a name. Spaces alone are not a name.")
        raise Invalid(message, fields={field: [message]})
    if len(cleaned) > NAME_MAX:
        message = _("A name can have at most %(max)d characters; this one has %(count)d.") % {
            "max": NAME_MAX,
            "count": len(cleaned),
        }
        raise Invalid(message, fields={field: [message]})
    if not any(ch.isalnum() for ch in cleaned):
        message = _("A name needs at least one letter or digit.")
        raise Invalid(message, fields={field: [message]})
    return cleaned
