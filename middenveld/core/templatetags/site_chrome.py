"""The parts of every page's header that are the same for many visitors.

The main menu and the account links depend only on the language, the page (which menu
item is current) and the kind of visitor, never on the person. Each variant is rendered
once per process and then reused: a signed-in page no longer renders some 40 template
nodes of chrome on every request (bench/README.md, the staff application list). What is
personal or per request (the sign-out form's CSRF token, the language links of this page)
stays in includes/header.html. With DEBUG on, every page renders them afresh so that a
template edit shows at once.
"""

from __future__ import annotations

import functools
from html import escape

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from middenveld.core.context_processors import reverse_once, site_urls

register = template.Library()

# The items of includes/main_menu.html, by their name in core.context_processors.SITE_URLS.
MENU = (
    "home",
    "trajectory",
    "workstreams",
    "timeline",
    "documents",
    "organisations",
    "events",
    "funding",
    "spaces",
    "participation",
    "parliament",
    "news",
    "guide",
    "questions",
)


def _render(name: str, language: str, script_prefix: str, **values: object) -> SafeString:
    with translation.override(language):
        html = render_to_string(name, {"site_urls": site_urls(language, script_prefix), **values})
    return mark_safe(html)  # noqa: S308 - our own template, rendered with autoescape


_render_once = functools.lru_cache(maxsize=256)(_render)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "TEMPLATES"):
        _render_once.cache_clear()


def _chrome(name: str, **values: object) -> SafeString:
    language = translation.get_language() or settings.LANGUAGE_CODE
    render = _render if settings.DEBUG else _render_once
    return render(name, language, get_script_prefix(), **values)


@register.simple_tag
def fixed_url(name: str) -> str:
    """``{% url name %}`` for a URL without arguments, reversed once per language and process."""
    return reverse_once(
        name, translation.get_language() or settings.LANGUAGE_CODE, get_script_prefix()
    )


@register.simple_tag(takes_context=True)
def language_switcher(context: template.Context) -> SafeString:
    """The language links of this page (core.i18n.language_links) as list items.

    Built with the standard library's escape: Django's lazy-aware helpers cost more than
    the six links themselves on every page.
    """
    items = []
    for link in context.get("language_links") or ():
        code = escape(link["code"])
        current = ' aria-current="true" class="active"' if link["current"] else ""
        direction = "rtl" if link["bidi"] else "ltr"
        items.append(
            f'<li><a href="{escape(link["url"])}" lang="{code}" hreflang="{code}" '
            f'dir="{direction}"{current}>{escape(link["name_local"])}</a></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value is escaped above


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    request = context.get("request")
    path = request.path if request is not None else ""
    urls = site_urls(translation.get_language() or settings.LANGUAGE_CODE, get_script_prefix())
    current = next((name for name in MENU if urls[name] == path), "")
    return _chrome("includes/main_menu.html", current=current)


@register.simple_tag(takes_context=True)
def account_links(context: template.Context) -> SafeString:
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    city_staff = bool(authenticated and getattr(user, "is_city_staff", False))
    return _chrome(
        "includes/account_links.html", authenticated=authenticated, city_staff=city_staff
    )
