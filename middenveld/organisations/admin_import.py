"""Import and export of the register in the staff back office (/beheer/).

Two plain views; ``OrganisationAdmin.get_urls`` mounts them, wrapped by the
staff site's ``admin_view``, as ``import/`` ("organisations_organisation_import")
and ``export/`` ("organisations_organisation_export"). Each also checks the rule
"organisations.import" itself.

The import page has one form with two buttons: "Check the file" (a dry run)
and "Import". The file travels with each of them, so a real import after a check
means choosing the file again. That keeps the app stateless (no uploaded file
waits on one server's disk between two requests) and the real import checks
every row again anyway: it writes nothing unless every row is valid.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from middenveld.core import rules
from middenveld.core.admin_site import staff_site
from middenveld.core.errors import DomainError
from middenveld.organisations.exporting import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_lines,
    write_xlsx,
)
from middenveld.organisations.importing import (
    COLUMNS,
    MAX_BYTES,
    ImportReport,
    organisations_import,
    reference_lists,
)
from middenveld.organisations.models import Organisation, Status

FORMATS = ("csv", "xlsx")


def _require_import(request: HttpRequest) -> None:
    decision = rules.check("organisations.import", request.user)
    if not decision:
        raise PermissionDenied(decision.reason)


def _admin_url(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(f"admin:{name}", kwargs=kwargs or None, current_app=staff_site.name)
    except NoReverseMatch:
        return None


def _references() -> list[tuple[str, str, list[tuple[str, str]]]]:
    lists = reference_lists()
    return [
        ("legal_form", _("Legal forms"), lists["legal_forms"]),
        ("working_forms", _("Working forms"), lists["working_forms"]),
        ("target_groups", _("Target groups"), lists["target_groups"]),
        ("districts", _("Districts"), lists["districts"]),
        ("languages", _("Languages"), lists["languages"]),
    ]


def import_view(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    request.current_app = staff_site.name  # type: ignore[attr-defined]
    report: ImportReport | None = None
    error = ""
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        dry_run = "_import" not in request.POST
        if upload is None:
            error = _("Choose a CSV or XLSX file first.")
        else:
            try:
                report = organisations_import(
                    file=upload, filename=upload.name or "", by=request.user, dry_run=dry_run
                )
            except DomainError as exc:
                error = str(exc)
        if error or (report is not None and not report.is_valid):
            status = 422
    context = {
        **staff_site.each_context(request),
        "title": _("Import organisations"),
        "report": report,
        "error": error,
        "max_mb": MAX_BYTES // 1_000_000,
        "columns": COLUMNS,
        "references": _references(),
        "statuses": Status.choices,
        "export_url": _admin_url("organisations_organisation_export"),
        "changelist_url": _admin_url("organisations_organisation_changelist"),
        "app_url": _admin_url("app_list", app_label="organisations"),
        "opts": Organisation._meta,
    }
    return TemplateResponse(request, "organisations/admin/import.html", context, status=status)


def export_view(request: HttpRequest) -> HttpResponseBase:
    """``?format=csv|xlsx`` (default csv) and optionally ``&status=verified`` (or another)."""
    _require_import(request)
    fmt = request.GET.get("format") or "csv"
    status = request.GET.get("status") or ""
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            _("Choose the format csv or xlsx."), content_type="text/plain; charset=utf-8"
        )
    if status and status not in Status.values:
        return HttpResponseBadRequest(
            _("Choose a status from the list, or none for every organisation."),
            content_type="text/plain; charset=utf-8",
        )
    organisations = Organisation.objects.all()
    if status:
        organisations = organisations.filter(status=status)
    suffix = f"-{status}" if status else ""
    filename = f"organisations{suffix}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(organisations), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # An XLSX is a zip archive that can only be written whole: build it in a temporary
    # file (openpyxl's write-only mode streams the rows into it), then send that.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_xlsx(organisations, spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
