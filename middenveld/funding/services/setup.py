"""Staff set-up: regulation versions (imported from a YAML or JSON file) and calls.

A regulation version is never edited: importing a file makes the next version, and
applications keep the version they were made under (``Application.regulation_version``).
A call's form and rubric come in as rows (what a person types in the builder or the API
sends) and are checked and stored in the shapes documented on ``models.Call``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from middenveld.core.errors import Conflict, Invalid
from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    Assessment,
    BudgetLine,
    Call,
    FieldType,
    Instrument,
    Regulation,
    RegulationVersion,
)
from middenveld.funding.regulation import rules_dump, rules_hash, rules_load
from middenveld.funding.services.common import log, text
from middenveld.spaces.times import AmbiguousTime, NonExistentTime, local

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
MAX_FIELDS = 60
MAX_CRITERIA = 20
MAX_CHOICES = 50
FORMATS = ("yaml", "json")


# --- Regulations -------------------------------------------------------------------------


def regulation_of(instrument: Instrument) -> Regulation:
    """The instrument's regulation; an unsaved one when it has none yet (saved on import)."""
    try:
        return instrument.regulation
    except Regulation.DoesNotExist:
        return Regulation(instrument=instrument)


def regulation_version_import(
    *,
    regulation: Regulation,
    text: str | bytes,
    format: str,  # noqa: A002 - the name people use
    valid_from: date,
    note: str = "",
    by: Any,
) -> RegulationVersion:
    """Read a regulation file and keep it as the next version of ``regulation``.

    A file that cannot be accepted raises ``RegulationFileError`` (its line and its reason)
    and nothing is created. A file with the same rules as the latest version is refused
    (``Conflict``, code ``regulation_unchanged``).
    """
    if format not in FORMATS:
        message = _("Choose YAML or JSON as the format of the file.")
        raise Invalid(message, fields={"format": [message]})
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            message = _("The file is not readable text; save it as UTF-8 and try again.")
            raise Invalid(message, fields={"text": [message]}) from error
    if not str(text).strip():
        message = _("The file is empty.")
        raise Invalid(message, fields={"text": [message]})
    if not isinstance(valid_from, date):
        message = _("Give the day this version comes into force.")
        raise Invalid(message, fields={"valid_from": [message]})
    why = _text(note, "note", limit=300, required=False)
    rules = rules_load(str(text), format=format)  # type: ignore[arg-type]
    fingerprint = rules_hash(rules)
    with transaction.atomic():
        if regulation.pk is None:
            regulation, _created = Regulation.objects.get_or_create(
                instrument=regulation.instrument
            )
        Regulation.objects.select_for_update().get(pk=regulation.pk)
        latest = regulation.versions.order_by("-number").first()
        if latest is not None:
            if _normal_hash(latest.rules) == fingerprint:
                raise Conflict(
                    _(
                        "This file has the same rules as version %(number)s; "
                        "no new version was made."
                    )
                    % {"number": latest.number},
                    code="regulation_unchanged",
                )
            if valid_from < latest.valid_from:
                message = _(
                    "A new version cannot come into force before version %(number)s (%(day)s)."
                ) % {"number": latest.number, "day": latest.valid_from.strftime("%d/%m/%Y")}
                raise Invalid(message, fields={"valid_from": [message]})
        number = (regulation.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = RegulationVersion.objects.create(
            regulation=regulation,
            number=number,
            valid_from=valid_from,
            rules=rules,
            rules_hash=fingerprint,
            note=why,
            created_by=by if getattr(by, "pk", None) else None,
        )
        log(by=by, subject=version, change="imported", to_state=str(number), reason=why)
    return version


def _normal_hash(rules: Any) -> str:
    """The fingerprint of stored rules in their normal form (as a file would give them)."""
    try:
        return rules_hash(json.loads(rules_dump(rules, format="json")))
    except (Invalid, TypeError, ValueError):
        return rules_hash(rules)


# --- Calls -------------------------------------------------------------------------------


def _text(value: Any, field: str, *, limit: int, required: bool = True) -> str:
    return text(value, field, limit=limit, required=required)


def _moment(day: Any, clock: Any, field: str) -> datetime:
    if not isinstance(day, date) or isinstance(day, datetime):
        message = _("Give a date.")
        raise Invalid(message, fields={f"{field}_on": [message]})
    if not isinstance(clock, time):
        message = _("Give a time, such as 09:00.")
        raise Invalid(message, fields={f"{field}_time": [message]})
    try:
        return local(day, clock, field=f"{field}_time")
    except NonExistentTime:
        raise
    except AmbiguousTime as error:
        raise Invalid(error.message, fields={f"{field}_time": [error.message]}) from error


def _names(row: Mapping[str, Any], index: int, prefix: str) -> dict[str, str]:
    nl = str(row.get("label_nl") or "").strip()
    en = str(row.get("label_en") or "").strip()
    label = row.get("label")
    if isinstance(label, Mapping):
        nl = nl or str(label.get("nl") or "").strip()
        en = en or str(label.get("en") or "").strip()
    if not nl:
        raise _row_error(prefix, index, "label_nl", _("Give the label in Dutch."))
    if len(nl) > 200 or len(en) > 200:
        raise _row_error(prefix, index, "label_nl", _("A label has at most 200 characters."))
    return {"nl": nl, "en": en} if en else {"nl": nl}


def _row_error(prefix: str, index: int, field: str, reason: str) -> Invalid:
    message = _("Row %(row)s: %(reason)s") % {"row": index + 1, "reason": reason}
    return Invalid(message, fields={f"{prefix}-{index}-{field}": [reason], prefix: [message]})


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes", "ja")
    return bool(value)


def _choices(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, Sequence):
        items = [str(item) for item in value]
    else:
        items = []
    seen: list[str] = []
    for item in (part.strip() for part in items):
        if item and item not in seen:
            seen.append(item)
    return seen


def call_form_build(rows: Sequence[Mapping[str, Any]], rules: Mapping[str, Any] | None) -> list:
    """The form rows as ``Call.form``; refuses unknown types, double keys, a choice
    without choices and more than one budget table."""
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise Invalid(_("The form must be a list of fields."), fields={"form": []})
    if len(rows) > MAX_FIELDS:
        message = _("A form has at most %(count)s fields.") % {"count": MAX_FIELDS}
        raise Invalid(message, fields={"form": [message]})
    form: list[dict[str, Any]] = []
    keys: set[str] = set()
    budget_seen = False
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise _row_error("form", index, "key", _("This row is not a field."))
        key = str(row.get("key") or "").strip()
        if not KEY.match(key):
            raise _row_error(
                "form",
                index,
                "key",
                _("The key uses lower-case letters, digits, - and _ (at most 40)."),
            )
        if key in keys:
            raise _row_error(
                "form", index, "key", _("The key “%(key)s” is used twice.") % {"key": key}
            )
        keys.add(key)
        kind = str(row.get("type") or "").strip()
        if kind not in FieldType.values:
            raise _row_error(
                "form",
                index,
                "type",
                _("“%(type)s” is not a field type; choose one of %(types)s.")
                % {"type": kind, "types": ", ".join(FieldType.values)},
            )
        field: dict[str, Any] = {
            "key": key,
            "type": kind,
            "label": _names(row, index, "form"),
            "help": str(row.get("help") or "").strip()[:500],
            "required": _flag(row.get("required")),
        }
        if kind == FieldType.CHOICE:
            choices = _choices(row.get("choices"))
            if len(choices) < 2:
                raise _row_error(
                    "form", index, "choices", _("A choice needs at least two options.")
                )
            if len(choices) > MAX_CHOICES or any(len(choice) > 100 for choice in choices):
                raise _row_error(
                    "form",
                    index,
                    "choices",
                    _("At most %(count)s options of at most 100 characters each.")
                    % {"count": MAX_CHOICES},
                )
            field["choices"] = choices
        if kind == FieldType.FILE:
            code = str(row.get("attachment") or "").strip() or key
            if not KEY.match(code):
                raise _row_error(
                    "form",
                    index,
                    "attachment",
                    _("The attachment code uses lower-case letters, digits, - and _."),
                )
            field["attachment"] = code
        if kind == FieldType.BUDGET:
            if budget_seen:
                raise _row_error("form", index, "type", _("A form has at most one budget table."))
            budget_seen = True
            categories = [entry["code"] for entry in (rules or {}).get("cost_categories", [])]
            if not categories:
                raise _row_error(
                    "form",
                    index,
                    "type",
                    _(
                        "A budget table takes its cost categories from the regulation, and "
                        "this call's regulation version has none."
                    ),
                )
            field["categories"] = categories
        form.append(field)
    return form


def call_rubric_build(rows: Sequence[Mapping[str, Any]]) -> list:
    """The rubric rows as ``Call.rubric``: unique keys, a weight above 0, a scale 2 to 10."""
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise Invalid(_("The rubric must be a list of criteria."), fields={"rubric": []})
    if len(rows) > MAX_CRITERIA:
        message = _("A rubric has at most %(count)s criteria.") % {"count": MAX_CRITERIA}
        raise Invalid(message, fields={"rubric": [message]})
    rubric: list[dict[str, Any]] = []
    keys: set[str] = set()
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise _row_error("rubric", index, "key", _("This row is not a criterion."))
        key = str(row.get("key") or "").strip()
        if not KEY.match(key):
            raise _row_error(
                "rubric",
                index,
                "key",
                _("The key uses lower-case letters, digits, - and _ (at most 40)."),
            )
        if key in keys:
            raise _row_error(
                "rubric", index, "key", _("The key “%(key)s” is used twice.") % {"key": key}
            )
        keys.add(key)
        weight = _whole(row.get("weight"))
        if weight is None or not 1 <= weight <= 100:
            raise _row_error(
                "rubric", index, "weight", _("The weight is a whole number from 1 to 100.")
            )
        scale = _whole(row.get("scale"))
        if scale is None or not 2 <= scale <= 10:
            raise _row_error(
                "rubric", index, "scale", _("The scale is a whole number from 2 to 10.")
            )
        rubric.append(
            {"key": key, "label": _names(row, index, "rubric"), "weight": weight, "scale": scale}
        )
    return rubric


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 6:
        return int(value.strip())
    return None


def call_save(
    *,
    by: Any,
    call: Call | None = None,
    title: str,
    slug: str,
    description: str = "",
    instrument: Instrument,
    line: BudgetLine,
    opens_on: date,
    opens_time: time,
    closes_on: date,
    closes_time: time,
    regulation_version: RegulationVersion | None = None,
    form: Sequence[Mapping[str, Any]] = (),
    rubric: Sequence[Mapping[str, Any]] = (),
    published: bool = True,
) -> Call:
    """Create a call (``call`` None) or change one. Opening and closing are Brussels
    wall-clock times; a time that does not exist that day is refused. Without a
    regulation version the instrument's current one is taken. Once applications are
    in, the instrument, line and regulation version stay; once an application is
    submitted, the form stays; once an assessment exists, the rubric stays."""
    title = _text(title, "title", limit=200)
    slug = str(slug or "").strip().lower()
    if not SLUG.match(slug):
        message = _("The address uses lower-case letters, digits and - (at most 80).")
        raise Invalid(message, fields={"slug": [message]})
    description = _text(description, "description", limit=10000, required=False)
    if line.budget.instrument_id != instrument.pk:
        message = _("This budget line belongs to another instrument.")
        raise Invalid(message, fields={"line": [message]})
    opens_at = _moment(opens_on, opens_time, "opens")
    closes_at = _moment(closes_on, closes_time, "closes")
    if closes_at <= opens_at:
        message = _("The call must close after it opens.")
        raise Invalid(message, fields={"closes_on": [message]})
    regulation = regulation_of(instrument)
    if regulation_version is None:
        regulation_version = regulation.current() if regulation.pk else None
    elif regulation.pk is None or regulation_version.regulation_id != regulation.pk:
        message = _("This regulation version belongs to another instrument.")
        raise Invalid(message, fields={"regulation_version": [message]})
    built_form = call_form_build(
        list(form), regulation_version.rules if regulation_version else None
    )
    built_rubric = call_rubric_build(list(rubric))
    with transaction.atomic():
        taken = Call.objects.filter(slug=slug)
        if call is not None:
            taken = taken.exclude(pk=call.pk)
        if taken.exists():
            message = _("Another call already has this address.")
            raise Invalid(message, fields={"slug": [message]})
        if call is None:
            call = Call(slug=slug)
            change = "created"
        else:
            call = Call.objects.select_for_update().get(pk=call.pk)
            change = "changed"
            _check_locked(
                call,
                instrument=instrument,
                line=line,
                regulation_version=regulation_version,
                form=built_form,
                rubric=built_rubric,
            )
        call.slug = slug
        call.title = title
        call.description = description
        call.instrument = instrument
        call.line = line
        call.regulation_version = regulation_version
        call.opens_at = opens_at
        call.closes_at = closes_at
        call.form = built_form
        call.rubric = built_rubric
        call.published = bool(published)
        call.save()
        log(by=by, subject=call, change=change, to_state="published" if published else "hidden")
    return call


def _check_locked(
    call: Call,
    *,
    instrument: Instrument,
    line: BudgetLine,
    regulation_version: RegulationVersion | None,
    form: list,
    rubric: list,
) -> None:
    applications = Application.objects.filter(call=call)
    if (
        call.instrument_id != instrument.pk
        or call.line_id != line.pk
        or call.regulation_version_id != (regulation_version.pk if regulation_version else None)
    ) and applications.exists():
        raise Conflict(
            _(
                "Applications were already made in this call, so its instrument, budget line "
                "and regulation version stay as they are."
            )
        )
    if call.form != form and applications.exclude(status=ApplicationStatus.DRAFT).exists():
        raise Conflict(
            _("Applications were already submitted in this call, so its form stays as it is.")
        )
    if call.rubric != rubric and Assessment.objects.filter(application__call=call).exists():
        raise Conflict(
            _("Assessors already started scoring in this call, so its rubric stays as it is.")
        )
