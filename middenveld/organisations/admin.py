"""The city's back office for the register (/beheer/): the verification queue,
the 360° view of an organisation, recognitions, reference lists, import/export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from middenveld.accounts.models import Role, User
from middenveld.core import rules
from middenveld.core.admin_site import (
    MissingTranslationsMixin,
    RulesInlineMixin,
    RulesModelAdmin,
    staff_site,
)
from middenveld.core.errors import DomainError
from middenveld.core.uploads import document_check
from middenveld.organisations import models, services
from middenveld.organisations.forms import RejectForm
from middenveld.organisations.identifiers import kbo_clean, kbo_display, vcode_clean
from middenveld.organisations.overview import overview_panels
from middenveld.organisations.privacy import personal_data_access_log
from middenveld.organisations.text import name_clean
from middenveld.organisations.timeline import (
    event_module,
    event_sentence,
    timeline_for,
    timeline_record,
)

TIMELINE_PAGE = 50


class OrganisationAdminForm(forms.ModelForm):
    """Staff edits go through the same checks as the organisation's own pages."""

    website = forms.URLField(
        label=gettext_lazy("website"), required=False, assume_scheme="https", max_length=300
    )

    kbo_number = forms.CharField(
        label=gettext_lazy("enterprise number (KBO)"), required=False, max_length=40
    )
    vcode = forms.CharField(
        label=gettext_lazy("Verenigingsregister code (vCode)"), required=False, max_length=40
    )

    class Meta:
        model = models.Organisation
        exclude: list[str] = []

    def _domain(self, field: str, check: Any) -> Any:
        value = self.cleaned_data.get(field) or ""
        try:
            return check(value) or None
        except DomainError as error:
            raise forms.ValidationError(str(error.message)) from None

    def clean_name(self) -> str:
        return self._domain("name", name_clean)

    def clean_kbo_number(self) -> str | None:
        return self._domain("kbo_number", kbo_clean)

    def clean_vcode(self) -> str | None:
        return self._domain("vcode", vcode_clean)


@admin.register(models.Organisation, site=staff_site)
class OrganisationAdmin(RulesModelAdmin):
    permission = "organisations.verify"
    form = OrganisationAdminForm
    change_list_template = "organisations/admin/change_list.html"
    list_display = (
        "name",
        "status",
        "legal_form",
        "kbo",
        "vcode",
        "submitted_at",
        "contact_person",
    )
    list_filter = ("status", "legal_form", "is_self_organisation", "districts")
    list_select_related = ("contact_person",)
    search_fields = ("name", "alternative_name", "kbo_number", "vcode", "name_key")
    readonly_fields = (
        "status",
        "submitted_at",
        "verified_at",
        "verified_by",
        "created_by",
        "created_at",
    )
    filter_horizontal = ("districts", "target_groups", "languages")
    autocomplete_fields = ()
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # organisations register themselves, or come in by import

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history stays

    @admin.display(description=gettext_lazy("enterprise number (KBO)"), ordering="kbo_number")
    def kbo(self, obj: models.Organisation) -> str:
        return kbo_display(obj.kbo_number or "") or "—"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "contact_person":
            kwargs["queryset"] = User.objects.filter(
                role__in=[Role.STAFF, Role.ADMINISTRATOR], is_active=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        organisation = form.instance
        services.organisation_refresh_derived(organisation)
        if form.changed_data:
            labels = [str(form.fields[f].label) for f in form.changed_data if f in form.fields]
            timeline_record(
                organisation=organisation,
                kind="organisations.profile_changed",
                actor=request.user,
                data={"fields": ", ".join(labels)},
            )

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view

        return [
            path("wachtrij/", wrap(self.queue_view), name="organisations_organisation_queue"),
            path(
                "importeren/",
                wrap(_import_view),
                name="organisations_organisation_import",
            ),
            path(
                "exporteren/",
                wrap(_export_view),
                name="organisations_organisation_export",
            ),
            path("<int:pk>/360/", wrap(self.overview_view), name="organisations_organisation_360"),
            path(
                "<int:pk>/goedkeuren/",
                wrap(self.verify_view),
                name="organisations_organisation_verify",
            ),
            path(
                "<int:pk>/weigeren/",
                wrap(self.reject_view),
                name="organisations_organisation_reject",
            ),
            *super().get_urls(),
        ]

    def _organisation(self, request: HttpRequest, pk: int, rule: str) -> models.Organisation:
        organisation = models.Organisation.objects.filter(pk=pk).first()
        if organisation is None:
            raise Http404
        if not rules.check(rule, request.user, organisation):
            raise PermissionDenied
        return organisation

    def _page(
        self, request: HttpRequest, template: str, title: str, **context: Any
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    # --- Verification queue -------------------------------------------------------

    def queue_view(self, request: HttpRequest) -> HttpResponse:
        if not rules.check("organisations.verify", request.user):
            raise PermissionDenied
        waiting: QuerySet[models.Organisation] = (
            models.Organisation.objects.filter(status=models.Status.SUBMITTED)
            .select_related("created_by")
            .prefetch_related("districts", "addresses")
            .order_by("submitted_at", "id")
        )
        return self._page(
            request,
            "organisations/admin/queue.html",
            _("Registrations to verify"),
            waiting=waiting[:200],
            total=waiting.count(),
            reject_form=RejectForm(),
        )

    def verify_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(reverse("beheer:organisations_organisation_queue"))
        organisation = self._organisation(request, pk, "organisations.verify")
        try:
            services.organisation_verify(organisation=organisation, staff=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("%(name)s is verified.") % {"name": organisation.name})
        return HttpResponseRedirect(reverse("beheer:organisations_organisation_queue"))

    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self._organisation(request, pk, "organisations.verify")
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.organisation_reject(
                    organisation=organisation,
                    staff=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error("reason", str(error.message))
            else:
                messages.success(
                    request,
                    _("The registration of %(name)s is rejected; the applicant gets an e-mail.")
                    % {"name": organisation.name},
                )
                return HttpResponseRedirect(reverse("beheer:organisations_organisation_queue"))
        return self._page(
            request,
            "organisations/admin/reject.html",
            _("Reject %(name)s") % {"name": organisation.name},
            organisation=organisation,
            form=form,
        )

    # --- 360° view ------------------------------------------------------------------

    def overview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self._organisation(request, pk, "organisations.view_360")
        if request.method == "POST" and "contact_person" in request.POST:
            person = User.objects.filter(
                pk=request.POST.get("contact_person") or 0,
                role__in=[Role.STAFF, Role.ADMINISTRATOR],
            ).first()
            try:
                services.contact_person_set(
                    organisation=organisation, staff=request.user, person=person
                )
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The fixed contact person is saved."))
            return HttpResponseRedirect(request.path)
        from middenveld.organisations import selectors

        organisation = selectors.organisation_profile(organisation.pk)
        before = None
        at = parse_datetime(request.GET.get("voor_tijd", "") or "")
        before_id = request.GET.get("voor_id", "")
        if at is not None and before_id.isdigit():
            before = (at, int(before_id))
        events = timeline_for(organisation, limit=TIMELINE_PAGE + 1, before=before)
        more = len(events) > TIMELINE_PAGE
        events = events[:TIMELINE_PAGE]
        memberships = list(
            organisation.memberships.select_related("user").order_by("role", "created_at")
        )
        personal_data_access_log(
            viewer=request.user,
            organisation=organisation,
            what="360 view",
            path=request.get_full_path(),
        )
        return self._page(
            request,
            "organisations/admin/overview.html",
            _("360° view: %(name)s") % {"name": organisation.name},
            organisation=organisation,
            memberships=memberships,
            identifiers=_identifier_checks(organisation),
            timeline=[(e, event_module(e), event_sentence(e)) for e in events],
            next_page=events[-1] if more and events else None,
            staff_people=User.objects.filter(
                role__in=[Role.STAFF, Role.ADMINISTRATOR], is_active=True
            ).order_by("name", "email"),
            accesses=models.PersonalDataAccess.objects.filter(
                organisation=organisation
            ).select_related("viewer")[:10],
            panels=overview_panels(organisation, request.user),
        )


def _import_view(request: HttpRequest) -> HttpResponse:
    from middenveld.organisations.admin_import import import_view

    if not rules.check("organisations.import", request.user):
        raise PermissionDenied
    return import_view(request)


def _export_view(request: HttpRequest) -> HttpResponseBase:
    from middenveld.organisations.admin_import import export_view

    if not rules.check("organisations.import", request.user):
        raise PermissionDenied
    return export_view(request)


def _identifier_checks(organisation: models.Organisation) -> list[dict[str, str]]:
    checks = []
    for label, value, check, shown in (
        (_("Enterprise number (KBO)"), organisation.kbo_number, kbo_clean, kbo_display),
        (_("Verenigingsregister code (vCode)"), organisation.vcode, vcode_clean, str),
    ):
        if not value:
            checks.append({"label": label, "value": "—", "status": _("not given")})
            continue
        try:
            check(value)
        except DomainError as error:
            checks.append({"label": label, "value": value, "status": str(error.message)})
        else:
            checks.append(
                {
                    "label": label,
                    "value": shown(value),
                    "status": _("valid format and check digits"),
                }
            )
    return checks


class RecognitionDocumentForm(forms.ModelForm):
    class Meta:
        model = models.RecognitionDocument
        fields = ("title", "file")

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            try:
                document_check(upload, field="file")
            except DomainError as error:
                raise forms.ValidationError(str(error.message)) from None
        return upload


class RecognitionDocumentInline(RulesInlineMixin, admin.TabularInline):
    permission = "organisations.manage_recognitions"
    model = models.RecognitionDocument
    form = RecognitionDocumentForm
    extra = 1


@admin.register(models.Recognition, site=staff_site)
class RecognitionAdmin(RulesModelAdmin):
    permission = "organisations.manage_recognitions"
    list_display = (
        "organisation",
        "type",
        "valid_from",
        "valid_until",
        "state_label",
        "decision_reference",
    )
    list_filter = ("type",)
    list_select_related = ("organisation", "type")
    search_fields = ("organisation__name", "decision_reference")
    autocomplete_fields = ("organisation",)
    exclude = ("recorded_by", "created_at")
    inlines = [RecognitionDocumentInline]

    @admin.display(description=gettext_lazy("state"))
    def state_label(self, obj: models.Recognition) -> str:
        return str(obj.state.label)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history stays: a correction is a new decision

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            timeline_record(
                organisation=obj.organisation,
                kind="organisations.recognition_recorded",
                actor=request.user,
                subject=obj,
                data={
                    "recognition": obj.type.name,
                    "valid_from": obj.valid_from.strftime("%d/%m/%Y"),
                },
            )


class ReferenceAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "organisations.verify"
    list_display: tuple[str, ...] = ("name", "code", "missing_translations")


@admin.register(models.TargetGroup, site=staff_site)
class TargetGroupAdmin(ReferenceAdmin):
    translated_fields = models.TargetGroup.TRANSLATED
    list_display = ("name", "code", "order", "missing_translations")


@admin.register(models.Language, site=staff_site)
class LanguageAdmin(ReferenceAdmin):
    translated_fields = models.Language.TRANSLATED
    list_display = ("name", "code", "order", "missing_translations")


@admin.register(models.RecognitionType, site=staff_site)
class RecognitionTypeAdmin(ReferenceAdmin):
    translated_fields = models.RecognitionType.TRANSLATED


@admin.register(models.PersonalDataAccess, site=staff_site)
class PersonalDataAccessAdmin(RulesModelAdmin):
    """Who looked at personal data: read-only, for administrators."""

    permission = "organisations.audit"
    list_display = ("at", "viewer", "organisation", "what", "path")
    list_select_related = ("viewer", "organisation")
    list_filter = ("what",)
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
