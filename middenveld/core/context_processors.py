import functools
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

from middenveld.core.i18n import language_links

# The links every page's header and footer show (includes/header.html, contact.html),
# by the name the templates use.
SITE_URLS = {
    "home": "trajectory:home",
    "trajectory": "trajectory:trajectory",
    "workstreams": "trajectory:workstreams",
    "timeline": "trajectory:timeline",
    "documents": "trajectory:documents",
    "news": "trajectory:news",
    "organisations": "organisations:directory",
    "questions": "support:ask",
    "guide": "guide:overview",
    "events": "events:list",
    "participation": "participation:processes",
    "spaces": "spaces:list",
    "funding": "funding:home",
    "parliament": "parliament:home",
    "profile": "accounts:profile",
    "my_organisations": "organisations:mine",
    "my_questions": "support:mine",
    "my_events": "events:mine",
    "my_bookings": "spaces:mine",
    "notifications": "city:notifications",
    "back_office": "beheer:index",
    "login": "accounts:login",
    "logout": "accounts:logout",
    "signup": "accounts:signup",
}


@functools.lru_cache(maxsize=1024)
def reverse_once(url_name: str, language: str, script_prefix: str) -> str:
    """``reverse(url_name)`` for a URL without arguments, once per language and process.

    The URL configuration does not change while the process runs.
    """
    with translation.override(language):
        return reverse(url_name)


@functools.lru_cache(maxsize=32)
def site_urls(language: str, script_prefix: str) -> dict[str, str]:
    """The header's and footer's links in ``language`` (some 25 reverses otherwise)."""
    return {
        name: reverse_once(url_name, language, script_prefix)
        for name, url_name in SITE_URLS.items()
    }


@receiver(setting_changed)
def _forget_site_urls(*, setting: str, **kwargs: Any) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        reverse_once.cache_clear()
        site_urls.cache_clear()


def site(request: HttpRequest) -> dict[str, Any]:
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_THEME": settings.SITE_THEME,
        "current_language": get_language_info(code),
        # Built only when a template shows the switcher (the public header, not the back
        # office).
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        "site_urls": site_urls(code, get_script_prefix()),
    }
