"""An application as people read it: on its page and as a PDF copy (ADR 14).

Both start from the application's content (``services.applications.application_content``,
or a ``Snapshot.content`` once it was submitted), so the PDF of a submitted application
shows it exactly as it was frozen, whatever changed afterwards, and names the
snapshot's SHA-256 so that anyone can prove it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from middenveld.core.pdf import PdfDocument
from middenveld.funding.models import ApplicationStatus, FieldType
from middenveld.funding.money import format_euros


def pdf_filename(reference: str) -> str:
    return f"aanvraag-{reference}.pdf"


def _language() -> str:
    return (translation.get_language() or "nl").split("-")[0]


def _name(value: Any, fallback: str = "") -> str:
    if isinstance(value, Mapping):
        return str(value.get(_language()) or value.get("nl") or next(iter(value.values()), ""))
    return str(value or fallback)


def _euros(value: Any) -> str:
    if value in (None, ""):
        return "—"
    return format_euros(Decimal(str(value)), _language())


def _day(value: str | None) -> str:
    if not value:
        return "—"
    return formats.date_format(date.fromisoformat(value), "j F Y")


def _moment(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(timezone.localtime(datetime.fromisoformat(value)), "j F Y, H:i")


@dataclass
class Readable:
    """The content of an application in the reader's language."""

    reference: str
    title: str
    organisation: str
    call: str
    status: str
    submitted_at: str
    regulation: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)
    budget: list[tuple[str, str, str]] = field(default_factory=list)
    budget_total: str = ""
    attachments: list[dict[str, str]] = field(default_factory=list)


def readable(content: Mapping[str, Any]) -> Readable:
    """What the page and the PDF show, from the content (in the active language)."""
    rules = (content.get("regulation") or {}).get("rules") or {}
    categories = {e["code"]: _name(e.get("name"), e["code"]) for e in rules.get("categories", [])}
    types = {e["code"]: _name(e.get("name"), e["code"]) for e in rules.get("activity_types", [])}
    costs = {e["code"]: _name(e.get("name"), e["code"]) for e in rules.get("cost_categories", [])}
    documents = {
        e["code"]: _name(e.get("name"), e["code"]) for e in rules.get("attachments_required", [])
    }
    regulation = content.get("regulation")
    status = str(content.get("status") or "")
    result = Readable(
        reference=str(content.get("reference", "")),
        title=str(content.get("title") or ""),
        organisation=str((content.get("organisation") or {}).get("name", "")),
        call=str((content.get("call") or {}).get("title", "")),
        status=str(ApplicationStatus(status).label) if status in ApplicationStatus.values else "",
        submitted_at=_moment(content.get("submitted_at")),
        regulation=(
            _("Version %(number)s, valid from %(day)s")
            % {"number": regulation["version"], "day": _day(regulation["valid_from"])}
            if regulation
            else "—"
        ),
    )
    category = str(content.get("category") or "")
    activity = str(content.get("activity_type") or "")
    result.fields = [
        (_("Title"), result.title or "—"),
        (_("Category"), categories.get(category, category) or "—"),
        (_("Kind of activity"), types.get(activity, activity) or "—"),
        (_("The activity starts on"), _day(content.get("activity_starts_on"))),
        (_("Amount requested"), _euros(content.get("amount_requested"))),
    ]
    answers = content.get("answers") or {}
    for question in content.get("form") or []:
        kind = question.get("type")
        key = str(question.get("key"))
        label = _name(question.get("label"), key)
        if kind in (FieldType.FILE, FieldType.BUDGET):
            continue
        value = answers.get(key)
        if value in (None, ""):
            shown = "—"
        elif kind == FieldType.MONEY:
            shown = _euros(value)
        elif kind == FieldType.DATE:
            shown = _day(str(value))
        elif kind == FieldType.CHOICE:
            labels = {
                str(c.get("value")): _name(c.get("label"), str(c.get("value")))
                for c in question.get("choices") or []
                if isinstance(c, Mapping)
            }
            shown = labels.get(str(value), str(value))
        else:
            shown = str(value)
        result.answers.append((label, shown))
    for question in content.get("form") or []:
        if question.get("type") == FieldType.FILE:
            code = str(question.get("attachment") or question.get("key") or "")
            documents.setdefault(code, _name(question.get("label"), code))
    result.budget = [
        (
            costs.get(str(row.get("category")), str(row.get("category"))),
            str(row.get("description") or ""),
            _euros(row.get("amount")),
        )
        for row in content.get("budget") or []
    ]
    result.budget_total = _euros(content.get("budget_total") or "0")
    result.attachments = [
        {
            "kind": documents.get(str(item.get("code")), str(item.get("code"))),
            "name": str(item.get("name")),
            "size": formats.number_format(max(1, round(int(item.get("size") or 0) / 1024))),
            "sha256": str(item.get("sha256")),
        }
        for item in content.get("attachments") or []
    ]
    return result


def application_pdf(
    content: Mapping[str, Any], *, language: str, sha256: str | None = None
) -> bytes:
    """The application as a PDF in ``language``: the snapshot's content when it was
    submitted (``sha256`` its fingerprint), or the draft as it stands."""
    with translation.override(language):
        view = readable(content)
        if sha256:
            footer = _("Application %(reference)s · SHA-256 %(hash)s") % {
                "reference": view.reference,
                "hash": sha256[:16],
            }
        else:
            footer = _("Application %(reference)s · draft") % {"reference": view.reference}
        doc = PdfDocument(
            title=_("Application %(reference)s") % {"reference": view.reference},
            language=language,
            subject=view.call,
            author=view.organisation,
            footer=footer,
        )
        if sha256:
            doc.paragraph(
                _("Submitted on %(moment)s by %(organisation)s in the call “%(call)s”.")
                % {
                    "moment": view.submitted_at,
                    "organisation": view.organisation,
                    "call": view.call,
                }
            )
            doc.paragraph(
                _(
                    "This copy shows the application exactly as it was submitted. Its "
                    "fingerprint (SHA-256) is %(hash)s."
                )
                % {"hash": sha256},
                small=True,
            )
        else:
            doc.paragraph(
                _(
                    "This is a draft of %(organisation)s in the call “%(call)s”. It has not "
                    "been submitted."
                )
                % {"organisation": view.organisation, "call": view.call}
            )
        doc.paragraph(_("Regulation: %(version)s") % {"version": view.regulation}, small=True)
        doc.table([_("Question"), _("Answer")], view.fields + view.answers, widths=(2, 3))
        if view.budget:
            doc.table(
                [_("Cost category"), _("Description"), _("Amount")],
                [*[list(row) for row in view.budget], [_("Total"), "", view.budget_total]],
                caption=_("Budget"),
                widths=(2, 3, 1.4),
            )
        if view.attachments:
            doc.table(
                [_("Document"), _("File"), _("SHA-256")],
                [
                    [item["kind"], item["name"], item["sha256"][:16] + "…"]
                    for item in view.attachments
                ],
                caption=_("Documents"),
                widths=(2, 2.5, 2),
            )
        return doc.render()
