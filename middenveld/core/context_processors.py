from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

from middenveld.core.i18n import language_links


def site(request: HttpRequest) -> dict[str, Any]:
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_THEME": settings.SITE_THEME,
        "current_language": get_language_info(code),
        # Built only when a template shows the switcher (the public header, not the back
        # office): translate_url resolves the path once per language.
        "language_links": SimpleLazyObject(lambda: language_links(request)),
    }
