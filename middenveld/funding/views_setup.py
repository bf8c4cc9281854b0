"""Staff set-up pages (rule ``funding.manage``): budgets and lines, regulations, calls.

* ``/subsidies/beheer/``: the budgets of a year per instrument, each line with budgeted,
  committed, paid and available; new budgets and lines; transfers between lines with a
  reason; the participation decision behind a line.
* ``/subsidies/beheer/reglementen/<instrument>/``: the versions of a regulation, export as
  YAML or JSON, import a new version.
* ``/subsidies/beheer/oproepen/``: the calls; a new call or a change, with its form and rubric.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import time
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.errors import DomainError
from middenveld.funding.forms_setup import (
    BudgetForm,
    CallForm,
    CriterionRows,
    FieldRows,
    LineDecisionForm,
    LineForm,
    RegulationImportForm,
    TransferForm,
    rows_of,
)
from middenveld.funding.models import (
    Budget,
    BudgetLine,
    BudgetTransfer,
    Call,
    Instrument,
    RegulationVersion,
)
from middenveld.funding.money import format_euros
from middenveld.funding.regulation import rules_dump
from middenveld.funding.services import budget as budget_services
from middenveld.funding.services import setup as setup_services
from middenveld.organisations.forms import add_domain_error

CALLS_PER_PAGE = 100
TRANSFERS_SHOWN = 50


def staff_only(request: HttpRequest) -> None:
    """Only city staff; a clear refusal for everyone else."""
    decision = rules.check("funding.manage", request.user)
    if not decision:
        raise PermissionDenied(str(decision.reason or _("Only city staff can do this.")))


def money(value: Decimal) -> str:
    return format_euros(value, get_language() or "nl")


def refuse(error: DomainError) -> None:
    if error.http_status == 403:
        raise PermissionDenied(str(error.message)) from None
    if error.http_status == 404:
        raise Http404(str(error.message)) from None


def by_pk(model: Any, value: Any, queryset: Any = None) -> Any:
    raw = str(value or "")
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    found = (queryset if queryset is not None else model.objects).filter(pk=int(raw)).first()
    if found is None:
        raise Http404
    return found


# --- Budgets -----------------------------------------------------------------------------


def _year(request: HttpRequest, years: list[int]) -> int:
    raw = request.GET.get("jaar", "")[:4]
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    today = timezone.localdate().year
    if today in years or not years:
        return today
    return max(years)


def _home(
    request: HttpRequest,
    *,
    budget_form: BudgetForm | None = None,
    line_form: LineForm | None = None,
    transfer_form: TransferForm | None = None,
    status: int = 200,
    year: int | None = None,
) -> HttpResponse:
    years = sorted(set(Budget.objects.values_list("year", flat=True)), reverse=True)
    year = year if year in years else _year(request, years)
    budgets = list(
        Budget.objects.filter(year=year)
        .select_related("instrument")
        .order_by("instrument__order", "instrument__name")
    )
    lines = (
        BudgetLine.objects.filter(budget__year=year)
        .select_related("budget", "decided_by_ballot")
        .annotate(calls_count=Count("calls"))
        .order_by("code")
    )
    by_budget: dict[int, list[dict[str, Any]]] = OrderedDict((b.pk, []) for b in budgets)
    for line in lines:
        by_budget.setdefault(line.budget_id, []).append(
            {
                "line": line,
                "budgeted": money(line.amount),
                "committed": money(line.committed),
                "paid": money(line.paid),
                "available": money(line.available),
                "calls": line.calls_count,
            }
        )
    groups = []
    for budget in budgets:
        rows = by_budget.get(budget.pk, [])
        totals = {
            key: money(sum((getattr(row["line"], attr) for row in rows), Decimal("0.00")))
            for key, attr in (
                ("budgeted", "amount"),
                ("committed", "committed"),
                ("paid", "paid"),
                ("available", "available"),
            )
        }
        groups.append({"budget": budget, "rows": rows, "totals": totals})
    transfers = list(
        BudgetTransfer.objects.filter(from_line__budget__year=year)
        .select_related("from_line", "to_line", "by")
        .order_by("-at")[:TRANSFERS_SHOWN]
    )
    budget_choices = Budget.objects.select_related("instrument").order_by(
        "-year", "instrument__name"
    )
    return render(
        request,
        "funding/setup/home.html",
        {
            "year": year,
            "years": years or [year],
            "groups": groups,
            "transfers": [
                {"transfer": transfer, "amount": money(transfer.amount)} for transfer in transfers
            ],
            "budget_form": budget_form or BudgetForm(initial={"year": year}),
            "line_form": line_form or LineForm(budgets=budget_choices),
            "transfer_form": transfer_form or TransferForm(),
            "instruments": Instrument.objects.all(),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def staff_home(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    return _home(request)


@never_cache
@login_required
@require_http_methods(["POST"])
def budget_new(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            budget = budget_services.budget_create(
                instrument=form.cleaned_data["instrument"],
                year=form.cleaned_data["year"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The budget is made. Add its lines."))
            return redirect(f"{reverse('funding:staff_home')}?jaar={budget.year}")
    return _home(request, budget_form=form, status=422)


@never_cache
@login_required
@require_http_methods(["POST"])
def line_new(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    budgets = Budget.objects.select_related("instrument").order_by("-year", "instrument__name")
    form = LineForm(request.POST, budgets=budgets)
    if form.is_valid():
        data = form.cleaned_data
        try:
            line = budget_services.line_create(
                budget=data["budget"],
                code=data["code"],
                name=data["name"],
                amount=data["amount"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The line %(name)s is made.") % {"name": line.name})
            return redirect(f"{reverse('funding:staff_home')}?jaar={line.budget.year}")
    return _home(request, line_form=form, status=422)


@never_cache
@login_required
@require_http_methods(["POST"])
def line_transfer(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    form = TransferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            transfer = budget_services.line_transfer(
                from_line=data["from_line"],
                to_line=data["to_line"],
                amount=data["amount"],
                reason=data["reason"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(amount)s moved from %(from)s to %(to)s.")
                % {
                    "amount": money(transfer.amount),
                    "from": transfer.from_line.name,
                    "to": transfer.to_line.name,
                },
            )
            return redirect(f"{reverse('funding:staff_home')}?jaar={data['from_line'].budget.year}")
    chosen = getattr(form, "cleaned_data", {}).get("from_line")
    year = chosen.budget.year if chosen is not None else None
    return _home(request, transfer_form=form, status=422, year=year)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def line_decision(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    line = by_pk(BudgetLine, pk, BudgetLine.objects.select_related("budget__instrument"))
    if request.method == "POST":
        form = LineDecisionForm(request.POST)
        if form.is_valid():
            try:
                budget_services.line_set_decision(
                    line=line,
                    ballot=form.cleaned_data["ballot"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The decision behind this line is saved."))
                return redirect(f"{reverse('funding:staff_home')}?jaar={line.budget.year}")
        status = 422
    else:
        form = LineDecisionForm(
            initial={"ballot": line.decided_by_ballot_id, "note": line.decision_note}
        )
        status = 200
    return render(
        request,
        "funding/setup/line_decision.html",
        {"line": line, "form": form, "available": money(line.available)},
        status=status,
    )


# --- Regulations -------------------------------------------------------------------------


def _instrument(slug: str) -> Instrument:
    instrument = Instrument.objects.filter(slug=slug[:60]).first()
    if instrument is None:
        raise Http404
    return instrument


def _regulation_page(
    request: HttpRequest, instrument: Instrument, form: RegulationImportForm | None, status: int
) -> HttpResponse:
    regulation = setup_services.regulation_of(instrument)
    versions = list(regulation.versions.select_related("created_by")) if regulation.pk else []
    current = regulation.current() if regulation.pk else None
    return render(
        request,
        "funding/setup/regulation.html",
        {
            "instrument": instrument,
            "versions": versions,
            "current": current,
            "form": form or RegulationImportForm(initial={"valid_from": timezone.localdate()}),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def regulation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    staff_only(request)
    instrument = _instrument(slug)
    if request.method != "POST":
        return _regulation_page(request, instrument, None, 200)
    form = RegulationImportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = setup_services.regulation_version_import(
                regulation=setup_services.regulation_of(instrument),
                text=data["content"],
                format=data["chosen_format"],
                valid_from=data["valid_from"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            refuse(error)
            fields = error.details.get("fields") or {}
            if "text" in fields or "format" in fields or "valid_from" in fields:
                add_domain_error(form, error)
            else:
                form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("Version %(number)s is saved; it is in force from %(day)s.")
                % {"number": version.number, "day": version.valid_from.strftime("%d/%m/%Y")},
            )
            return redirect("funding:staff_regulation", slug=instrument.slug)
    return _regulation_page(request, instrument, form, 422)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def regulation_export(request: HttpRequest, slug: str, number: int, format: str) -> HttpResponse:  # noqa: A002
    staff_only(request)
    instrument = _instrument(slug)
    version = (
        RegulationVersion.objects.filter(regulation__instrument=instrument, number=number)
        .only("rules", "number")
        .first()
    )
    if version is None:
        raise Http404
    content = rules_dump(version.rules, format=format)  # type: ignore[arg-type]
    kind = "application/json" if format == "json" else "application/yaml"
    response = HttpResponse(content, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{instrument.slug}-v{version.number}.{format}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Calls -------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def call_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    calls = list(
        Call.objects.select_related("instrument", "line__budget", "regulation_version")
        .annotate(applications_count=Count("applications"))
        .order_by("-opens_at")[:CALLS_PER_PAGE]
    )
    now = timezone.now()
    return render(
        request,
        "funding/setup/call_list.html",
        {"calls": [{"call": call, "open": call.is_open(now)} for call in calls]},
    )


def _call_rows(call: Call | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if call is None:
        return [], []
    fields = [
        {
            "key": field.get("key", ""),
            "type": field.get("type", ""),
            "label_nl": (field.get("label") or {}).get("nl", ""),
            "label_en": (field.get("label") or {}).get("en", ""),
            "required": bool(field.get("required")),
            "choices": ", ".join(field.get("choices") or []),
            "attachment": field.get("attachment", ""),
        }
        for field in call.form or []
    ]
    criteria = [
        {
            "key": row.get("key", ""),
            "label_nl": (row.get("label") or {}).get("nl", ""),
            "label_en": (row.get("label") or {}).get("en", ""),
            "weight": str(row.get("weight", "")),
            "scale": str(row.get("scale", "")),
        }
        for row in call.rubric or []
    ]
    return fields, criteria


def _call_page(request: HttpRequest, call: Call | None) -> HttpResponse:
    if request.method == "POST":
        form = CallForm(request.POST)
        fields = FieldRows(request.POST, prefix="form")
        criteria = CriterionRows(request.POST, prefix="rubric")
        valid = form.is_valid() & fields.is_valid() & criteria.is_valid()
        if valid:
            data = form.cleaned_data
            try:
                saved = setup_services.call_save(
                    by=request.user,
                    call=call,
                    title=data["title"],
                    slug=data["slug"],
                    description=data["description"],
                    instrument=data["instrument"],
                    line=data["line"],
                    opens_on=data["opens_on"],
                    opens_time=data["opens_time"],
                    closes_on=data["closes_on"],
                    closes_time=data["closes_time"],
                    regulation_version=data["regulation_version"],
                    form=rows_of(fields),
                    rubric=rows_of(criteria),
                    published=data["published"],
                )
            except DomainError as error:
                refuse(error)
                _place_row_errors(form, fields, criteria, error)
            else:
                messages.success(
                    request, _("The call “%(title)s” is saved.") % {"title": saved.title}
                )
                return redirect("funding:staff_calls")
        status = 422
    else:
        field_rows, criterion_rows = _call_rows(call)
        initial: dict[str, Any] = {
            "published": True,
            "opens_time": time(9),
            "closes_time": time(23, 59),
        }
        if call is not None:
            opens = timezone.localtime(call.opens_at)
            closes = timezone.localtime(call.closes_at)
            initial = {
                "title": call.title,
                "slug": call.slug,
                "description": call.description,
                "instrument": call.instrument_id,
                "line": call.line_id,
                "opens_on": opens.date(),
                "opens_time": opens.time().replace(second=0, microsecond=0),
                "closes_on": closes.date(),
                "closes_time": closes.time().replace(second=0, microsecond=0),
                "regulation_version": call.regulation_version_id,
                "published": call.published,
            }
        form = CallForm(initial=initial)
        fields = FieldRows(initial=field_rows, prefix="form")
        criteria = CriterionRows(initial=criterion_rows, prefix="rubric")
        status = 200
    return render(
        request,
        "funding/setup/call_form.html",
        {"call": call, "form": form, "fields": fields, "criteria": criteria},
        status=status,
    )


def _place_row_errors(form: CallForm, fields: Any, criteria: Any, error: DomainError) -> None:
    """A service message about one row goes on that row's field (numbered among the rows
    that were filled in), the rest on the form."""
    placed = False
    for name, messages_ in (error.details.get("fields") or {}).items():
        prefix, _sep, rest = name.partition("-")
        if prefix in ("form", "rubric") and rest:
            index_text, _sep, field_name = rest.partition("-")
            formset = fields if prefix == "form" else criteria
            filled = [f for f in formset.forms if f.is_valid() and not f.is_blank()]
            if index_text.isdigit() and int(index_text) < len(filled):
                row = filled[int(index_text)]
                target = field_name if field_name in row.fields else None
                for message in messages_:
                    row.add_error(target, str(message))
                placed = True
    if placed:
        form.add_error(None, str(error.message))
    else:
        add_domain_error(form, error)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    return _call_page(request, None)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    staff_only(request)
    call = Call.objects.filter(slug=slug[:80]).first()
    if call is None:
        raise Http404
    return _call_page(request, call)
