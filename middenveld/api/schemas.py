"""Schemas shared by every module's endpoints."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from ninja import Field, Schema

from middenveld.core.i18n import missing_translation


def absolute_url(context: Any, url: str) -> str:
    """``url`` made absolute with the request in a schema resolver's ``context``."""
    request = (context or {}).get("request")
    if not url or request is None:
        return url
    return request.build_absolute_uri(url)


def current_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


class TranslatedOut(Schema):
    """Base for an object with translated texts (a model with ``TRANSLATED``).

    The texts come in the request's language, or in Dutch where no translation
    exists yet; ``untranslated`` then says so.
    """

    language: str = Field(..., description="Language of the texts (the request's language).")
    untranslated: bool = Field(
        ...,
        description="True when at least one text is shown in Dutch because it has no translation yet.",
    )

    @staticmethod
    def resolve_language(obj: Any) -> str:
        return current_language()

    @staticmethod
    def resolve_untranslated(obj: Any) -> bool:
        return missing_translation(obj, type(obj).TRANSLATED)


class ErrorDetail(Schema):
    code: str = Field(..., description="Stable, machine-readable code, e.g. not_found.")
    message: str = Field(..., description="A sentence for people, in the request's language.")
    details: dict[str, Any] | None = Field(None, description="Optional context, e.g. field errors.")


class ErrorOut(Schema):
    error: ErrorDetail
