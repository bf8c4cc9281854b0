"""What every funding service shares: the log of state changes, references, snapshots."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid
from middenveld.funding.models import FundingLog


def log(
    *,
    by: Any,
    subject: Any,
    change: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    organisation: Any = None,
) -> FundingLog:
    """Keep a state change: who, when, what, from, to, why (shown to staff)."""
    return FundingLog.objects.create(
        by=by if getattr(by, "pk", None) else None,
        organisation=organisation,
        subject=subject._meta.model_name,
        subject_id=subject.pk,
        change=change,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def text(value: Any, field: str, *, limit: int, required: bool = True) -> str:
    result = str(value or "").strip()
    if required and not result:
        message = _("Fill in this field.")
        raise Invalid(message, fields={field: [message]})
    if len(result) > limit:
        message = _("This is too long: at most %(limit)s characters.") % {"limit": limit}
        raise Invalid(message, fields={field: [message]})
    return result


def canonical_json(content: Any) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


def fingerprint(content: Any) -> str:
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def award_identifier(year: int, pk: int) -> str:
    """A 360Giving grant identifier: the funder's prefix, the year and a number."""
    return f"{settings.FUNDING_IDENTIFIER_PREFIX}-{year}-{pk:06d}"


def euros(value: Decimal) -> str:
    """An amount as data (for the timeline and logs): "1250.00"."""
    return f"{value.quantize(Decimal('0.01'))}"
