from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from middenveld.trajectory.selectors import contact_get


def contact(request: HttpRequest) -> dict[str, Any]:
    """The contact details for the footer, fetched only when a template uses them."""
    return {"footer_contact": SimpleLazyObject(contact_get)}
