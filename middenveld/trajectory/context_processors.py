from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from middenveld.trajectory.selectors import footer_html


def contact(request: HttpRequest) -> dict[str, Any]:
    """The footer with the contact details, rendered only when a template shows it."""
    language = get_language() or settings.LANGUAGE_CODE
    return {"site_footer": SimpleLazyObject(lambda: footer_html(language))}
