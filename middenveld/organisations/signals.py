"""Public pages that show organisations are cached; any change makes them fresh."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed

from middenveld.core.cache import bump_content_version, invalidate_on_change
from middenveld.organisations.models import (
    Address,
    Language,
    Organisation,
    Recognition,
    RecognitionType,
    TargetGroup,
)

invalidate_on_change(Organisation, Address, TargetGroup, Language, Recognition, RecognitionType)


def _m2m_changed(sender: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump_content_version()


for _field in ("target_groups", "districts", "languages"):
    m2m_changed.connect(
        _m2m_changed,
        sender=getattr(Organisation, _field).through,
        dispatch_uid=f"cache-organisation-{_field}",
    )
