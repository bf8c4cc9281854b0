"""Agreements and distributions.

Staff (rule ``funding.manage``):

* ``/subsidies/beheer/overeenkomsten/``: every agreement; ``nieuw/`` records one;
  ``<id>/`` shows its years (committed or not), amendments and indicators, and commits a
  year, adds an amendment, an indicator or a reported value.
* ``/subsidies/beheer/verdeling/<line>/``: a distribution rule for a line, computed as a
  preview (nothing committed); ``/subsidies/beheer/verdeling/<line>/<run>/`` shows the
  preview and commits it.

Members of the organisation (rule ``funding.apply_for`` on it):
``/subsidies/overeenkomsten/<id>/`` reads the agreement and reports indicator values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.errors import DomainError
from middenveld.funding.forms_setup import (
    AgreementForm,
    AmendmentForm,
    CommitYearForm,
    DistributionCommitForm,
    DistributionForm,
    IndicatorForm,
    IndicatorReportForm,
)
from middenveld.funding.models import (
    Agreement,
    AgreementYear,
    Award,
    BudgetLine,
    DistributionRun,
    Indicator,
    IndicatorReport,
)
from middenveld.funding.services import agreements as services
from middenveld.funding.services import distribution as distribution_services
from middenveld.funding.views_setup import by_pk, money, refuse, staff_only
from middenveld.organisations.forms import add_domain_error

AGREEMENTS_SHOWN = 200


# --- Staff: agreements -------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def agreement_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    agreements = list(
        Agreement.objects.select_related("organisation", "instrument")
        .annotate(total=Sum("years__amount"), years_count=Count("years", distinct=True))
        .order_by("-starts_on", "reference")[:AGREEMENTS_SHOWN]
    )
    return render(
        request,
        "funding/agreements/list.html",
        {
            "rows": [
                {"agreement": agreement, "total": money(agreement.total or Decimal("0.00"))}
                for agreement in agreements
            ]
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lines: dict[int, BudgetLine | None] = {}
            years: dict[int, str] = {}
            for year, amount, code in data["years"]:
                if year in years:
                    raise services._invalid(
                        "years", _("The year %(year)s is given twice.") % {"year": year}
                    )
                years[year] = amount
                if code:
                    line = BudgetLine.objects.filter(
                        budget__instrument=data["instrument"], budget__year=year, code=code
                    ).first()
                    if line is None:
                        raise services._invalid(
                            "years",
                            _("%(year)s: the budget has no line with the code %(code)s.")
                            % {"year": year, "code": code},
                        )
                    lines[year] = line
            agreement = services.agreement_create(
                instrument=data["instrument"],
                organisation=data["organisation"],
                title=data["title"],
                reference=data["reference"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                signed_on=data["signed_on"],
                years=years,
                lines=lines,
                by=request.user,
            )
        except DomainError as error:
            refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(request, _("The agreement is recorded."))
            return redirect("funding:staff_agreement", pk=agreement.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "funding/agreements/new.html", {"form": form}, status=status)


def _agreement(pk: Any) -> Agreement:
    return by_pk(
        Agreement,
        pk,
        Agreement.objects.select_related("organisation", "instrument").prefetch_related(
            Prefetch(
                "years",
                queryset=AgreementYear.objects.select_related("line__budget", "award").order_by(
                    "year"
                ),
            ),
            "amendments",
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("reports")),
        ),
    )


def _years(agreement: Agreement) -> list[dict[str, Any]]:
    rows = []
    for year in agreement.years.all():
        try:
            award: Award | None = year.award
        except Award.DoesNotExist:
            award = None
        rows.append({"year": year, "amount": money(year.amount), "award": award})
    return rows


def _indicators(agreement: Agreement) -> list[dict[str, Any]]:
    years = [row.year for row in agreement.years.all()] or list(
        range(agreement.starts_on.year, agreement.ends_on.year + 1)
    )
    result = []
    for indicator in agreement.indicators.all():
        reported: dict[int, IndicatorReport] = {r.year: r for r in indicator.reports.all()}
        result.append(
            {
                "indicator": indicator,
                "years": [
                    {
                        "year": year,
                        "report": reported.get(year),
                        "reached": (
                            reported[year].value >= indicator.target if year in reported else None
                        ),
                    }
                    for year in years
                ],
            }
        )
    return result


def _detail(
    request: HttpRequest,
    agreement: Agreement,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
    template: str = "funding/agreements/detail.html",
    staff: bool = True,
) -> HttpResponse:
    forms = forms or {}
    lines = BudgetLine.objects.filter(budget__instrument=agreement.instrument).select_related(
        "budget__instrument"
    )
    context: dict[str, Any] = {
        "agreement": agreement,
        "years": _years(agreement),
        "indicators": _indicators(agreement),
        "amendments": agreement.amendments.all(),
        "report_form": forms.get("report") or IndicatorReportForm(agreement=agreement),
    }
    if staff:
        context.update(
            {
                "commit_form": forms.get("commit") or CommitYearForm(lines=lines),
                "commit_year": forms.get("commit_year"),
                "amendment_form": forms.get("amendment") or AmendmentForm(),
                "indicator_form": forms.get("indicator") or IndicatorForm(),
                "lines": lines,
            }
        )
    return render(request, template, context, status=status)


def _report(request: HttpRequest, agreement: Agreement) -> tuple[bool, IndicatorReportForm]:
    form = IndicatorReportForm(request.POST, agreement=agreement)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_report(
                indicator=data["indicator"],
                year=data["year"],
                value=data["value"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(request, _("The value is reported."))
            return True, form
    return False, form


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    agreement = _agreement(pk)
    if request.method != "POST":
        return _detail(request, agreement)
    action = request.POST.get("action", "")
    form: Any
    if action == "report":
        done, form = _report(request, agreement)
        if done:
            return redirect("funding:staff_agreement", pk=agreement.pk)
        return _detail(request, agreement, forms={"report": form}, status=422)
    if action == "commit":
        lines = BudgetLine.objects.filter(budget__instrument=agreement.instrument)
        form = CommitYearForm(request.POST, lines=lines)
        if form.is_valid():
            data = form.cleaned_data
            year = agreement.years.filter(year=data["year"]).first()
            if year is None:
                raise Http404
            try:
                services.agreement_commit_year(
                    agreement_year=year,
                    line=data["line"],
                    decision_reference=data["decision_reference"],
                    decided_on=data["decided_on"],
                    by=request.user,
                )
            except DomainError as error:
                refuse(error)
                add_domain_error(form, error)
            else:
                messages.success(
                    request, _("The year %(year)s is committed.") % {"year": year.year}
                )
                return redirect("funding:staff_agreement", pk=agreement.pk)
        year_value = form.data.get("year", "")
        return _detail(
            request,
            _agreement(pk),
            forms={"commit": form, "commit_year": year_value},
            status=422,
        )
    if action == "amendment":
        form = AmendmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                amendment = services.amendment_add(
                    agreement=agreement,
                    signed_on=data["signed_on"],
                    description=data["description"],
                    changes={"amounts": data["amounts"]} if data["amounts"] else {},
                    by=request.user,
                )
            except DomainError as error:
                refuse(error)
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Amendment %(number)s is added.") % {"number": amendment.number},
                )
                return redirect("funding:staff_agreement", pk=agreement.pk)
        return _detail(request, agreement, forms={"amendment": form}, status=422)
    if action == "indicator":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.indicator_add(
                    agreement=agreement,
                    name=data["name"],
                    unit=data["unit"],
                    target=data["target"],
                    by=request.user,
                )
            except DomainError as error:
                refuse(error)
                add_domain_error(form, error)
            else:
                messages.success(request, _("The indicator is added."))
                return redirect("funding:staff_agreement", pk=agreement.pk)
        return _detail(request, agreement, forms={"indicator": form}, status=422)
    messages.error(request, _("This action is not known; nothing was changed."))
    return redirect("funding:staff_agreement", pk=agreement.pk)


# --- Members: their agreement ------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_member(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(pk)
    decision = rules.check("funding.apply_for", request.user, agreement.organisation)
    if not decision and not rules.check("funding.manage", request.user):
        raise PermissionDenied(str(decision.reason))
    template = "funding/agreements/member.html"
    if request.method == "POST":
        done, form = _report(request, agreement)
        if done:
            return redirect("funding:agreement", pk=agreement.pk)
        return _detail(
            request,
            agreement,
            forms={"report": form},
            status=422,
            template=template,
            staff=False,
        )
    return _detail(request, agreement, template=template, staff=False)


# --- Staff: distribution -----------------------------------------------------------------


def _line(pk: Any) -> BudgetLine:
    return by_pk(BudgetLine, pk, BudgetLine.objects.select_related("budget__instrument"))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def distribution(request: HttpRequest, line: int) -> HttpResponse:
    staff_only(request)
    budget_line = _line(line)
    if request.method == "POST":
        form = DistributionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["source"] == "csv":
                    activities = distribution_services.activities_from_csv(data["csv"])
                else:
                    activities = distribution_services.activities_from_reports(line=budget_line)
                run = distribution_services.distribution_preview(
                    line=budget_line,
                    rule={"base": data["base"], "tiers": data["tiers"]},
                    organisations_activities=activities,
                    by=request.user,
                )
            except DomainError as error:
                refuse(error)
                fields = error.details.get("fields") or {}
                if "csv" in fields:
                    form.add_error("csv_file", str(error.message))
                elif "tiers" in fields or "base" in fields:
                    add_domain_error(form, error)
                else:
                    form.add_error(None, str(error.message))
            else:
                return redirect("funding:staff_distribution_run", line=budget_line.pk, run=run.pk)
        status = 422
    else:
        form = DistributionForm(initial={"source": "reports"})
        status = 200
    runs = DistributionRun.objects.filter(line=budget_line).only(
        "pk", "created_at", "committed_at", "total", "decision_reference", "line_id"
    )[:20]
    return render(
        request,
        "funding/agreements/distribution.html",
        {
            "line": budget_line,
            "available": money(budget_line.available),
            "form": form,
            "runs": [{"run": run, "total": money(run.total)} for run in runs],
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def distribution_run(request: HttpRequest, line: int, run: int) -> HttpResponse:
    staff_only(request)
    budget_line = _line(line)
    the_run = by_pk(DistributionRun, run, DistributionRun.objects.filter(line=budget_line))
    the_run.line = budget_line
    status = 200
    if request.method == "POST":
        form = DistributionCommitForm(request.POST)
        if form.is_valid():
            try:
                awards = distribution_services.distribution_commit(
                    run=the_run,
                    decision_reference=form.cleaned_data["decision_reference"],
                    decided_on=form.cleaned_data["decided_on"],
                    by=request.user,
                )
            except DomainError as error:
                refuse(error)
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s awards are made.") % {"count": len(awards)},
                )
                return redirect(
                    "funding:staff_distribution_run", line=budget_line.pk, run=the_run.pk
                )
        status = 422
        budget_line.refresh_from_db()
    else:
        form = DistributionCommitForm()
    summary = distribution_services.distribution_summary(the_run)
    rows = [
        {
            **row,
            "base_text": money(Decimal(row["base"])),
            "per_activity_text": money(Decimal(row["per_activity"])),
            "computed_text": money(Decimal(row["computed"])),
            "amount_text": money(Decimal(row["amount"])),
        }
        for row in the_run.result
    ]
    tiers = [
        {"up_to": tier["up_to"], "per_activity": money(Decimal(tier["per_activity"]))}
        for tier in the_run.rule.get("tiers", [])
    ]
    return render(
        request,
        "funding/agreements/distribution_run.html",
        {
            "line": budget_line,
            "run": the_run,
            "rows": rows,
            "base": money(Decimal(the_run.rule.get("base", "0"))),
            "tiers": tiers,
            "summary": {
                key: money(value) if isinstance(value, Decimal) else value
                for key, value in summary.items()
            },
            "factor": the_run.factor,
            "form": form,
        },
        status=status,
    )
