"""Event pages: the list (/activiteiten/), one event with its registration form, cancelling,
the .ics, and the person's own registrations (/mijn/activiteiten/).

Anonymous answers of the list and the event page are cached whole (``@public_page``);
they never show registrations or places left, which change all the time. A signed-in
person sees their registration, the places left and, once registered, the online link.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from middenveld.core import rules
from middenveld.core.cache import public_page
from middenveld.core.errors import DomainError
from middenveld.core.i18n import missing_translation
from middenveld.events import selectors, services
from middenveld.events.forms import RegistrationForm
from middenveld.events.models import Event, Registration, RegistrationStatus
from middenveld.organisations.forms import add_domain_error
from middenveld.participation.models import Process
from middenveld.trajectory.models import Workstream

PER_PAGE = 20
WHEN = {"komend": selectors.UPCOMING, "voorbij": selectors.PAST}


def _param(request: HttpRequest, name: str) -> str:
    value = request.GET.get(name, "")[:100]
    return "".join(ch for ch in value if ch.isprintable()).strip()


@public_page(seconds=300)  # the list and the page also change with the clock
@require_http_methods(["GET", "HEAD"])
def event_list(request: HttpRequest) -> HttpResponse:
    when_param = _param(request, "wanneer")
    when = WHEN.get(when_param, selectors.UPCOMING)
    workstreams = list(Workstream.objects.order_by("number"))
    processes = list(Process.objects.filter(published=True).order_by("-created_at", "-id"))
    werf = _param(request, "werf")
    proces = _param(request, "proces")
    workstream = next((w for w in workstreams if w.slug == werf), None)
    process = next((p for p in processes if p.slug == proces), None)
    events = selectors.event_list(when=when, workstream=workstream, process=process)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    untranslated = any(missing_translation(e, ("title", "summary")) for e in page.object_list)
    kept = {
        "wanneer": "voorbij" if when == selectors.PAST else "",
        "werf": workstream.slug if workstream else "",
        "proces": process.slug if process else "",
    }
    kept = {k: v for k, v in kept.items() if v}
    return render(
        request,
        "events/list.html",
        {
            "page": page,
            "past": when == selectors.PAST,
            "workstreams": workstreams,
            "processes": processes,
            "workstream": workstream,
            "process": process,
            "unknown_filter": (werf and workstream is None) or (proces and process is None),
            "query_string": urlencode(kept),
            "filters": {k: v for k, v in kept.items() if k != "wanneer"},
            "untranslated": untranslated,
        },
    )


def _event(request: HttpRequest, slug: str) -> Event:
    staff = bool(rules.check("events.manage", request.user))
    try:
        return selectors.event_get(slug, include_unpublished=staff)
    except Event.DoesNotExist:
        raise Http404 from None


def _detail(
    request: HttpRequest, event: Event, form: RegistrationForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    registration = selectors.registration_of(event, user)
    signed_in = user.is_authenticated
    open_now = True
    try:
        services.registration_window_check(event, timezone.now())
    except DomainError as error:
        open_now = False
        closed_reason = str(error.message)
    else:
        closed_reason = ""
    if signed_in and registration is None and open_now and form is None:
        form = RegistrationForm(user=user)
    fallback = {field: missing_translation(event, [field]) for field in Event.TRANSLATED}
    shown: tuple[str, ...] = ("title", "summary", "agenda", "accessibility")
    if event.report_published:
        shown += ("minutes", "outcomes")
    context = {
        "event": event,
        "documents": list(event.documents.all()),
        "registration": registration,
        "position": services.waiting_position(registration) if registration else None,
        "form": form if (signed_in and registration is None and open_now) else None,
        "closed_reason": closed_reason,
        "places_left": selectors.places_left(event) if signed_in else None,
        "shows_link": bool(rules.check("events.see_online_link", user, event)),
        "can_manage": bool(rules.check("events.manage", user)),
        "fallback": fallback,
        "source_language": settings.LANGUAGE_CODE,
        "untranslated": any(fallback[f] for f in shown),
        "has_ended": event.has_ended(),
        "has_started": event.has_started(),
    }
    shown_form = context["form"]
    if isinstance(shown_form, RegistrationForm):
        organisation_field: Any = shown_form.fields["organisation"]
        context["organisation_choices"] = [
            (str(value), str(label)) for value, label in organisation_field.choices
        ]
        context["language_choices"] = [
            (language.code, language.name) for language in services.interpreter_languages()
        ]
    response = render(request, "events/detail.html", context, status=status)
    if signed_in:
        add_never_cache_headers(response)
    return response


@public_page(seconds=300)  # the list and the page also change with the clock
@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if request.method != "POST":
        return _detail(request, event)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _detail(request, event, form, status=422)
    data = form.cleaned_data
    try:
        registration = services.registration_create(
            event=event,
            person=request.user,
            organisation=data["organisation"],
            interpreter_language=data["interpreter_language"],
            sign_language=data["sign_language"],
            childcare=data["childcare"],
            step_free_access=data["step_free_access"],
            dietary_needs=data["dietary_needs"],
        )
    except DomainError as error:
        if error.http_status == 404:
            raise Http404 from None
        if error.http_status == 409 and selectors.registration_of(event, request.user):
            # A double click: the first one went through. Say so and show it.
            messages.info(request, str(error.message))
            return redirect(event.get_absolute_url())
        add_domain_error(form, error)
        return _detail(request, event, form, status=409 if error.http_status == 409 else 422)
    if registration.status == RegistrationStatus.WAITING:
        messages.success(
            request,
            _(
                "The event is full. You are on the waiting list. We send you an e-mail when a place frees."
            ),
        )
    else:
        messages.success(
            request, _("You are registered. We sent you an e-mail with the event for your agenda.")
        )
    return redirect(event.get_absolute_url())


def _own_registration(request: HttpRequest, slug: str) -> Registration:
    event = _event(request, slug)
    registration = selectors.registration_of(event, request.user)
    if registration is None:
        raise Http404
    registration.event = event
    return registration


@never_cache
@login_required
@require_POST
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    registration = _own_registration(request, slug)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except DomainError as error:
        if error.http_status == 403:
            raise PermissionDenied(str(error.message)) from None
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("Your registration is cancelled. Thank you for letting us know.")
        )
    return redirect(registration.event.get_absolute_url())


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def registration_ics(request: HttpRequest, slug: str) -> HttpResponse:
    registration = _own_registration(request, slug)
    response = HttpResponse(
        services.registration_ics(registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{services.ics_filename(registration.event)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(selectors.registrations_of(request.user)[:200])
    for registration in registrations:
        registration.position = services.waiting_position(registration)  # type: ignore[attr-defined]
    return render(request, "events/mine.html", {"registrations": registrations})
