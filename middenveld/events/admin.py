"""The organisers' back office for events (/beheer/events/).

* the events themselves (texts in every language, place, capacity, dates), with their
  documents (checked by content); saving a larger capacity moves people up from the
  waiting list; an action cancels events and tells everyone registered;
* per event, "registrations and check-in": the needs summary ("3 people need Turkish
  interpretation"), the list of people with a check-in button (a plain form: works
  without JavaScript), and the waiting list;
* per event, "minutes and outcomes": write them and publish them on the event page;
* a read-only list of all registrations.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from middenveld.core import rules
from middenveld.core.admin_site import (
    MissingTranslationsMixin,
    RulesInlineMixin,
    RulesModelAdmin,
    staff_site,
)
from middenveld.core.errors import DomainError
from middenveld.events import selectors, services
from middenveld.events.forms import DocumentForm, EventAdminForm, ReportForm
from middenveld.events.models import Event, EventDocument, Registration, RegistrationStatus
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.privacy import personal_data_access_log


def _require_manage(request: HttpRequest) -> None:
    if not rules.check("events.manage", request.user):
        raise PermissionDenied


class DocumentInline(RulesInlineMixin, TranslationTabularInline):
    permission = "events.manage"
    model = EventDocument
    form = DocumentForm
    extra = 0
    fields = ("title", "file", "order")


@admin.register(Event, site=staff_site)
class EventAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "events.manage"
    form = EventAdminForm
    translated_fields = Event.TRANSLATED
    inlines = (DocumentInline,)
    list_display = (
        "title",
        "starts_at",
        "format",
        "places",
        "published",
        "status",
        "registrations_link",
    )
    list_filter = ("published", "status", "format", "workstream")
    list_select_related = ("workstream",)
    search_fields = ("title_nl", "slug")
    date_hierarchy = "starts_at"
    ordering = ("-starts_at",)
    list_per_page = 50
    show_full_result_count = False
    prepopulated_fields = {"slug": ("title_nl",)}
    readonly_fields = ("status", "report_published", "report_published_at")
    actions = ("cancel_events",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "agenda", "process", "workstream")}),
        (
            gettext_lazy("When and where"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "format",
                    "place_name",
                    "street",
                    "postal_code",
                    "municipality",
                    "room",
                    "accessibility",
                    "online_link",
                )
            },
        ),
        (
            gettext_lazy("Registration"),
            {
                "fields": (
                    "capacity",
                    "capacity_per_organisation",
                    "registration_opens_at",
                    "registration_closes_at",
                    "published",
                    "status",
                )
            },
        ),
        (
            gettext_lazy("After the event"),
            {
                "fields": (
                    "minutes",
                    "outcomes",
                    "recording_url",
                    "report_published",
                    "report_published_at",
                ),
                "description": gettext_lazy(
                    "Translations of the minutes are written here; publish them on the page "
                    "“Minutes and outcomes”."
                ),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_registered=Count("registrations", filter=Q(registrations__status="registered")),
                n_waiting=Count("registrations", filter=Q(registrations__status="waiting")),
            )
        )

    @admin.display(description=gettext_lazy("Places taken"))
    def places(self, obj: Any) -> str:
        text = f"{getattr(obj, 'n_registered', 0)} / {obj.capacity}"
        waiting = getattr(obj, "n_waiting", 0)
        if waiting:
            text += " " + _("(+%(count)d waiting)") % {"count": waiting}
        return text

    @admin.display(description=gettext_lazy("Registrations"))
    def registrations_link(self, obj: Any) -> Any:
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>',
            reverse("beheer:events_event_door", args=[obj.pk]),
            _("Registrations and check-in"),
        )

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/deelnemers/", wrap(self.door_view), name="events_event_door"),
            path("<int:pk>/verslag/", wrap(self.report_view), name="events_event_report"),
            *super().get_urls(),
        ]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            moved = services.event_fill_places(event=obj, by=request.user)
            if moved:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d person moved up from the waiting list and got an e-mail.",
                        "%(count)d people moved up from the waiting list and got an e-mail.",
                        len(moved),
                    )
                    % {"count": len(moved)},
                )

    @admin.action(description=gettext_lazy("Cancel the selected events and tell everyone"))
    def cancel_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        done = 0
        for event in queryset:
            try:
                services.event_cancel(event=event, by=request.user)
            except DomainError as error:
                messages.warning(request, f"{event}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext(
                    "%(count)d event is cancelled. Everyone registered got an e-mail.",
                    "%(count)d events are cancelled. Everyone registered got an e-mail.",
                    done,
                )
                % {"count": done},
            )

    # --- Registrations, needs and check-in -----------------------------------------------

    def _event(self, pk: int) -> Event:
        event = Event.objects.select_related("workstream", "process").filter(pk=pk).first()
        if event is None:
            raise Http404
        return event

    def _page(self, request: HttpRequest, template: str, title: str, **context: Any) -> Any:
        status = context.pop("status", 200)
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
            status=status,
        )

    def door_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        _require_manage(request)
        event = self._event(pk)
        if request.method == "POST":
            registration_id = request.POST.get("registration", "")
            registration = (
                Registration.objects.filter(pk=int(registration_id), event=event).first()
                if registration_id.isdigit()
                else None
            )
            action = request.POST.get("action", "")
            if registration is None or action not in ("check_in", "undo"):
                raise Http404
            try:
                services.registration_check_in(
                    registration=registration, by=request.user, undo=action == "undo"
                )
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                name = registration.person.get_full_name()
                if action == "undo":
                    messages.success(
                        request, _("%(name)s is no longer checked in.") % {"name": name}
                    )
                else:
                    messages.success(request, _("%(name)s is checked in.") % {"name": name})
            return HttpResponseRedirect(f"{request.path}#registration-{registration.pk}")
        registrations = list(selectors.registrations_for_door(event))
        personal_data_access_log(
            viewer=request.user,
            organisation=None,
            what="event registrations",
            path=request.get_full_path(),
        )
        return self._page(
            request,
            "events/admin/door.html",
            _("Registrations for %(title)s") % {"title": event.title},
            event=event,
            registered=[r for r in registrations if r.status == RegistrationStatus.REGISTERED],
            waiting=sorted(
                (r for r in registrations if r.status == RegistrationStatus.WAITING),
                key=lambda r: (r.created_at, r.pk),
            ),
            counts=selectors.event_counts(event),
            needs=selectors.needs_summary(event),
            needs_waiting=selectors.needs_summary(event, statuses=("waiting",)),
            can_check_in=not event.is_cancelled
            and timezone.now() >= event.starts_at - services.CHECK_IN_FROM,
        )

    def report_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        _require_manage(request)
        event = self._event(pk)
        initial = {
            "minutes": getattr(event, "minutes_nl", "") or "",
            "outcomes": getattr(event, "outcomes_nl", "") or "",
            "recording_url": event.recording_url,
            "publish": event.report_published or not event.minutes,
        }
        form = ReportForm(request.POST or None, initial=initial)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.event_report_publish(
                        event=event,
                        by=request.user,
                        minutes=data["minutes"],
                        outcomes=data["outcomes"],
                        recording_url=data["recording_url"],
                        publish=data["publish"],
                    )
                except DomainError as error:
                    add_domain_error(form, error)
                else:
                    messages.success(
                        request,
                        _("The minutes are published on the event page.")
                        if data["publish"]
                        else _("The minutes are saved. They are not on the event page."),
                    )
                    return HttpResponseRedirect(request.path)
            status = 422
        return self._page(
            request,
            "events/admin/report.html",
            _("Minutes and outcomes of %(title)s") % {"title": event.title},
            event=event,
            form=form,
            status=status,
        )


@admin.register(Registration, site=staff_site)
class RegistrationAdmin(RulesModelAdmin):
    """All registrations, to look someone up. Changes go through the event's pages."""

    permission = "events.manage"
    list_display = ("person", "event", "organisation", "status", "created_at", "checked_in_at")
    list_filter = ("status",)
    list_select_related = ("person", "event", "organisation")
    search_fields = ("person__email", "person__name", "event__title_nl", "organisation__name")
    raw_id_fields = ("event", "person", "organisation")
    list_per_page = 50
    show_full_result_count = False
    ordering = ("-created_at", "-id")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        _require_manage(request)
        personal_data_access_log(
            viewer=request.user,
            organisation=None,
            what="event registrations",
            path=request.get_full_path(),
        )
        return super().changelist_view(request, extra_context)
