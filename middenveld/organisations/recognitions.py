"""The city's recognitions (erkenningen) of an organisation. History stays:
each decision is a row with its own period; the state follows from the dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid
from middenveld.core.uploads import document_check
from middenveld.organisations.models import (
    Organisation,
    Recognition,
    RecognitionDocument,
    RecognitionType,
)
from middenveld.organisations.services import _require
from middenveld.organisations.text import text_tidy
from middenveld.organisations.timeline import timeline_record


@transaction.atomic
def recognition_record(
    *,
    organisation: Organisation,
    by: Any,
    type: RecognitionType,
    valid_from: date,
    decision_reference: str,
    decision_date: date,
    valid_until: date | None = None,
    note: str = "",
    documents: Sequence[tuple[str, Any]] = (),
) -> Recognition:
    _require(by, "organisations.manage_recognitions", organisation)
    if valid_until is not None and valid_until < valid_from:
        message = _("The end date must not come before the start date.")
        raise Invalid(message, fields={"valid_until": [message]})
    reference = text_tidy(decision_reference)
    if not reference or len(reference) > 100:
        message = _("Give the reference of the decision (at most 100 characters).")
        raise Invalid(message, fields={"decision_reference": [message]})
    for _title, upload in documents:
        document_check(upload, field="documents")
    recognition = Recognition.objects.create(
        organisation=organisation,
        type=type,
        valid_from=valid_from,
        valid_until=valid_until,
        decision_reference=reference,
        decision_date=decision_date,
        note=text_tidy(note, multiline=True)[:2000],
        recorded_by=by,
    )
    for title, upload in documents:
        document = RecognitionDocument(
            recognition=recognition, title=(text_tidy(title) or upload.name)[:200]
        )
        document.file.save(upload.name, upload, save=True)
    timeline_record(
        organisation=organisation,
        kind="organisations.recognition_recorded",
        actor=by,
        subject=recognition,
        data={"recognition": type.name, "valid_from": valid_from.strftime("%d/%m/%Y")},
    )
    return recognition
