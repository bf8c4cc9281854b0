"""Funding in the back office (/beheer/funding/), for city staff (``funding.manage``).

* instruments; budgets with their lines: a line's budgeted amount can be typed, what is
  committed and paid is read only (only awards, payments and reclaims move it, through
  ``services``); moving money between lines is a transfer with a reason (read only here);
* regulation versions are read only: a version is imported from a file on the set-up
  pages (``services.setup.regulation_version_import``) and never edited, because
  applications keep the version they were made under;
* calls with their assessors;
* applications: read only once submitted (the applicant's content is frozen; status
  changes go through the staff pages so they are logged); a draft is the applicant's;
* awards with payments and report obligations: amounts read only (``award_create`` commits
  them on a line); agreements with their years, indicators and amendments;
* the log of every change, read only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from middenveld.core.admin_site import RulesInlineMixin, RulesModelAdmin, staff_site
from middenveld.funding.models import (
    Agreement,
    AgreementYear,
    Amendment,
    Application,
    ApplicationAttachment,
    Award,
    Budget,
    BudgetLine,
    BudgetTransfer,
    Call,
    CallAssessor,
    FundingLog,
    Indicator,
    Instrument,
    Payment,
    RegulationVersion,
    ReportObligation,
)

PERMISSION = "funding.manage"


class ReadOnlyMixin:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Instruments, budgets, lines ----------------------------------------------------------


@admin.register(Instrument, site=staff_site)
class InstrumentAdmin(RulesModelAdmin):
    permission = PERMISSION
    list_display = ("name", "kind", "published", "order")
    list_filter = ("kind", "published")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "kind", "summary", "published", "order")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # budgets, calls and awards point at it


class BudgetLineInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = BudgetLine
    extra = 0
    fields = ("code", "name", "amount", "committed", "paid", "decision_note")
    readonly_fields = ("committed", "paid")
    can_delete = False


@admin.register(Budget, site=staff_site)
class BudgetAdmin(RulesModelAdmin):
    permission = PERMISSION
    inlines = (BudgetLineInline,)
    list_display = ("instrument", "year")
    list_filter = ("year", "instrument")
    list_select_related = ("instrument",)
    fields = ("instrument", "year")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BudgetLine, site=staff_site)
class BudgetLineAdmin(RulesModelAdmin):
    permission = PERMISSION
    list_display = ("name", "budget", "amount", "committed", "paid", "available")
    list_filter = ("budget__year", "budget__instrument")
    list_select_related = ("budget__instrument",)
    search_fields = ("name", "code")
    fields = (
        "budget",
        "code",
        "name",
        "amount",
        "committed",
        "paid",
        "available",
        "decided_by_ballot",
        "decision_note",
    )
    readonly_fields = ("committed", "paid", "available")
    raw_id_fields = ("decided_by_ballot",)

    @admin.display(description=_("available"))
    def available(self, obj: BudgetLine) -> Any:
        return obj.available if obj.pk else "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Once made, a line stays on its budget; its amount moves by a transfer or here,
        # and the CHECK constraint refuses an amount below what is committed.
        return (*self.readonly_fields, "budget") if obj is not None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BudgetTransfer, site=staff_site)
class BudgetTransferAdmin(ReadOnlyMixin, RulesModelAdmin):
    permission = PERMISSION
    list_display = ("at", "from_line", "to_line", "amount", "reason", "by")
    list_select_related = ("from_line__budget__instrument", "to_line__budget__instrument", "by")


# --- Regulations and calls ----------------------------------------------------------------


@admin.register(RegulationVersion, site=staff_site)
class RegulationVersionAdmin(ReadOnlyMixin, RulesModelAdmin):
    permission = PERMISSION
    list_display = ("regulation", "number", "valid_from", "note", "created_at")
    list_filter = ("regulation",)
    list_select_related = ("regulation__instrument",)
    fields = ("regulation", "number", "valid_from", "note", "rules", "rules_hash", "created_by", "created_at")  # fmt: skip


class CallAssessorInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = CallAssessor
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Call, site=staff_site)
class CallAdmin(RulesModelAdmin):
    permission = PERMISSION
    inlines = (CallAssessorInline,)
    list_display = ("title", "instrument", "line", "opens_at", "closes_at", "published")
    list_filter = ("published", "instrument")
    list_select_related = ("instrument", "line__budget__instrument")
    search_fields = ("title", "slug")
    date_hierarchy = "opens_at"
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "title",
        "slug",
        "description",
        "instrument",
        "line",
        "regulation_version",
        "opens_at",
        "closes_at",
        "form",
        "rubric",
        "published",
    )
    raw_id_fields = ("line", "regulation_version")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Once applications are in, what they were made under stays (as ``call_save``).
        if obj is not None and obj.applications.exists():
            return ("instrument", "line", "regulation_version", "form", "rubric")
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Applications -------------------------------------------------------------------------


class AttachmentInline(ReadOnlyMixin, RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = ApplicationAttachment
    extra = 0
    fields = ("code", "name", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = fields


@admin.register(Application, site=staff_site)
class ApplicationAdmin(ReadOnlyMixin, RulesModelAdmin):
    """Read only: an application is the organisation's; staff act on it on the staff
    pages (send back, decide), which log every change."""

    permission = PERMISSION
    inlines = (AttachmentInline,)
    list_display = ("reference", "title", "organisation", "call", "status", "amount_requested", "submitted_at")  # fmt: skip
    list_filter = ("status", "call__instrument")
    list_select_related = ("organisation", "call")
    search_fields = ("reference", "title", "organisation__name")
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    fields = (
        "reference",
        "call",
        "organisation",
        "regulation_version",
        "title",
        "category",
        "activity_type",
        "activity_starts_on",
        "amount_requested",
        "answers",
        "budget",
        "status",
        "submitted_at",
        "return_message",
        "return_deadline",
        "created_at",
    )


# --- Awards and agreements ------------------------------------------------------------------


class PaymentInline(ReadOnlyMixin, RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = Payment
    extra = 0
    fields = ("kind", "amount", "due_on", "paid_on")
    readonly_fields = fields


class ReportInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = ReportObligation
    extra = 0
    fields = ("kind", "due_on", "submitted_at", "accepted_at", "spent", "activities")
    readonly_fields = ("kind", "submitted_at", "accepted_at", "spent", "activities")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Award, site=staff_site)
class AwardAdmin(RulesModelAdmin):
    """Amounts, the line and the organisation are read only: ``award_create`` committed
    them; a reclaim goes through ``award_reclaim``. Conditions can be corrected."""

    permission = PERMISSION
    inlines = (PaymentInline, ReportInline)
    list_display = ("identifier", "organisation", "line", "amount", "reclaimed", "decided_on", "status")  # fmt: skip
    list_filter = ("status", "line__budget__year", "line__budget__instrument")
    list_select_related = ("organisation", "line__budget__instrument")
    search_fields = ("identifier", "title", "organisation__name", "decision_reference")
    date_hierarchy = "decided_on"
    show_full_result_count = False
    fields = (
        "identifier",
        "organisation",
        "line",
        "application",
        "agreement_year",
        "distribution",
        "title",
        "amount",
        "reclaimed",
        "decision_reference",
        "decided_on",
        "appeal_until",
        "status",
        "conditions",
    )
    readonly_fields = tuple(f for f in fields if f != "conditions")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # an award comes from a decision, a distribution or an agreement

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgreementYearInline(ReadOnlyMixin, RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = AgreementYear
    extra = 0
    fields = ("year", "amount", "line")
    readonly_fields = fields


class IndicatorInline(ReadOnlyMixin, RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = Indicator
    extra = 0
    fields = ("name", "unit", "target")
    readonly_fields = fields


class AmendmentInline(ReadOnlyMixin, RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = Amendment
    extra = 0
    fields = ("number", "signed_on", "description")
    readonly_fields = fields


@admin.register(Agreement, site=staff_site)
class AgreementAdmin(RulesModelAdmin):
    """Years, indicators and amendments are added on the agreement pages (``services``);
    the title and the signing day can be corrected here."""

    permission = PERMISSION
    inlines = (AgreementYearInline, IndicatorInline, AmendmentInline)
    list_display = ("reference", "title", "organisation", "starts_on", "ends_on", "signed_on")
    list_select_related = ("organisation",)
    search_fields = ("reference", "title", "organisation__name")
    fields = ("reference", "instrument", "organisation", "title", "starts_on", "ends_on", "signed_on")  # fmt: skip
    readonly_fields = ("reference", "instrument", "organisation", "starts_on", "ends_on")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # ``agreement_create`` checks the years and lines

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FundingLog, site=staff_site)
class FundingLogAdmin(ReadOnlyMixin, RulesModelAdmin):
    permission = PERMISSION
    list_display = ("at", "subject", "subject_id", "change", "from_state", "to_state", "by")
    list_filter = ("subject", "change")
    list_select_related = ("by",)
    search_fields = ("reason",)
    show_full_result_count = False
