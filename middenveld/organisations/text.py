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

_LEGAL_WORDS = re.compile(r"\b(vzw|ivzw|v\s?z\s?w|asbl|fv|vereniging zonder winstoogmerk)\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold(text: str) -> str:
    """Compatibility forms, look-alikes, accents and case folded away."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.translate(_CONFUSABLES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_fold(text: str) -> str:
    """Words only, folded, separated by single spaces (what search matches on)."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def name_key(name: str) -> str:
    return _SPACES.sub(" ", _NON_WORD.sub(" ", _LEGAL_WORDS.sub(" ", fold(name)))).strip()


def name_clean(value: str, *, field: str = "name", required: bool = True) -> str:
    """Strip, collapse white space, refuse control characters and overlong names."""
    cleaned = _SPACES.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", value or ""))).strip()
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
