"""Whose checklist: an organisation's (shared by its members) or one person's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from middenveld.organisations.models import Organisation

# The value of ``?voor=`` for a person's own checklist; any other value is an organisation's slug.
ME = "mij"


@dataclass(frozen=True)
class ChecklistOwner:
    organisation: Organisation | None = None
    user: Any = None

    def __post_init__(self) -> None:
        if (self.organisation is None) == (self.user is None):
            raise ValueError("A checklist belongs to exactly one organisation or one person.")

    @property
    def is_personal(self) -> bool:
        return self.organisation is None

    @property
    def key(self) -> str:
        """The value of ``?voor=`` that opens this checklist."""
        return ME if self.organisation is None else self.organisation.slug

    @property
    def tick_filter(self) -> Q:
        if self.organisation is not None:
            return Q(organisation_id=self.organisation.pk)
        return Q(user_id=self.user.pk)

    def tick_fields(self) -> dict[str, Any]:
        if self.organisation is not None:
            return {"organisation": self.organisation, "user": None}
        return {"organisation": None, "user": self.user}
