"""Applications: an organisation drafts, adds documents, submits; staff send back; the
organisation withdraws.

A draft is saved field by field (``application_save`` takes only the fields it is
given); ``application_check`` lists every rule the application does not meet yet, in
plain words, from the regulation version in force when the application was started
(``Application.regulation_version``), so a newer version never changes it. Submitting
freezes the application as a ``Snapshot`` with the SHA-256 of its canonical JSON and
sends the submitter a receipt with a PDF copy. Every state change is logged
(``common.log``) and goes into the organisation's 360° timeline.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from middenveld.core import rules as access
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.core.mail import send_templated_mail
from middenveld.core.uploads import document_check
from middenveld.funding.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Award,
    AwardStatus,
    Call,
    Decision,
    FieldType,
    FundingLog,
    RegulationVersion,
    Snapshot,
)
from middenveld.funding.money import parse_euros
from middenveld.funding.regulation import Facts, RegulationFileError, rules_check, rules_load
from middenveld.funding.services.common import euros, fingerprint, log, text
from middenveld.organisations.timeline import timeline_record

BRUSSELS = ZoneInfo("Europe/Brussels")
#: The most a person can ask for, or put on one line of a budget: anything above is a typo.
MAX_REQUEST = Decimal("1000000")
#: Open drafts one organisation may have in one call (a double click makes no pile).
MAX_DRAFTS = 20
MAX_ATTACHMENTS = 30
MAX_BUDGET_ROWS = 100
MAX_NUMBER = Decimal("1000000000")
SAVABLE = (
    "title",
    "category",
    "activity_type",
    "activity_starts_on",
    "amount_requested",
    "answers",
    "budget",
)
#: Form field types answered in ``Application.answers`` (files are attachments, the
#: budget table is ``Application.budget``).
ANSWERED = (FieldType.TEXT, FieldType.NUMBER, FieldType.MONEY, FieldType.DATE, FieldType.CHOICE)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_DAY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
FINAL = (ApplicationStatus.SUBMITTED, ApplicationStatus.AWARDED, ApplicationStatus.REJECTED)


# --- Reading ----------------------------------------------------------------------------------


def application_get(reference: str) -> Application:
    """The application with ``reference`` (its call, organisation and regulation version)."""
    application = (
        Application.objects.select_related(
            "call", "call__instrument", "organisation", "regulation_version"
        )
        .filter(reference=str(reference)[:20])
        .first()
    )
    if application is None:
        raise NotFound(_("There is no application with this reference."))
    return application


def applications_of(user: Any) -> QuerySet[Application]:
    """The applications of every organisation ``user`` is a member of, the latest first."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(organisation__memberships__user_id=user.pk)
        .select_related("call", "organisation")
        .order_by("-updated_at", "-id")
    )


def application_rules(application: Application) -> dict[str, Any] | None:
    """The rules of the version the application was started under, in their normal form."""
    version = application.regulation_version
    if version is None:
        return None
    return version_rules(version)


def version_rules(version: RegulationVersion) -> dict[str, Any]:
    memo = version.__dict__.get("_normal_rules")
    if memo is None:
        try:
            memo = rules_load(json.dumps(version.rules), format="json")
        except RegulationFileError:  # pragma: no cover - stored rules were checked on import
            memo = dict(version.rules)
        version.__dict__["_normal_rules"] = memo
    return memo


def latest_snapshot(application: Application) -> Snapshot | None:
    return application.snapshots.order_by("-at", "-id").first()


def attachment_codes(application: Application) -> list[tuple[str, Any]]:
    """The documents this application asks for: (code, name or names) in order; the
    regulation's required documents first, then the call form's file questions."""
    rules = application_rules(application) or {}
    codes: dict[str, Any] = {}
    for entry in rules.get("attachments_required", []):
        codes[entry["code"]] = entry.get("name") or entry["code"]
    for question in application.call.form or []:
        if question.get("type") == FieldType.FILE:
            code = str(question.get("attachment") or question.get("key") or "")
            if code and code not in codes:
                codes[code] = question.get("label") or code
    return list(codes.items())


def submitter(application: Application) -> Any:
    """Who submitted the application last (else who started it)."""
    entry = (
        FundingLog.objects.filter(
            subject="application", subject_id=application.pk, change="submitted"
        )
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )
    if entry is not None and entry.by is not None:
        return entry.by
    return application.created_by


# --- Small helpers ----------------------------------------------------------------------------


def _moment(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value, BRUSSELS), "j F Y, H:i")


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=BRUSSELS)


def _require_member(by: Any, application_or_organisation: Any) -> None:
    organisation = getattr(application_or_organisation, "organisation", application_or_organisation)
    decision = access.check("funding.apply_for", by, organisation)
    if not decision:
        raise Forbidden(
            decision.reason or _("Only members of this organisation can do this."),
            code="not_a_member",
        )


def edit_refusal(application: Application, *, at: datetime | None = None) -> str | None:
    """Why the application cannot be changed now, or None when it can."""
    at = at or timezone.now()
    if application.status in FINAL:
        return _("This application was submitted and can no longer be changed.")
    if application.status == ApplicationStatus.WITHDRAWN:
        return _("This application was withdrawn and can no longer be changed.")
    if application.status == ApplicationStatus.RETURNED:
        deadline = application.return_deadline
        if deadline is not None and at >= _end_of_day(deadline):
            return _(
                "The deadline to complete this application was %(day)s; it can no longer "
                "be changed."
            ) % {"day": _day(deadline)}
        return None
    if at >= application.call.closes_at:
        return _("This call closed on %(moment)s; this application can no longer be changed.") % {
            "moment": _moment(application.call.closes_at)
        }
    return None


def _lock(application: Application) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation", "regulation_version")
        .get(pk=application.pk)
    )
    return locked


def _label(value: Any) -> str:
    if isinstance(value, Mapping):
        from django.utils.translation import get_language

        language = (get_language() or "nl").split("-")[0]
        return str(value.get(language) or value.get("nl") or next(iter(value.values()), ""))
    return str(value or "")


# --- Parsing what a person typed --------------------------------------------------------------


def parse_day(value: Any) -> date | None:
    """A day from ``2025-06-30`` (a date field, the API) or ``30/06/2025``; None when empty.
    Raises ``ValueError`` for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        raise ValueError("a moment, not a day")
    if isinstance(value, date):
        day = value
    else:
        raw = str(value).strip()
        if not raw:
            return None
        match = _DAY.match(raw)
        if match:
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        else:
            day = date.fromisoformat(raw[:10]) if len(raw) == 10 else date.fromisoformat(raw)
    if not 2000 <= day.year <= 2100:
        raise ValueError("out of range")
    return day


def _amount(value: Any, field: str) -> Decimal:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, float):
        value = repr(value)
    if not isinstance(value, str | int | Decimal):
        value = str(value)
    return parse_euros(value, maximum=MAX_REQUEST, field=field)


def _number(value: Any, question: Mapping[str, Any]) -> int | str:
    message = _("Enter a number, like 25.")
    if isinstance(value, bool):
        raise ValueError(message)
    raw = str(value).strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(message) from None
    if not number.is_finite() or "e" in raw.lower():
        raise ValueError(message)
    low = Decimal(str(question.get("min", 0)))
    high = Decimal(str(question.get("max", MAX_NUMBER)))
    if number < low:
        raise ValueError(_("Enter a number of at least %(low)s.") % {"low": low})
    if number > high:
        raise ValueError(_("Enter a number of at most %(high)s.") % {"high": high})
    if number == number.to_integral_value():
        return int(number)
    if abs(number.as_tuple().exponent) > 4:  # type: ignore[arg-type]
        raise ValueError(_("Enter a number with at most four decimals."))
    return str(number)


def _choices(question: Mapping[str, Any]) -> list[str]:
    values = []
    for choice in question.get("choices") or []:
        values.append(str(choice.get("value")) if isinstance(choice, Mapping) else str(choice))
    return values


def _answer(question: Mapping[str, Any], value: Any) -> Any:
    """An answer to one question, checked by its type; raises ``ValueError`` (a sentence)."""
    kind = question.get("type")
    if kind == FieldType.TEXT:
        if not isinstance(value, str | int | Decimal):
            raise ValueError(_("Enter text."))
        result = str(value).strip()
        limit = int(question.get("max_length") or 5000)
        if len(result) > limit:
            raise ValueError(
                _("This is too long: at most %(limit)s characters.") % {"limit": limit}
            )
        return result
    if kind == FieldType.NUMBER:
        return _number(value, question)
    if kind == FieldType.MONEY:
        try:
            return euros(_amount(value, "amount"))
        except Invalid as error:
            raise ValueError(str(error.message)) from None
    if kind == FieldType.DATE:
        try:
            day = parse_day(value)
        except (TypeError, ValueError):
            raise ValueError(_("Enter a date, like 30/06/2025.")) from None
        return day.isoformat() if day else ""
    if kind == FieldType.CHOICE:
        if str(value) not in _choices(question):
            raise ValueError(_("Choose one of the options given."))
        return str(value)
    raise ValueError(_("This question cannot be answered here."))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_budget(
    value: Any, rules: Mapping[str, Any] | None, errors: dict[str, list[str]]
) -> list[dict[str, str]]:
    if not isinstance(value, list):
        errors["budget"] = [_("The budget table must be a list of lines.")]
        return []
    if len(value) > MAX_BUDGET_ROWS:
        errors["budget"] = [
            _("A budget table has at most %(count)s lines.") % {"count": MAX_BUDGET_ROWS}
        ]
        return []
    known = [entry["code"] for entry in (rules or {}).get("cost_categories", [])]
    rows: list[dict[str, str]] = []
    for index, row in enumerate(value):
        where = f"budget.{index}"
        if not isinstance(row, Mapping):
            errors[where] = [
                _("Each line of the budget has a category, a description and an amount.")
            ]
            continue
        extra = sorted(set(map(str, row)) - {"category", "description", "amount"})
        if extra:
            errors[where] = [
                _("A budget line has only a category, a description and an amount, not: %(names)s.")
                % {"names": ", ".join(extra)}
            ]
            continue
        category = str(row.get("category") or "").strip()
        description = str(row.get("description") or "").strip()
        amount = row.get("amount")
        if not description and _empty(amount):
            continue  # an empty line of the table
        if known and category not in known:
            errors[f"{where}.category"] = [
                _("Choose one of the cost categories of this regulation.")
            ]
        elif not known and not category:
            errors[f"{where}.category"] = [_("Say what kind of cost this is.")]
        elif len(category) > 40:
            errors[f"{where}.category"] = [
                _("This is too long: at most %(limit)s characters.") % {"limit": 40}
            ]
        if len(description) > 200:
            errors[f"{where}.description"] = [
                _("This is too long: at most %(limit)s characters.") % {"limit": 200}
            ]
        if _empty(amount):
            errors[f"{where}.amount"] = [_("Enter an amount.")]
            continue
        try:
            value_ = _amount(amount, f"{where}.amount")
        except Invalid as error:
            errors[f"{where}.amount"] = [str(error.message)]
            continue
        rows.append({"category": category, "description": description, "amount": euros(value_)})
    return rows


def _cleaned(application: Application, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields in ``data``, checked; raises ``Invalid`` with every problem at once."""
    if not isinstance(data, Mapping):
        raise Invalid(_("Send the fields to save as a set of names and values."))
    unknown = sorted(str(name) for name in data if name not in SAVABLE)
    if unknown:
        message = _(
            "These fields cannot be changed: %(fields)s. You can change the title, the "
            "category, the kind of activity, its start, the amount, the answers and the budget."
        ) % {"fields": ", ".join(unknown)}
        raise Invalid(
            message,
            code="fields_not_changeable",
            fields={name: [_("This field cannot be changed.")] for name in unknown},
        )
    rules = application_rules(application)
    errors: dict[str, list[str]] = {}
    changes: dict[str, Any] = {}
    if "title" in data:
        try:
            changes["title"] = text(data["title"], "title", limit=200, required=False)
        except Invalid as error:
            errors["title"] = [str(error.message)]
    if "category" in data:
        code = str(data["category"] or "").strip()
        codes = [entry["code"] for entry in (rules or {}).get("categories", [])]
        if code and rules is not None and code not in codes:
            errors["category"] = [_("Choose one of the categories of this regulation.")]
        else:
            changes["category"] = code[:40]
    if "activity_type" in data:
        code = str(data["activity_type"] or "").strip()
        codes = [entry["code"] for entry in (rules or {}).get("activity_types", [])]
        if code and rules is not None and code not in codes:
            errors["activity_type"] = [_("Choose one of the kinds of activity of this regulation.")]
        else:
            changes["activity_type"] = code[:40]
    if "activity_starts_on" in data:
        try:
            changes["activity_starts_on"] = parse_day(data["activity_starts_on"])
        except (TypeError, ValueError):
            errors["activity_starts_on"] = [_("Enter a date, like 30/06/2025.")]
    if "amount_requested" in data:
        value = data["amount_requested"]
        if _empty(value):
            changes["amount_requested"] = None
        else:
            try:
                changes["amount_requested"] = _amount(value, "amount_requested")
            except Invalid as error:
                errors["amount_requested"] = [str(error.message)]
    if "answers" in data:
        given = data["answers"]
        if not isinstance(given, Mapping):
            errors["answers"] = [_("The answers must be a set of question keys and answers.")]
        else:
            questions = {
                str(q.get("key")): q
                for q in application.call.form or []
                if q.get("type") in ANSWERED
            }
            answers = dict(application.answers or {})
            for key, value in given.items():
                question = questions.get(str(key))
                if question is None:
                    errors[f"answers.{key}"] = [
                        _("This call's form has no question “%(key)s”.") % {"key": str(key)[:40]}
                    ]
                    continue
                if _empty(value):
                    answers.pop(str(key), None)
                    continue
                try:
                    answer = _answer(question, value)
                except ValueError as error:
                    errors[f"answers.{key}"] = [str(error)]
                    continue
                if answer == "":
                    answers.pop(str(key), None)
                else:
                    answers[str(key)] = answer
            changes["answers"] = answers
    if "budget" in data:
        changes["budget"] = _parse_budget(data["budget"], rules, errors)
    if errors:
        count = len(errors)
        raise Invalid(
            ngettext(
                "Nothing was saved: %(count)s field needs another look.",
                "Nothing was saved: %(count)s fields need another look.",
                count,
            )
            % {"count": count},
            fields=errors,
        )
    return changes


# --- Starting and saving ---------------------------------------------------------------------


def application_start(*, call: Call, organisation: Any, by: Any, title: str = "") -> Application:
    """A new draft of ``organisation`` in ``call``, under the regulation version of the call."""
    _require_member(by, organisation)
    now = timezone.now()
    if not call.published or now < call.opens_at:
        raise Conflict(
            _("This call opens on %(moment)s; you can start an application from then on.")
            % {"moment": _moment(call.opens_at)},
            code="call_not_open",
        )
    if now >= call.closes_at:
        raise Conflict(
            _("This call closed on %(moment)s; you can no longer start an application.")
            % {"moment": _moment(call.closes_at)},
            code="call_closed",
        )
    title = text(title, "title", limit=200, required=False)
    version = call.regulation_version
    if version is None:
        regulation = getattr(call.instrument, "regulation", None)
        version = regulation.current() if regulation is not None else None
    with transaction.atomic():
        drafts = Application.objects.filter(
            call=call, organisation=organisation, status=ApplicationStatus.DRAFT
        ).count()
        if drafts >= MAX_DRAFTS:
            raise Conflict(
                _(
                    "Your organisation already has %(count)s drafts in this call. Finish or "
                    "withdraw one first."
                )
                % {"count": drafts},
                code="too_many_drafts",
            )
        application = Application.objects.create(
            reference=f"tmp-{uuid.uuid4().hex[:16]}",
            call=call,
            organisation=organisation,
            regulation_version=version,
            title=title,
            created_by=by if getattr(by, "pk", None) else None,
            created_at=now,
            updated_at=now,
        )
        year = timezone.localtime(now, BRUSSELS).year
        application.reference = f"AV{year}-{application.pk:06d}"
        application.save(update_fields=["reference"])
        log(
            by=by,
            subject=application,
            change="started",
            to_state=ApplicationStatus.DRAFT,
            organisation=organisation,
        )
        timeline_record(
            organisation=organisation,
            kind="funding.application_started",
            actor=by,
            subject=application,
            data={"title": title or application.reference, "reference": application.reference},
        )
    return application


def application_save(*, application: Application, by: Any, data: Mapping[str, Any]) -> Application:
    """Save the fields in ``data`` (any of ``SAVABLE``); the others stay as they are.

    Every problem is reported at once (``Invalid`` with ``fields``) and then nothing is
    saved. Refused once the application is submitted (``Conflict``).
    """
    _require_member(by, application)
    with transaction.atomic():
        locked = _lock(application)
        refusal = edit_refusal(locked)
        if refusal:
            raise Conflict(refusal, code="not_editable")
        changes = _cleaned(locked, data)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*changes, "updated_at"])
    for name, value in changes.items():
        setattr(application, name, value)
    application.updated_at = locked.updated_at
    return locked


# --- Attachments ------------------------------------------------------------------------------


_EXTENSIONS = {"pdf": {"pdf"}, "odt": {"odt"}, "docx": {"docx"}}


def _safe_name(name: str, kind: str) -> str:
    base = PurePath(str(name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip(" .")
    if not base:
        base = f"document.{kind}"
    if len(base) > 200:
        stem, _dot, ext = base.rpartition(".")
        base = f"{stem[: 190 - len(ext)]}.{ext}" if stem else base[:200]
    return base


def attachment_add(
    *, application: Application, code: str, upload: Any, by: Any
) -> ApplicationAttachment:
    """Add a document (PDF, ODT or DOCX, checked by its content and size) for ``code``."""
    _require_member(by, application)
    code = str(code or "").strip()
    known = dict(attachment_codes(application))
    if code not in known:
        message = _("This application does not ask for a document “%(code)s”.") % {
            "code": code[:40]
        }
        raise Invalid(message, fields={"code": [message]})
    if upload is None:
        message = _("Choose a file to add.")
        raise Invalid(message, fields={"file": [message]})
    kind = document_check(upload, field="file")
    name = _safe_name(getattr(upload, "name", ""), kind)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in _EXTENSIONS[kind]:
        message = _(
            "The name of this file says it is a “%(extension)s” file, but it is a %(kind)s "
            "file. Rename it or save it again as the right kind of file."
        ) % {"extension": extension or "?", "kind": kind.upper()}
        raise Invalid(message, fields={"file": [message]}, code="wrong_extension")
    digest = hashlib.sha256()
    upload.seek(0)
    size = 0
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    with transaction.atomic():
        locked = _lock(application)
        refusal = edit_refusal(locked)
        if refusal:
            raise Conflict(refusal, code="not_editable")
        if locked.attachments.count() >= MAX_ATTACHMENTS:
            raise Conflict(
                _("An application has at most %(count)s documents. Remove one first.")
                % {"count": MAX_ATTACHMENTS}
            )
        attachment = ApplicationAttachment(
            application=locked,
            code=code,
            name=name,
            content_type=CONTENT_TYPES[kind],
            size=size,
            sha256=digest.hexdigest(),
            uploaded_by=by if getattr(by, "pk", None) else None,
        )
        attachment.file.save(f"{locked.reference}-{code}.{kind}", File(upload), save=False)
        attachment.save()
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
        log(
            by=by,
            subject=locked,
            change="attachment_added",
            to_state=code,
            reason=f"{name} sha256:{attachment.sha256}",
            organisation=locked.organisation,
        )
    return attachment


def attachment_remove(*, attachment: ApplicationAttachment, by: Any) -> None:
    """Remove a document while the application can still be changed. A file that a
    snapshot lists (an earlier submission) stays stored, so that snapshot stays provable."""
    application = attachment.application
    _require_member(by, application)
    with transaction.atomic():
        locked = _lock(application)
        refusal = edit_refusal(locked)
        if refusal:
            raise Conflict(refusal, code="not_editable")
        row = ApplicationAttachment.objects.filter(pk=attachment.pk, application=locked).first()
        if row is None:
            raise NotFound(_("This document is no longer part of the application."))
        kept = any(
            row.sha256 in {item.get("sha256") for item in snap.content.get("attachments", [])}
            for snap in locked.snapshots.all()
        )
        name, storage = row.file.name, row.file.storage
        row.delete()
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
        log(
            by=by,
            subject=locked,
            change="attachment_removed",
            from_state=row.code,
            reason=f"{row.name} sha256:{row.sha256}",
            organisation=locked.organisation,
        )
        if not kept and name:
            transaction.on_commit(lambda: storage.delete(name))


# --- The check ----------------------------------------------------------------------------


def _budget_by_category(budget: Any) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for row in budget or []:
        try:
            amount = Decimal(str(row.get("amount")))
        except (InvalidOperation, AttributeError):
            continue
        code = str(row.get("category") or "")
        totals[code] = totals.get(code, Decimal("0")) + amount
    return totals


def budget_total(budget: Any) -> Decimal:
    return sum(_budget_by_category(budget).values(), Decimal("0.00"))


def grants_in_year(organisation: Any, year: int) -> int:
    return (
        Award.objects.filter(organisation=organisation, decided_on__year=year)
        .exclude(status=AwardStatus.CANCELLED)
        .count()
    )


def _missing_answers(application: Application, rules: Mapping[str, Any] | None) -> list[str]:
    problems: list[str] = []
    answers = application.answers or {}
    present = set(application.attachments.values_list("code", flat=True))
    required_by_rules = {e["code"] for e in (rules or {}).get("attachments_required", [])}
    for question in application.call.form or []:
        if not question.get("required"):
            continue
        kind = question.get("type")
        label = _label(question.get("label") or question.get("key"))
        if kind in ANSWERED and _empty(answers.get(str(question.get("key")))):
            problems.append(_("Answer the question “%(question)s”.") % {"question": label})
        elif kind == FieldType.BUDGET and budget_total(application.budget) <= 0:
            problems.append(_("Fill in the budget table."))
        elif kind == FieldType.FILE:
            code = str(question.get("attachment") or question.get("key") or "")
            if code not in present and code not in required_by_rules:
                problems.append(_("Add the document “%(question)s”.") % {"question": label})
    return problems


def application_check(application: Application, *, at: datetime | None = None) -> list[str]:
    """Every rule the application does not meet, as sentences; empty when it may be sent."""
    at = at or timezone.now()
    problems: list[str] = []
    if application.status == ApplicationStatus.DRAFT and at >= application.call.closes_at:
        problems.append(
            _("This call closed on %(moment)s; applications can no longer be submitted.")
            % {"moment": _moment(application.call.closes_at)}
        )
    elif application.status == ApplicationStatus.RETURNED:
        refusal = edit_refusal(application, at=at)
        if refusal:
            problems.append(refusal)
    if not application.title.strip():
        problems.append(_("Give your application a title."))
    rules = application_rules(application)
    if rules is not None:
        start = application.activity_starts_on
        year = start.year if start else timezone.localtime(at, BRUSSELS).year
        facts = Facts(
            organisation=application.organisation,
            category=application.category,
            submitted_at=at,
            activity_type=application.activity_type or None,
            activity_starts_on=start,
            amount=application.amount_requested,
            budget=_budget_by_category(application.budget),
            attachments=frozenset(application.attachments.values_list("code", flat=True)),
            grants_this_year=grants_in_year(application.organisation, year),
        )
        problems.extend(rules_check(rules, facts))
    problems.extend(_missing_answers(application, rules))
    return problems


# --- The frozen content -------------------------------------------------------------------


def application_content(application: Application) -> dict[str, Any]:
    """Everything the application says, as JSON: what a snapshot keeps."""
    version = application.regulation_version
    rules = application_rules(application)
    call = application.call
    organisation = application.organisation
    return {
        "schema": "middenveld.application/1",
        "reference": application.reference,
        "title": application.title,
        "status": application.status,
        "call": {
            "slug": call.slug,
            "title": call.title,
            "opens_at": call.opens_at.isoformat(),
            "closes_at": call.closes_at.isoformat(),
        },
        "organisation": {
            "id": organisation.pk,
            "name": organisation.name,
            "legal_form": organisation.legal_form,
            "kbo_number": organisation.kbo_number or "",
            "vcode": organisation.vcode or "",
        },
        "regulation": (
            {
                "version": version.number,
                "valid_from": version.valid_from.isoformat(),
                "rules_hash": version.rules_hash,
                "rules": rules,
            }
            if version is not None
            else None
        ),
        "category": application.category,
        "activity_type": application.activity_type,
        "activity_starts_on": (
            application.activity_starts_on.isoformat() if application.activity_starts_on else None
        ),
        "amount_requested": (
            euros(application.amount_requested)
            if application.amount_requested is not None
            else None
        ),
        "form": list(call.form or []),
        "answers": dict(application.answers or {}),
        "budget": list(application.budget or []),
        "budget_total": euros(budget_total(application.budget)),
        "attachments": [
            {
                "code": item.code,
                "name": item.name,
                "content_type": item.content_type,
                "size": item.size,
                "sha256": item.sha256,
            }
            for item in application.attachments.order_by("uploaded_at", "id")
        ],
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
    }


# --- Submitting, sending back, withdrawing ---------------------------------------------------


def _already_submitted(application: Application) -> Conflict:
    return Conflict(
        _("This application was already submitted on %(moment)s. Nothing was changed.")
        % {"moment": _moment(application.submitted_at or timezone.now())},
        code="already_submitted",
    )


def application_submit(*, application: Application, by: Any) -> Snapshot:
    """Submit: the deadline by server time, then every rule; frozen as a snapshot, with a
    receipt (and a PDF copy) to the person who submits. A second submit changes nothing."""
    _require_member(by, application)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(application)
        if locked.status in FINAL:
            raise _already_submitted(locked)
        if locked.status == ApplicationStatus.WITHDRAWN:
            raise Conflict(
                _("This application was withdrawn; it can no longer be submitted."),
                code="withdrawn",
            )
        if locked.status == ApplicationStatus.DRAFT and now >= locked.call.closes_at:
            raise Conflict(
                _("The deadline of this call was %(moment)s; it is too late to submit.")
                % {"moment": _moment(locked.call.closes_at)},
                code="deadline_passed",
            )
        if (
            locked.status == ApplicationStatus.RETURNED
            and locked.return_deadline is not None
            and now >= _end_of_day(locked.return_deadline)
        ):
            raise Conflict(
                _(
                    "The deadline to complete this application was %(day)s; it is too late to submit."
                )
                % {"day": _day(locked.return_deadline)},
                code="deadline_passed",
            )
        problems = application_check(locked, at=now)
        if problems:
            raise Invalid(
                ngettext(
                    "This application cannot be submitted yet: %(count)s point needs your attention.",
                    "This application cannot be submitted yet: %(count)s points need your attention.",
                    len(problems),
                )
                % {"count": len(problems)},
                code="not_eligible",
                details={"problems": problems},
            )
        previous = locked.status
        locked.status = ApplicationStatus.SUBMITTED
        locked.submitted_at = now
        locked.updated_at = now
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        content = application_content(locked)
        snapshot = Snapshot.objects.create(
            application=locked,
            moment="submitted",
            content=content,
            sha256=fingerprint(content),
            at=now,
        )
        log(
            by=by,
            subject=locked,
            change="submitted",
            from_state=previous,
            to_state=ApplicationStatus.SUBMITTED,
            reason=f"sha256:{snapshot.sha256}",
            organisation=locked.organisation,
        )
        timeline_record(
            organisation=locked.organisation,
            kind="funding.application_submitted",
            actor=by,
            subject=locked,
            data={"title": locked.title, "reference": locked.reference},
        )
    _send_receipt(locked, snapshot, by)
    application.status, application.submitted_at = locked.status, locked.submitted_at
    return snapshot


def _send_receipt(application: Application, snapshot: Snapshot, by: Any) -> None:
    from middenveld.funding.receipt import application_pdf, pdf_filename

    email = getattr(by, "email", "")
    if not email:
        return
    language = getattr(by, "language", None) or "nl"
    data = application_pdf(snapshot.content, language=language, sha256=snapshot.sha256)
    send_templated_mail(
        to=email,
        template="funding/mail/receipt",
        language=language,
        context={
            "application": application,
            "snapshot": snapshot,
            "person": by,
            "submitted_at": timezone.localtime(snapshot.at, BRUSSELS),
            "url": _url(application),
        },
        attachments=[(pdf_filename(application.reference), data, "application/pdf")],
    )


def _url(application: Application) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(
        "funding:application", kwargs={"reference": application.reference}
    )


def application_return(
    *, application: Application, by: Any, message: str, deadline: Any
) -> Application:
    """Staff send a submitted application back for completion, with what is missing and
    the day by which it must come back."""
    decision = access.check("funding.manage", by)
    if not decision:
        raise Forbidden(decision.reason or _("Only city staff can send an application back."))
    errors: dict[str, list[str]] = {}
    try:
        why = text(message, "message", limit=5000)
    except Invalid as error:
        errors["message"] = [str(error.message)]
        why = ""
    today = timezone.localdate()
    try:
        day = parse_day(deadline)
    except (TypeError, ValueError):
        day = None
        errors["deadline"] = [_("Enter a date, like 30/06/2025.")]
    else:
        if day is None:
            errors["deadline"] = [_("Give the day by which the application must be complete.")]
        elif day <= today:
            errors["deadline"] = [_("The deadline must be after today.")]
        elif day > today + timedelta(days=366):
            errors["deadline"] = [_("The deadline can be at most a year from now.")]
    if errors:
        raise Invalid(
            _("The application was not sent back. Look at the fields marked."), fields=errors
        )
    assert day is not None
    with transaction.atomic():
        locked = _lock(application)
        if locked.status != ApplicationStatus.SUBMITTED:
            raise Conflict(
                _("Only a submitted application can be sent back; this one is %(status)s.")
                % {"status": locked.get_status_display()},
                code="not_submitted",
            )
        if Decision.objects.filter(application=locked).exists():
            raise Conflict(
                _("A decision was already taken on this application; it cannot be sent back."),
                code="decided",
            )
        locked.status = ApplicationStatus.RETURNED
        locked.return_message = why
        locked.return_deadline = day
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "return_message", "return_deadline", "updated_at"])
        log(
            by=by,
            subject=locked,
            change="returned",
            from_state=ApplicationStatus.SUBMITTED,
            to_state=ApplicationStatus.RETURNED,
            reason=why,
            organisation=locked.organisation,
        )
        timeline_record(
            organisation=locked.organisation,
            kind="funding.application_returned",
            actor=by,
            subject=locked,
            data={
                "title": locked.title,
                "reference": locked.reference,
                "deadline": day.isoformat(),
            },
        )
    person = submitter(locked)
    if person is not None and person.email:
        send_templated_mail(
            to=person.email,
            template="funding/mail/returned",
            language=getattr(person, "language", None) or "nl",
            context={
                "application": locked,
                "message": why,
                "deadline": day,
                "person": person,
                "url": _url(locked),
            },
        )
    application.status = locked.status
    return locked


def application_withdraw(*, application: Application, by: Any) -> Application:
    """A member withdraws the application; not after a decision."""
    _require_member(by, application)
    with transaction.atomic():
        locked = _lock(application)
        if locked.status == ApplicationStatus.WITHDRAWN:
            raise Conflict(_("This application was already withdrawn."), code="withdrawn")
        if (
            locked.status
            in (
                ApplicationStatus.AWARDED,
                ApplicationStatus.REJECTED,
            )
            or Decision.objects.filter(application=locked).exists()
        ):
            raise Conflict(
                _(
                    "A decision was already taken on this application; it can no longer be withdrawn."
                ),
                code="decided",
            )
        previous = locked.status
        now = timezone.now()
        locked.status = ApplicationStatus.WITHDRAWN
        # A draft withdrawn before it was ever submitted keeps no submission moment.
        locked.updated_at = now
        locked.save(update_fields=["status", "updated_at"])
        log(
            by=by,
            subject=locked,
            change="withdrawn",
            from_state=previous,
            to_state=ApplicationStatus.WITHDRAWN,
            organisation=locked.organisation,
        )
        timeline_record(
            organisation=locked.organisation,
            kind="funding.application_withdrawn",
            actor=by,
            subject=locked,
            data={"title": locked.title or locked.reference, "reference": locked.reference},
        )
    application.status = locked.status
    return locked
