"""Small helpers for the account tests."""

import re
from urllib.parse import urlsplit


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def link_path(message, contains: str) -> str:
    """The path of the first link in a mail whose path contains ``contains``."""
    for link in links_in(message):
        path = urlsplit(link).path
        if contains in path:
            return path
    raise AssertionError(f"no link with {contains!r} in: {message.body}")


def page_errors(response) -> list[str]:
    """The form-wide errors shown on a page."""
    form = response.context["form"]
    return [str(error) for error in form.non_field_errors()]
