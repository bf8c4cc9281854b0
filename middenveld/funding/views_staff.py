"""The staff review of funding applications, the assessors' pages, awards with payments
and reports, decision letters and frozen applications.

* ``/subsidies/beheer/aanvragen/``: every submitted application, with filters (call,
  status, year submitted, instrument, organisation name) and pages (``funding.manage``).
* ``/subsidies/beheer/aanvragen/<reference>/``: one application, its log, snapshots,
  aggregated scores and the decision form (``funding.view_application``: staff with a
  conflict of interest are refused).
* ``/subsidies/beheer/aanvragen/<reference>/momentopname/<id>/``: the application exactly
  as it was at a moment (staff); ``/subsidies/mijn-aanvragen/momentopnamen/<id>/`` the
  same for the organisation's members.
* ``/subsidies/beheer/oproepen/<slug>/beoordelaars/``: the assessors of a call.
* ``/subsidies/beheer/toekenningen/<identifier>/``: an award with its payments, reclaims
  and reports.
* ``/subsidies/beoordelen/`` and ``/subsidies/beoordelen/<reference>/``: an assessor's
  queue and the scoring page (``funding.assess``).
* ``/subsidies/mijn-aanvragen/rapporten/<id>/``: a member files a report.
* ``/subsidies/toekenningen/<identifier>/brief.pdf`` and
  ``/subsidies/beslissingen/<reference>/brief.pdf``: the decision letter (staff and members).

Views translate HTTP; services decide. A refusal is a 403 page with the rule's sentence;
an unknown reference or id is a 404.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.cache import content_version
from middenveld.core.errors import DomainError
from middenveld.core.storage import private_file_response
from middenveld.funding import selectors
from middenveld.funding.forms_apply import ReturnForm
from middenveld.funding.forms_staff import (
    AcceptForm,
    AssessorAddForm,
    ConflictForm,
    DecisionForm,
    PaymentForm,
    ReclaimForm,
    ReportForm,
    ScoreForm,
)
from middenveld.funding.letter import decision_letter_pdf, letter_filename
from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    Decision,
    Instrument,
    Payment,
    ReportKind,
    ReportObligation,
    Snapshot,
)
from middenveld.funding.money import format_euros
from middenveld.funding.services import assessment as assessment_services
from middenveld.funding.services import decisions as decision_services
from middenveld.funding.services import reports as report_services
from middenveld.funding.services.common import canonical_json
from middenveld.organisations.forms import add_domain_error

PER_PAGE = 50
ASSESS_PER_PAGE = 50


# --- Helpers ------------------------------------------------------------------------------


def _refused(request: HttpRequest, message: Any, status: int = 403) -> HttpResponse:
    return render(request, "funding/staff/refused.html", {"message": str(message)}, status=status)


def _check(request: HttpRequest, rule: str, obj: Any = None) -> HttpResponse | None:
    """A refusal page when the rule says no, else None."""
    decision = rules.check(rule, request.user, obj)
    if decision:
        return None
    return _refused(request, decision.reason or _("You are not allowed to do this."))


def _staff_review(request: HttpRequest, application: Application) -> HttpResponse | None:
    decision = assessment_services.staff_review_check(request.user, application)
    if decision:
        return None
    return _refused(request, decision.reason or _("You are not allowed to do this."))


def _param(request: HttpRequest, name: str, limit: int = 100) -> str:
    value = request.GET.get(name, "")[:limit]
    return "".join(ch for ch in value if ch.isprintable()).strip()


def _application(reference: str) -> Application:
    if not reference or "\x00" in reference:
        raise Http404
    try:
        return selectors.application_get(reference)
    except Application.DoesNotExist:
        raise Http404 from None


def _award(identifier: str) -> Award:
    if not identifier or "\x00" in identifier:
        raise Http404
    try:
        return selectors.award_get(identifier)
    except Award.DoesNotExist:
        raise Http404 from None


def _money(value: Any) -> str:
    return format_euros(value, get_language() or "nl") if value is not None else ""


def _by_pk(queryset: Any, value: Any) -> Any:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 18:
        return None
    return queryset.filter(pk=int(text)).first()


# --- Showing an application's content (live or frozen) ------------------------------------


def _display(value: Any) -> dict[str, Any]:
    """A value of an answer for the page: text, a table (a list of rows) or a list."""
    if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
        headers: list[str] = []
        for row in value:
            for key in row:
                if key not in headers:
                    headers.append(str(key))
        return {
            "kind": "table",
            "headers": headers,
            "rows": [[_text(row.get(h)) for h in headers] for row in value],
        }
    if isinstance(value, list):
        return {"kind": "list", "items": [_text(item) for item in value]}
    if isinstance(value, dict):
        return {"kind": "list", "items": [f"{key}: {_text(item)}" for key, item in value.items()]}
    return {"kind": "text", "text": _text(value)}


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def content_sections(content: dict[str, Any], form: list[Any] | None = None) -> dict[str, Any]:
    """The application's content, field by field with the labels of its form."""
    call = content.get("call") or {}
    fields = content.get("form") or (call.get("form") if isinstance(call, dict) else None)
    fields = fields or form or []
    found = content.get("answers")
    answers: dict[str, Any] = found if isinstance(found, dict) else {}
    rows = []
    seen = set()
    for field in fields if isinstance(fields, list) else []:
        if not isinstance(field, dict) or not field.get("key"):
            continue
        key = str(field["key"])
        seen.add(key)
        rows.append(
            {
                "label": selectors.label_of(field.get("label")) or key,
                "value": _display(answers.get(key)),
            }
        )
    for key, value in answers.items():
        if key not in seen:
            rows.append({"label": key, "value": _display(value)})
    amount = content.get("amount_requested")
    return {
        "reference": content.get("reference", ""),
        "title": content.get("title", ""),
        "organisation": (content.get("organisation") or {}).get("name", "")
        if isinstance(content.get("organisation"), dict)
        else "",
        "call": call.get("title", "") if isinstance(call, dict) else "",
        "category": content.get("category") or "",
        "activity_type": content.get("activity_type") or "",
        "activity_starts_on": content.get("activity_starts_on") or "",
        "amount_requested": _money(amount) if amount not in (None, "") else "",
        "answers": rows,
        "budget": _display(content.get("budget")) if content.get("budget") else None,
        "attachments": [a for a in content.get("attachments") or [] if isinstance(a, dict)],
    }


def _live_content(application: Application) -> dict[str, Any]:
    return json.loads(canonical_json(decision_services.snapshot_content(application)))


# --- The staff list -----------------------------------------------------------------------


def _filters(request: HttpRequest) -> selectors.ApplicationFilters:
    found = selectors.ApplicationFilters()
    call_slug = _param(request, "oproep", 80)
    if call_slug:
        found.call = Call.objects.filter(slug=call_slug).only("slug", "title").first()
        if found.call is None:
            found.unknown.append("oproep")
    status = _param(request, "status", 20)
    if status:
        if status in {s.value for s in selectors.STAFF_STATUSES}:
            found.status = status
        else:
            found.unknown.append("status")
    year = _param(request, "jaar", 4)
    if year:
        if year.isdigit() and 2000 <= int(year) <= 2100:
            found.year = int(year)
        else:
            found.unknown.append("jaar")
    instrument_slug = _param(request, "instrument", 60)
    if instrument_slug:
        found.instrument = Instrument.objects.filter(slug=instrument_slug).only("slug").first()
        if found.instrument is None:
            found.unknown.append("instrument")
    found.organisation_query = _param(request, "zoek", selectors.SEARCH_LIMIT)
    return found


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def application_list(request: HttpRequest) -> HttpResponse:
    refusal = _check(request, "funding.manage")
    if refusal:
        return refusal
    # The list is the same for every member of staff and changes only when an application
    # that is listed (or its call or organisation) changes: its HTML is kept under the
    # version those changes bump (apps.py), per language and filters.
    key = f"funding-staff-list:{content_version(selectors.STAFF_LIST)}:{get_language()}:{urlencode(sorted(request.GET.items()))}"
    fragment = cache.get(key)
    if fragment is None:
        fragment = _application_list_fragment(request)
        cache.set(key, fragment, 600)
    return render(request, "funding/staff/application_list.html", {"fragment": fragment})


def _application_list_fragment(request: HttpRequest) -> str:
    filters = _filters(request)
    rows = selectors.application_list(
        call=filters.call,
        status=filters.status,
        instrument=filters.instrument,
        year=filters.year,
        organisation_query=filters.organisation_query,
    )
    page = Paginator(rows, PER_PAGE).get_page(_param(request, "pagina", 10))
    kept = {
        "oproep": filters.call.slug if filters.call else "",
        "status": filters.status,
        "jaar": str(filters.year) if filters.year else "",
        "instrument": filters.instrument.slug if filters.instrument else "",
        "zoek": filters.organisation_query,
    }
    kept = {key: value for key, value in kept.items() if value}
    applications = list(page.object_list)
    # One reverse for the page, not one per row (the list is the busiest staff page).
    link = reverse("funding:staff_application", kwargs={"reference": "REFERENCE"})
    for application in applications:
        application.amount_text = _money(application.amount_requested)  # type: ignore[attr-defined]
        application.url = link.replace("REFERENCE", application.reference)  # type: ignore[attr-defined]
    choices = selectors.filter_choices()
    chosen = filters.call.slug if filters.call else None
    call_options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((slug, " selected" if slug == chosen else "", title) for slug, title in choices["calls"]),
    )
    return render_to_string(
        "funding/staff/_application_list.html",
        {
            "page": page,
            "applications": applications,
            "filters": filters,
            "choices": choices,
            "call_options": call_options,
            "query_string": urlencode(kept),
            "filtered": bool(kept),
        },
    )


# --- One application for staff ------------------------------------------------------------


def _application_page(
    request: HttpRequest,
    application: Application,
    *,
    form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    decision = (
        Decision.objects.filter(application=application).select_related("recorded_by").first()
    )
    award = Award.objects.filter(application=application).first()
    may_decide = decision is None and application.status == ApplicationStatus.SUBMITTED
    if may_decide and form is None:
        form = DecisionForm(
            initial={
                "decided_on": timezone.localdate(),
                "amount": application.amount_requested,
            }
        )
    line = application.call.line
    return render(
        request,
        "funding/staff/application_detail.html",
        {
            "application": application,
            "content": content_sections(_live_content(application)),
            "summary": selectors.assessment_summary(application),
            "log": selectors.application_log(application),
            "snapshots": selectors.snapshots_of(application),
            "decision": decision,
            "award": award,
            "form": form if may_decide else None,
            "line": line,
            "line_available": _money(line.available),
            "amount_text": _money(application.amount_requested),
            "award_amount": _money(award.amount) if award else "",
            "return_form": ReturnForm() if may_decide else None,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(reference)
    refusal = _staff_review(request, application)
    if refusal:
        return refusal
    if request.method != "POST":
        return _application_page(request, application)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision_services.decision_record(
                application=application,
                outcome=data["outcome"],
                reasons=data["reasons"],
                reference=data["reference"],
                decided_on=data["decided_on"],
                amount=data["amount"] if data["outcome"] == Decision.AWARD else None,
                conditions=data["conditions"],
                by=request.user,
            )
        except DomainError as error:
            if error.http_status == 403:
                return _refused(request, error.message)
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The decision is recorded. The organisation gets the letter by e-mail."),
            )
            return redirect("funding:staff_application", reference=application.reference)
    application = _application(reference)
    return _application_page(request, application, form=form, status=422)


def _snapshot_page(
    request: HttpRequest, application: Application, snapshot: Snapshot, *, staff: bool
) -> HttpResponse:
    content = snapshot.content if isinstance(snapshot.content, dict) else {}
    return render(
        request,
        "funding/staff/snapshot.html",
        {
            "application": application,
            "snapshot": snapshot,
            "content": content_sections(content, application.call.form),
            "staff": staff,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def snapshot_staff(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    application = _application(reference)
    refusal = _staff_review(request, application)
    if refusal:
        return refusal
    try:
        snapshot = selectors.snapshot_get(application, pk)
    except Snapshot.DoesNotExist:
        raise Http404 from None
    return _snapshot_page(request, application, snapshot, staff=True)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def snapshot_member(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = (
        Snapshot.objects.select_related(
            "application", "application__call", "application__organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if snapshot is None:
        raise Http404
    application = snapshot.application
    refusal = _check(request, "funding.apply_for", application.organisation)
    if refusal:
        return refusal
    return _snapshot_page(request, application, snapshot, staff=False)


# --- Assessors of a call -------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_assessors(request: HttpRequest, slug: str) -> HttpResponse:
    refusal = _check(request, "funding.manage")
    if refusal:
        return refusal
    call = Call.objects.filter(slug=slug[:80]).first()
    if call is None:
        raise Http404
    form = AssessorAddForm()
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            person = _by_pk(get_user_model().objects.all(), request.POST.get("user"))
            if person is None:
                messages.error(request, _("This person does not assess this call."))
                return redirect("funding:call_assessors", slug=call.slug)
            try:
                assessment_services.assessor_remove(call=call, user=person, by=request.user)
            except DomainError as error:
                if error.http_status == 403:
                    return _refused(request, error.message)
                messages.error(request, str(error.message))
            else:
                messages.success(
                    request,
                    _("%(person)s no longer assesses this call.")
                    % {"person": person.name or person.email},  # type: ignore[union-attr]
                )
            return redirect("funding:call_assessors", slug=call.slug)
        form = AssessorAddForm(request.POST)
        if form.is_valid():
            person = (
                get_user_model()
                .objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
                .first()
            )
            try:
                assessment_services.assessor_add(call=call, user=person, by=request.user)
            except DomainError as error:
                if error.http_status == 403:
                    return _refused(request, error.message)
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s now assesses this call.")
                    % {"person": person.name or person.email},  # type: ignore[union-attr]
                )
                return redirect("funding:call_assessors", slug=call.slug)
        status = 422
    return render(
        request,
        "funding/staff/call_assessors.html",
        {
            "call": call,
            "call_url": f"{reverse('funding:staff_applications')}?{urlencode({'oproep': call.slug})}",
            "assessors": selectors.call_assessors(call),
            "form": form,
        },
        status=status,
    )


# --- Assessors' pages ---------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def assess_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.assessor_queue(request.user)
    page = Paginator(rows, ASSESS_PER_PAGE).get_page(_param(request, "pagina", 10))
    member_of = set(request.user.memberships.values_list("organisation_id", flat=True))  # type: ignore[union-attr]
    applications = list(page.object_list)
    for application in applications:
        application.is_own = application.organisation_id in member_of  # type: ignore[attr-defined]
    return render(
        request,
        "funding/staff/assess_list.html",
        {"page": page, "applications": applications},
    )


def _assess_page(
    request: HttpRequest,
    application: Application,
    assessment: Any,
    *,
    form: ScoreForm | None = None,
    conflict_form: ConflictForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rubric = application.call.rubric if isinstance(application.call.rubric, list) else []
    submitted = bool(assessment and assessment.submitted_at)
    open_for_scoring = application.status == ApplicationStatus.SUBMITTED and not submitted
    if form is None and open_for_scoring and rubric:
        initial: dict[str, Any] = {}
        if assessment is not None:
            for key, score in (assessment.scores or {}).items():
                initial[f"score_{key}"] = str(score)
            for key, comment in (assessment.comments or {}).items():
                initial[f"comment_{key}"] = comment
        form = ScoreForm(initial=initial, rubric=rubric)
    frozen = (
        Snapshot.objects.filter(application=application, moment="submitted")
        .order_by("-at", "-id")
        .first()
    )
    content = (
        frozen.content if frozen is not None and isinstance(frozen.content, dict) else None
    ) or _live_content(application)
    own_rows = []
    if assessment is not None:
        for row in rubric:
            key = str(row.get("key"))
            own_rows.append(
                {
                    "label": selectors.label_of(row.get("label")) or key,
                    "score": (assessment.scores or {}).get(key),
                    "scale": row.get("scale"),
                    "comment": (assessment.comments or {}).get(key, ""),
                }
            )
    return render(
        request,
        "funding/staff/assess.html",
        {
            "application": application,
            "content": content_sections(content, application.call.form),
            "frozen": frozen,
            "assessment": assessment,
            "own_rows": own_rows,
            "submitted": submitted,
            # Blind scoring: the aggregate only once the assessor's own is submitted.
            "summary": selectors.assessment_summary(application) if submitted else None,
            "form": form if open_for_scoring else None,
            "conflict_form": conflict_form or ConflictForm(),
            "has_rubric": bool(rubric),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assess(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(reference)
    try:
        assessment = assessment_services.assessment_open(
            application=application, assessor=request.user
        )
    except DomainError as error:
        if error.http_status == 404:
            raise Http404 from None
        return _refused(request, error.message, status=error.http_status)
    if request.method != "POST":
        return _assess_page(request, application, assessment)
    action = request.POST.get("action", "")
    if action == "conflict":
        conflict_form = ConflictForm(request.POST)
        if conflict_form.is_valid():
            try:
                assessment_services.conflict_declare(
                    application=application,
                    assessor=request.user,
                    note=conflict_form.cleaned_data["note"],
                )
            except DomainError as error:
                if error.http_status == 403:
                    return _refused(request, error.message)
                add_domain_error(conflict_form, error)
            else:
                messages.success(
                    request,
                    _("Your conflict of interest is recorded. You no longer see this application."),
                )
                return redirect("funding:assess_list")
        return _assess_page(
            request, application, assessment, conflict_form=conflict_form, status=422
        )
    rubric = application.call.rubric if isinstance(application.call.rubric, list) else []
    form = ScoreForm(request.POST, rubric=rubric)
    if form.is_valid():
        try:
            if action == "submit":
                assessment_services.assessment_submit(
                    application=application,
                    assessor=request.user,
                    scores=form.scores(),
                    comments=form.comments(),
                )
            else:
                assessment_services.assessment_save(
                    application=application,
                    assessor=request.user,
                    scores=form.scores(),
                    comments=form.comments(),
                )
        except DomainError as error:
            if error.http_status == 403:
                return _refused(request, error.message)
            add_domain_error(form, error)
        else:
            if action == "submit":
                messages.success(
                    request, _("Your assessment is submitted. You now see the aggregated scores.")
                )
            else:
                messages.success(request, _("Your scores are saved as a draft."))
            return redirect("funding:assess", reference=application.reference)
    assessment = application.assessments.filter(assessor_id=request.user.pk).first()
    return _assess_page(request, application, assessment, form=form, status=422)


# --- Awards -------------------------------------------------------------------------------


def _award_page(
    request: HttpRequest,
    award: Award,
    *,
    pay_form: PaymentForm | None = None,
    pay_payment: int | None = None,
    reclaim_form: ReclaimForm | None = None,
    status: int = 200,
) -> HttpResponse:
    payments = selectors.award_payments(award)
    reports = selectors.award_reports(award)
    payable = all(report.accepted_at for report in reports)
    today = timezone.localdate()
    for payment in payments:
        payment.amount_text = _money(payment.amount)  # type: ignore[attr-defined]
        payment.blocked = payment.kind == "balance" and not payable  # type: ignore[attr-defined]
        payment.form = (  # type: ignore[attr-defined]
            pay_form
            if pay_form is not None and pay_payment == payment.pk
            else PaymentForm(
                initial={"payment": payment.pk, "paid_on": today}, prefix=f"p{payment.pk}"
            )
        )
    for report in reports:
        report.spent_text = _money(report.spent)  # type: ignore[attr-defined]
    line = award.line
    return render(
        request,
        "funding/staff/award_detail.html",
        {
            "award": award,
            "amount": _money(award.amount),
            "reclaimed": _money(award.reclaimed),
            "payments": payments,
            "reports": reports,
            "payable": payable,
            "reclaim_form": reclaim_form or ReclaimForm(),
            "log": selectors.award_log(award),
            "line": line,
            "line_amounts": {
                "amount": _money(line.amount),
                "committed": _money(line.committed),
                "paid": _money(line.paid),
                "available": _money(line.available),
            },
        },
        status=status,
    )


def _award_action(request: HttpRequest, award: Award) -> HttpResponse:
    action = request.POST.get("action", "")
    back = reverse("funding:staff_award", args=[award.identifier])
    if action == "pay":
        payment = _by_pk(Payment.objects.filter(award=award), request.POST.get("payment"))
        if payment is None:
            messages.error(request, _("This payment is not part of this award."))
            return redirect(back)
        form = PaymentForm(request.POST, prefix=f"p{payment.pk}")
        if form.is_valid():
            try:
                report_services.payment_pay(
                    payment=payment, paid_on=form.cleaned_data["paid_on"], by=request.user
                )
            except DomainError as error:
                if error.http_status == 403:
                    return _refused(request, error.message)
                add_domain_error(form, error)
            else:
                messages.success(request, _("The payment is recorded."))
                return redirect(back)
        return _award_page(
            request, _award(award.identifier), pay_form=form, pay_payment=payment.pk, status=422
        )
    if action == "reclaim":
        reclaim = ReclaimForm(request.POST)
        if reclaim.is_valid():
            try:
                report_services.reclaim_record(
                    award=award,
                    amount=reclaim.cleaned_data["amount"],
                    reason=reclaim.cleaned_data["reason"],
                    by=request.user,
                )
            except DomainError as error:
                if error.http_status == 403:
                    return _refused(request, error.message)
                add_domain_error(reclaim, error)
            else:
                messages.success(request, _("The reclaim is recorded; the line has it back."))
                return redirect(back)
        return _award_page(request, _award(award.identifier), reclaim_form=reclaim, status=422)
    if action == "accept":
        accept = AcceptForm(request.POST)
        report = (
            _by_pk(ReportObligation.objects.filter(award=award), request.POST.get("report"))
            if accept.is_valid()
            else None
        )
        if report is None:
            messages.error(request, _("This report is not part of this award."))
            return redirect(back)
        try:
            report_services.report_accept(obligation=report, by=request.user)
        except DomainError as error:
            if error.http_status == 403:
                return _refused(request, error.message)
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The report is accepted."))
        return redirect(back)
    messages.error(request, _("We do not know this action."))
    return redirect(back)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def award_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    refusal = _check(request, "funding.manage")
    if refusal:
        return refusal
    award = _award(identifier)
    if request.method == "POST":
        return _award_action(request, award)
    return _award_page(request, award)


def _may_read_letter(request: HttpRequest, organisation: Any) -> bool:
    return bool(
        rules.check("funding.manage", request.user)
        or rules.check("funding.apply_for", request.user, organisation)
    )


def _letter_response(decision: Decision, award: Award | None) -> HttpResponse:
    response = HttpResponse(
        decision_letter_pdf(decision, award=award), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(decision)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def award_letter(request: HttpRequest, identifier: str) -> HttpResponse:
    award = _award(identifier)
    if not _may_read_letter(request, award.organisation):
        return _refused(
            request, _("Only members of this organisation and city staff can read this letter.")
        )
    decision = (
        Decision.objects.select_related(
            "application", "application__call", "application__organisation", "snapshot"
        )
        .filter(application_id=award.application_id)
        .first()
        if award.application_id
        else None
    )
    if decision is None:
        raise Http404
    return _letter_response(decision, award)


@login_required
@require_http_methods(["GET", "HEAD"])
def decision_letter(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(reference)
    if not _may_read_letter(request, application.organisation):
        return _refused(
            request, _("Only members of this organisation and city staff can read this letter.")
        )
    decision = Decision.objects.select_related("snapshot").filter(application=application).first()
    if decision is None:
        raise Http404
    decision.application = application
    award = Award.objects.filter(application=application).first()
    return _letter_response(decision, award)


# --- Reports (the organisation files; staff download) --------------------------------------


def _report(pk: int) -> ReportObligation:
    try:
        return selectors.report_get(pk)
    except ReportObligation.DoesNotExist:
        raise Http404 from None


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _report(pk)
    award = obligation.award
    refusal = _check(request, "funding.apply_for", award.organisation)
    if refusal:
        return refusal
    financial = obligation.kind == ReportKind.FINANCIAL
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, financial=financial)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report_services.report_file(
                    obligation=obligation,
                    by=request.user,
                    text=data["text"],
                    spent=data.get("spent"),
                    activities=data.get("activities"),
                    upload=data.get("upload"),
                )
            except DomainError as error:
                if error.http_status == 403:
                    return _refused(request, error.message)
                add_domain_error(form, error)
            else:
                messages.success(request, _("Thank you. Your report is filed; the city reads it."))
                return redirect("funding:report_file", pk=obligation.pk)
        status = 422
    else:
        initial = {
            "text": obligation.text,
            "spent": obligation.spent if obligation.spent is not None else "",
            "activities": obligation.activities if obligation.activities is not None else "",
        }
        form = ReportForm(initial=initial, financial=financial)
    return render(
        request,
        "funding/staff/report_file.html",
        {
            "obligation": obligation,
            "award": award,
            "form": form if not obligation.accepted_at else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    obligation = _report(pk)
    if not _may_read_letter(request, obligation.award.organisation):
        return _refused(
            request, _("Only members of this organisation and city staff can read this report.")
        )
    if not obligation.file:
        raise Http404
    extension = (obligation.file.name or "").rsplit(".", 1)[-1].lower()
    return private_file_response(
        obligation.file,
        filename=f"rapport-{obligation.award.identifier}-{obligation.kind}.{extension}",
        content_type=report_services.report_content_type(obligation),
    )
