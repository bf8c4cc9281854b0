"""Language helpers: the switcher's links and the missing-translation check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The current page in every language, as plain links (works without JS)."""
    current = get_language() or settings.LANGUAGE_CODE
    url = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(url, code),
                "current": code == current,
                "bidi": info["bidi"],
            }
        )
    return links


def missing_translation(obj: Any, fields: Iterable[str], language: str | None = None) -> bool:
    """True when a translatable text of ``obj`` has no value in ``language``.

    The page then shows the Dutch text (modeltranslation's fallback) and says so.
    """
    lang = (language or get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    if lang == settings.LANGUAGE_CODE:
        return False
    for field in fields:
        base = getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", "")
        if base and not getattr(obj, f"{field}_{lang}", ""):
            return True
    return False


def missing_languages(obj: Any, fields: Iterable[str]) -> list[str]:
    """Language codes in which one of ``fields`` is empty while Dutch is filled in."""
    fields = list(fields)
    missing = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        if missing_translation(obj, fields, code):
            missing.append(code)
    return missing
