"""Comment text: plain text in, safe HTML out.

A comment is stored exactly as the person wrote it (tidied: no control or invisible
characters). When shown, everything is escaped; only ``http://`` and ``https://``
addresses become links, with ``rel="nofollow ugc noopener"``. Nothing else a person
types ever becomes markup: no ``<script>``, no ``javascript:`` or ``data:`` links, no
attributes. Line breaks stay; an empty line starts a new paragraph.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# An address runs until white space or a character that cannot be part of one in text
# (quotes and angle brackets); punctuation that ends a sentence is left outside.
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}’”"
_PARAGRAPHS = re.compile(r"\n\s*\n")
LINK_MAX = 80  # longer addresses are shortened in the text (the link stays whole)


def has_visible_text(text: str) -> bool:
    """False for text of only white space and invisible characters (zero-width, bidi marks)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in text)


def _link(url: str) -> str:
    shown = url if len(url) <= LINK_MAX else url[: LINK_MAX - 1] + "…"
    return f'<a href="{escape(url)}" rel="nofollow ugc noopener">{escape(shown)}</a>'


def _linkify(line: str) -> str:
    out: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url = match.group(0)
        kept = url.rstrip(_TRAILING)
        # Keep a closing bracket that belongs to the address (Wikipedia-style links).
        if url.endswith(")") and kept.count("(") > kept.count(")"):
            kept += ")"
        out.append(escape(line[position : match.start()]))
        if re.fullmatch(r"https?://", kept, re.IGNORECASE):
            out.append(escape(kept))
        else:
            out.append(_link(kept))
        position = match.start() + len(kept)
    out.append(escape(line[position:]))
    return "".join(out)


def comment_html(text: str) -> SafeString:
    """The comment as HTML paragraphs: escaped, with safe links and line breaks."""
    paragraphs = [p.strip("\n") for p in _PARAGRAPHS.split((text or "").replace("\r\n", "\n"))]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )
    return mark_safe(html)  # noqa: S308  (every piece above is escaped)
