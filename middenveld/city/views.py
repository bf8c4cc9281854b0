"""The staff inbox in the back office (/beheer/inbox/) and a person's notifications (/mijn/meldingen/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from middenveld.city import selectors, services
from middenveld.city.forms import DigestForm, ReadForm
from middenveld.city.inbox import (
    EVERYTHING,
    MINE,
    SCOPES,
    TEAMS,
    inbox_for,
    may_see_everything,
    scope_for,
)
from middenveld.core.admin_site import staff_site

INBOX_LIMIT = 50
UNREAD_SHOWN = 10
NOTIFICATIONS_PER_PAGE = 25


@require_GET
def staff_inbox(request: HttpRequest) -> HttpResponse:
    """What waits for me, my teams or everyone, soonest due first. Signed-in staff only
    (``staff_site.admin_view`` wraps it)."""
    kind = request.GET.get("scope", MINE)
    kind = kind if kind in SCOPES else MINE
    scope = scope_for(request.user, kind)
    everything_allowed = may_see_everything(request.user, scope)
    if scope.everything and not everything_allowed:
        raise PermissionDenied
    inbox = inbox_for(
        request.user,
        kind=kind,
        source=request.GET.get("source") or None,
        limit=INBOX_LIMIT,
        scope=scope,
    )
    tabs = [(MINE, _("For me")), (TEAMS, _("For my teams"))]
    if everything_allowed:
        tabs.append((EVERYTHING, _("Everything")))
    unread = list(selectors.notifications_unread(request.user)[: UNREAD_SHOWN + 1])
    return TemplateResponse(
        request,
        "city/admin/inbox.html",
        {
            **staff_site.page_context(request),
            "title": _("Inbox"),
            "inbox": inbox,
            "kind": kind,
            "tabs": tabs,
            "unread": unread[:UNREAD_SHOWN],
            "more_unread": len(unread) > UNREAD_SHOWN,
            "has_teams": bool(scope.team_ids),
        },
    )


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    setting = services.digest_setting_get(request.user)
    form = DigestForm(initial={"daily_digest": "on" if setting.daily_digest else "off"})
    return render(
        request,
        "city/notifications.html",
        {"page": page, "digest_form": form, "daily_digest": setting.daily_digest},
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("city:notifications")


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one of the person's notifications read (``id``), or all of them (no ``id``).

    Someone else's id changes nothing: the service only touches the person's own."""
    form = ReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That notification could not be found. Nothing was changed."))
        return _back(request)
    pk = form.cleaned_data["id"]
    done = services.notifications_read(user=request.user, ids=None if pk is None else [pk])
    if pk is None:
        messages.success(request, _("All your notifications are marked as read."))
    elif done:
        messages.success(request, _("The notification is marked as read."))
    return _back(request)


@login_required
@require_http_methods(["POST"])
def digest(request: HttpRequest) -> HttpResponse:
    form = DigestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no. Nothing was changed."))
        return redirect("city:notifications")
    wanted = form.cleaned_data["daily_digest"]
    services.digest_set(user=request.user, daily_digest=wanted)
    if wanted:
        messages.success(request, _("You will get one e-mail a day when there is something new."))
    else:
        messages.success(request, _("You will no longer get the daily e-mail."))
    return redirect(reverse("city:notifications"))
