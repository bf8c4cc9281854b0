from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from middenveld.participation.text import comment_html

register = template.Library()


@register.filter(name="comment_text")
def comment_text(value: str) -> SafeString:
    """Plain text as paragraphs with safe http(s) links: ``{{ comment.text|comment_text }}``."""
    return comment_html(value)
