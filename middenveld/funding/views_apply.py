"""The applicant's pages (and the staff action that sends an application back).

* ``/subsidies/oproepen/<slug>/aanvragen/``: start an application for one of your
  organisations.
* ``/subsidies/mijn-aanvragen/``: the applications of your organisations.
* ``/subsidies/aanvragen/<reference>/``: the application. Members edit it while it is a
  draft (or sent back): every field is saved on its own as they go (HTMX posts the field
  that changed and gets the eligibility check back); without JavaScript the Save button
  saves them all. After submitting, the page shows the snapshot, read-only.
* ``…/indienen/``, ``…/intrekken/``, ``…/kopie.pdf``, ``…/bijlagen/…``: submit, withdraw,
  the PDF copy, the documents.
* ``/subsidies/beheer/aanvragen/<reference>/terugsturen/``: staff send it back.

Views translate HTTP; ``services.applications`` decides and refuses with a sentence.
Someone who may not see an application gets a 404, whether it exists or not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from middenveld.core import rules
from middenveld.core.errors import DomainError, Forbidden
from middenveld.core.storage import private_file_response
from middenveld.funding.forms_apply import ApplicationForm, ReturnForm, StartForm
from middenveld.funding.models import Application, ApplicationStatus, Call
from middenveld.funding.money import format_euros
from middenveld.funding.receipt import application_pdf, pdf_filename, readable
from middenveld.funding.services import applications as services
from middenveld.funding.services.applications import budget_total
from middenveld.organisations.models import Organisation

PER_PAGE = 50


# --- Helpers ----------------------------------------------------------------------------------


def _refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    """Not theirs to do, or not there: the status says so and the page says why."""
    messages.error(request, str(error.message))
    template = "404.html" if error.http_status == 404 else "403.html"
    return render(request, template, status=404 if error.http_status == 404 else 403)


def _application(request: HttpRequest, reference: str) -> Application:
    """The application, if this person may see it; otherwise 404 (nothing leaks)."""
    try:
        application = services.application_get(reference)
    except DomainError:
        raise Http404 from None
    if not rules.check("funding.view_application", request.user, application):
        raise Http404
    return application


def _euros(amount: Any) -> str:
    return format_euros(amount, (get_language() or "nl").split("-")[0])


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _may_apply(request: HttpRequest, application: Application) -> bool:
    return bool(rules.check("funding.apply_for", request.user, application.organisation))


def _my_organisations(user: Any) -> list[Organisation]:
    return list(
        Organisation.objects.filter(memberships__user_id=user.pk).order_by("name").distinct()
    )


def _documents(application: Application, may_edit: bool) -> list[dict[str, Any]]:
    files = list(application.attachments.order_by("uploaded_at", "id"))
    from middenveld.funding.receipt import _name

    documents = []
    for code, name in services.attachment_codes(application):
        documents.append(
            {
                "code": code,
                "name": _name(name, code),
                "files": [item for item in files if item.code == code],
                "form": may_edit,
            }
        )
    return documents


def _detail(
    request: HttpRequest,
    application: Application,
    *,
    form: ApplicationForm | None = None,
    return_form: ReturnForm | None = None,
    upload_errors: dict[str, list[str]] | None = None,
    refusal: str = "",
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_apply = _may_apply(request, application)
    blocked = services.edit_refusal(application)
    may_edit = may_apply and blocked is None
    snapshot = services.latest_snapshot(application)
    context: dict[str, Any] = {
        "application": application,
        "may_apply": may_apply,
        "may_edit": may_edit,
        "blocked": blocked,
        "snapshot": snapshot,
        "problems": problems if problems is not None else services.application_check(application),
        "refusal": refusal,
        "upload_errors": upload_errors or {},
        "documents": _documents(application, may_edit),
        "may_withdraw": may_apply
        and application.status
        in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED),
        "may_return": bool(rules.check("funding.manage", request.user))
        and application.status == ApplicationStatus.SUBMITTED,
        "max_mb": f"{settings.UPLOAD_DOCUMENT_MAX_BYTES / 1_000_000:g}",
    }
    if may_edit:
        context["form"] = form or ApplicationForm(
            application=application, hx_url=application_url(application)
        )
        context["budget_total"] = _euros(budget_total(application.budget))
    else:
        content = (
            snapshot.content if snapshot is not None else services.application_content(application)
        )
        view = readable(content)
        context["view"] = view
    if context["may_return"]:
        context["return_form"] = return_form or ReturnForm()
    response = render(request, "funding/apply/application.html", context, status=status)
    return response


def _live(
    request: HttpRequest, application: Application, *, saved: bool, error: str = ""
) -> HttpResponse:
    """The answer to a field saved as the person goes: the check again, and whether it saved."""
    return render(
        request,
        "funding/apply/_live.html",
        {
            "application": application,
            "problems": services.application_check(application),
            "saved": saved,
            "save_error": error,
            "may_edit": True,
            "budget_total": _euros(budget_total(application.budget)),
        },
    )


# --- Starting ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    call = (
        Call.objects.select_related("instrument", "regulation_version")
        .filter(slug=slug[:80])
        .first()
    )
    if call is None or not call.published:
        raise Http404
    organisations = _my_organisations(request.user)
    form = StartForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            organisation = form.organisations[form.cleaned_data["organisation"]]
            try:
                application = services.application_start(
                    call=call,
                    organisation=organisation,
                    by=request.user,
                    title=form.cleaned_data["title"],
                )
            except DomainError as error:
                if error.http_status in (403, 404):
                    return _refused(request, error)
                form.add_error(None, str(error.message))
                status = error.http_status if error.http_status == 409 else 422
            else:
                messages.success(
                    request,
                    _("Your application %(reference)s is started. It is saved as you go.")
                    % {"reference": application.reference},
                )
                return redirect("funding:application", reference=application.reference)
        else:
            status = 422
    now = timezone.now()
    return render(
        request,
        "funding/apply/start.html",
        {
            "call": call,
            "form": form,
            "has_organisations": bool(organisations),
            "is_open": call.is_open(now),
            "not_yet": now < call.opens_at,
        },
        status=status,
    )


# --- My applications --------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def my_applications(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.applications_of(request.user), PER_PAGE).get_page(
        request.GET.get("pagina", "")[:10]
    )
    return render(
        request,
        "funding/apply/mine.html",
        {"page": page, "applications": list(page.object_list)},
    )


# --- The application --------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if request.method != "POST":
        return _detail(request, application)
    if not _may_apply(request, application):
        decision = rules.check("funding.apply_for", request.user, application.organisation)
        return _refused(request, Forbidden(decision.reason or None))
    form = ApplicationForm(
        request.POST, application=application, hx_url=application_url(application)
    )
    htmx = _is_htmx(request)
    only = request.headers.get("HX-Trigger-Name", "")[:100] if htmx else None
    data = form.service_data(only=only or None)
    try:
        services.application_save(application=application, by=request.user, data=data)
    except DomainError as error:
        if htmx:
            fields = error.details.get("fields") or {}
            text = " ".join(str(m) for ms in fields.values() for m in ms) or str(error.message)
            return _live(request, application, saved=False, error=text)
        if error.http_status in (403, 404):
            return _refused(request, error)
        if error.http_status == 409:
            return _detail(request, application, refusal=str(error.message), status=409)
        form.show(error)
        return _detail(request, application, form=form, status=422)
    application.refresh_from_db()
    if htmx:
        return _live(request, application, saved=True)
    messages.success(request, _("Your application is saved."))
    return redirect("funding:application", reference=application.reference)


@never_cache
@login_required
@require_POST
def application_submit(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    try:
        services.application_submit(application=application, by=request.user)
    except DomainError as error:
        if error.http_status in (403, 404):
            return _refused(request, error)
        application.refresh_from_db()
        problems = list(error.details.get("problems") or [])
        return _detail(
            request,
            application,
            refusal=str(error.message),
            problems=problems or None,
            status=error.http_status,
        )
    messages.success(
        request,
        _("Your application is submitted. You receive a confirmation by e-mail, with a PDF copy."),
    )
    return redirect("funding:application", reference=application.reference)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if request.method == "POST":
        try:
            services.application_withdraw(application=application, by=request.user)
        except DomainError as error:
            if error.http_status in (403, 404):
                return _refused(request, error)
            messages.error(request, str(error.message))
            return redirect("funding:application", reference=application.reference)
        messages.success(request, _("Your application is withdrawn."))
        return redirect("funding:application", reference=application.reference)
    if not _may_apply(request, application):
        decision = rules.check("funding.apply_for", request.user, application.organisation)
        return _refused(request, Forbidden(decision.reason or None))
    return render(request, "funding/apply/withdraw.html", {"application": application})


@login_required
@require_http_methods(["GET", "HEAD"])
def application_copy(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    snapshot = services.latest_snapshot(application)
    language = (get_language() or "nl").split("-")[0]
    if snapshot is not None and not application.editable:
        data = application_pdf(snapshot.content, language=language, sha256=snapshot.sha256)
    else:
        data = application_pdf(services.application_content(application), language=language)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{pdf_filename(application.reference)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Documents --------------------------------------------------------------------------------


@never_cache
@login_required
@require_POST
def attachment_add(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    code = str(request.POST.get("code", ""))[:40]
    upload = request.FILES.get(f"doc-{code}-file") or request.FILES.get("file")
    try:
        services.attachment_add(application=application, code=code, upload=upload, by=request.user)
    except DomainError as error:
        if error.http_status in (403, 404):
            return _refused(request, error)
        fields = error.details.get("fields") or {}
        text = " ".join(str(m) for ms in fields.values() for m in ms) or str(error.message)
        known = {known_code for known_code, _name in services.attachment_codes(application)}
        return _detail(
            request,
            application,
            upload_errors={code: [text]},
            refusal="" if code in known else text,
            status=error.http_status,
        )
    messages.success(request, _("The document is added."))
    return redirect(f"{application_url(application)}#documenten")


def application_url(application: Application) -> str:
    return reverse("funding:application", kwargs={"reference": application.reference})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def attachment_download(request: HttpRequest, reference: str, pk: int) -> HttpResponseBase:
    application = _application(request, reference)
    attachment = application.attachments.filter(pk=pk).first() if pk < 2**63 else None
    if attachment is None or not attachment.file:
        raise Http404
    return private_file_response(
        attachment.file, filename=attachment.name, content_type=attachment.content_type
    )


@never_cache
@login_required
@require_POST
def attachment_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    application = _application(request, reference)
    attachment = application.attachments.filter(pk=pk).first() if pk < 2**63 else None
    if attachment is None:
        raise Http404
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except DomainError as error:
        if error.http_status in (403, 404):
            return _refused(request, error)
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The document is removed."))
    return redirect(f"{application_url(application)}#documenten")


# --- Staff: send back for completion ----------------------------------------------------------


@never_cache
@require_POST
def application_return(request: HttpRequest, reference: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = rules.check("funding.manage", request.user)
    if not decision:
        return _refused(request, Forbidden(decision.reason or None))
    application = _application(request, reference)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.application_return(
                application=application,
                by=request.user,
                message=form.cleaned_data["message"],
                deadline=form.cleaned_data["deadline"],
            )
        except DomainError as error:
            if error.http_status in (403, 404):
                return _refused(request, error)
            if error.http_status == 409:
                messages.error(request, str(error.message))
                return redirect("funding:application", reference=application.reference)
            fields = error.details.get("fields") or {}
            for name, problems in fields.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, str(problem))
            if not fields:
                form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "The application is sent back. The organisation receives your message by e-mail."
                ),
            )
            return redirect("funding:application", reference=application.reference)
    return _detail(request, application, return_form=form, status=422)
