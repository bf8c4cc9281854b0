"""The small text format of a step's explanation, rendered to safe HTML.

Staff write plain text in /beheer/; a few line starts give structure:

* an empty line starts a new paragraph;
* ``## Heading`` and ``### Heading`` are headings below the page title;
* ``- item`` lines make a list;
* ``| a | b |`` lines make a table: the first row holds the column names, the
  first cell of every other row names that row; its caption is the heading
  above it (or the step's title);
* ``**words**`` are shown in bold;
* ``[text](/vragen/)`` is a link: a path on this site (it gets the reader's
  language prefix), ``https://…``, ``http://…`` or ``mailto:…``.

Everything else is text: HTML in it is escaped, never interpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(([^)\s]{1,500})\)")
_BOLD = re.compile(r"\*\*([^*\n]{1,300})\*\*")
_SEPARATOR = re.compile(r"^\|?[\s:|-]+\|?$")


@dataclass
class Block:
    kind: str  # "p", "h2", "h3", "ul", "table"
    lines: list[str] = field(default_factory=list)
    caption: str = ""


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def blocks(text: str, *, title: str = "") -> list[Block]:
    """The structure of ``text``: paragraphs, headings, lists and tables."""
    found: list[Block] = []
    last_heading = title
    current: Block | None = None
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line.startswith("### ") or line.startswith("## "):
            level = "h3" if line.startswith("### ") else "h2"
            heading = line.lstrip("#").strip()
            found.append(Block(level, [heading]))
            last_heading = heading
            current = None
        elif line.startswith("- ") or line.startswith("* "):
            if current is None or current.kind != "ul":
                current = Block("ul")
                found.append(current)
            current.lines.append(line[2:].strip())
        elif line.startswith("|"):
            if _SEPARATOR.match(line) and "-" in line:
                continue
            if current is None or current.kind != "table":
                current = Block("table", caption=last_heading)
                found.append(current)
            current.lines.append(line)
        else:
            if current is None or current.kind != "p":
                current = Block("p")
                found.append(current)
            current.lines.append(line)
    return found


def _href(url: str, language: str) -> str | None:
    if url.startswith("/") and not url.startswith("//"):
        if language != settings.LANGUAGE_CODE:
            return f"/{language}{url}"
        return url
    if url.startswith(("https://", "http://", "mailto:")):
        return url
    return None


def _words(text: str) -> str:
    """Escaped text with **bold** parts as <strong> (asterisks survive escaping)."""
    return _BOLD.sub(r"<strong>\1</strong>", escape(text))


def inline(text: str, language: str | None = None) -> str:
    """Escaped text with its links as <a> elements."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        out.append(_words(text[position : match.start()]))
        label, url = match.group(1), match.group(2)
        href = _href(url, language)
        if href is None:
            out.append(escape(match.group(0)))
        else:
            external = not href.startswith("/")
            rel = ' rel="noopener"' if external else ""
            out.append(f'<a href="{escape(href)}"{rel}>{_words(label)}</a>')
        position = match.end()
    out.append(_words(text[position:]))
    return "".join(out)


def plain(text: str) -> str:
    """The text without markup (for a PDF): ``[text](url)`` becomes ``text``, ``**a**`` ``a``."""
    return _BOLD.sub(lambda m: m.group(1), _LINK.sub(lambda m: m.group(1), text))


def render(text: str, *, title: str = "", language: str | None = None) -> SafeString:
    """``text`` as HTML: headings start at h2, because the page's h1 is the step's title."""
    html: list[str] = []
    for block in blocks(text, title=title):
        if block.kind in ("h2", "h3"):
            html.append(f"<{block.kind}>{inline(block.lines[0], language)}</{block.kind}>")
        elif block.kind == "p":
            html.append(f"<p>{inline(' '.join(block.lines), language)}</p>")
        elif block.kind == "ul":
            items = "".join(f"<li>{inline(item, language)}</li>" for item in block.lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(_table(block, language))
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of text above is escaped


def _table(block: Block, language: str | None) -> str:
    rows = [_cells(line) for line in block.lines]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    head, body = rows[0], rows[1:]
    # A wide table scrolls inside its own box on a phone, not the whole page; the box can
    # take the keyboard focus so that it can be scrolled without a mouse.
    label = escape(plain(block.caption)) if block.caption else ""
    parts = [
        f'<div class="table-wrapper guide-table-wrapper" role="region" tabindex="0" '
        f'aria-label="{label}">'
        if label
        else '<div class="table-wrapper guide-table-wrapper">',
        '<table class="responsive-table guide-table">',
    ]
    if block.caption:
        parts.append(f"<caption>{inline(block.caption, language)}</caption>")
    head_cells = "".join(
        f'<th scope="col">{inline(cell, language)}</th>'
        if cell
        else '<td class="guide-table__corner"></td>'
        for cell in head
    )
    parts.append(f"<thead><tr>{head_cells}</tr></thead><tbody>")
    for row in body:
        first, rest = row[0], row[1:]
        cells = "".join(f"<td>{inline(cell, language)}</td>" for cell in rest)
        parts.append(f'<tr><th scope="row">{inline(first, language)}</th>{cells}</tr>')
    parts.append("</tbody></table></div>")
    return "".join(parts)
