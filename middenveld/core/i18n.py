"""Language helpers: the switcher's links and the missing-translation check."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, get_script_prefix
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import get_language, get_language_info


def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The current page in every language, as plain links (works without JS).

    The site's paths are the same in every language (only the prefix differs, and Dutch
    has none), so a link is the path with its prefix swapped: no URL resolution on every
    page. Paths outside the language patterns (the API, /admin/, ...) stay as they are.
    """
    current = get_language() or settings.LANGUAGE_CODE
    path = escape_uri_path(request.path_info)
    script = get_script_prefix().rstrip("/")
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    bare = _without_language_prefix(path)
    exact, leading = _unprefixed_paths()
    shared = bare in exact or bare.startswith(leading)
    links = []
    for code, info in _languages():
        if shared:
            url = script + path
        elif code == settings.LANGUAGE_CODE:
            url = script + bare
        else:
            url = f"{script}/{code}{bare}"
        if query:
            url = f"{url}?{query}"
        links.append({**info, "url": url, "current": code == current})
    return links


@functools.cache
def _languages() -> tuple[tuple[str, dict[str, Any]], ...]:
    result = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        result.append(
            (code, {"code": code, "name_local": info["name_local"], "bidi": info["bidi"]})
        )
    return tuple(result)


def _without_language_prefix(path: str) -> str:
    """``/en/tijdlijn/`` -> ``/tijdlijn/``; ``/en`` -> ``/``; Dutch paths stay as they are."""
    for code, _info in _languages():
        if code == settings.LANGUAGE_CODE:
            continue
        prefix = f"/{code}"
        if path == prefix:
            return "/"
        if path.startswith(prefix + "/"):
            return path[len(prefix) :]
    return path


@functools.cache
def _unprefixed_paths() -> tuple[frozenset[str], tuple[str, ...]]:
    """The URL patterns outside ``i18n_patterns``: whole paths, and leading literal parts."""
    exact: set[str] = set()
    leading: list[str] = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            continue
        route = str(pattern.pattern).lstrip("^")
        literal = route.split("<", 1)[0]
        if isinstance(pattern, URLResolver) or literal != route:
            if literal:
                leading.append("/" + literal)
        else:
            exact.add("/" + route.rstrip("$"))
    return frozenset(exact), tuple(leading)


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
