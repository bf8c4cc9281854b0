"""``{{ article.body|plain_text }}``: an article's plain text as paragraphs and lists.

An empty line starts a new paragraph; lines that start with "- " become a bulleted
list and lines that start with "1. ", "2. " … a numbered one. Everything is escaped:
staff write plain text, never HTML.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BULLET = re.compile(r"^\s*[-•*]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def _blocks(lines: list[str]) -> list[str]:
    html: list[str] = []
    text: list[str] = []
    items: list[str] = []
    kind = ""

    def flush_text() -> None:
        if text:
            html.append("<p>" + "<br>".join(escape(line) for line in text) + "</p>")
            text.clear()

    def flush_items() -> None:
        nonlocal kind
        if items:
            html.append(
                f"<{kind}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{kind}>"
            )
            items.clear()
        kind = ""

    for line in lines:
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        match, this = (bullet, "ul") if bullet else (number, "ol") if number else (None, "")
        if match:
            flush_text()
            if kind and kind != this:
                flush_items()
            kind = this
            items.append(match.group(1))
        else:
            flush_items()
            text.append(line.strip())
    flush_text()
    flush_items()
    return html


@register.filter
def plain_text(value: str | None) -> SafeString:
    paragraphs = re.split(r"\n\s*\n", (value or "").replace("\r\n", "\n").strip())
    html: list[str] = []
    for paragraph in paragraphs:
        lines = [line for line in paragraph.split("\n") if line.strip()]
        html.extend(_blocks(lines))
    return mark_safe("\n".join(html))  # noqa: S308 — every piece of text is escaped above
