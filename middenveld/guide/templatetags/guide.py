"""``{{ step|dutch_fallback:"title" }}``: ` lang="nl" dir="ltr"` when the field shows the Dutch
text because the reader's language has none, so screen readers and the text direction
follow the words that are really there (for example Dutch inside an Arabic page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from middenveld.core.i18n import missing_translation

register = template.Library()


@register.filter
def dutch_fallback(obj: Any, field: str) -> SafeString:
    if obj is None or not missing_translation(obj, [field]):
        return mark_safe("")  # noqa: S308 - a constant
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}" dir="ltr"')  # noqa: S308 - a constant
