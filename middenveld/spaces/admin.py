"""The back office for spaces (/beheer/spaces/).

* facilities (kitchen, projector, step-free access);
* buildings, with their photos (checked by content), opening hours, closures and the
  house rules document (checked by content);
* spaces, with their booking rules, tariffs and closures; "who may book" and each
  tariff's "for organisations that meet" are requirements from the register, checked
  here (known keys, lists of known codes) and shown in words;
* bookings and their log, read only: a booking opens its decision page
  (``spaces/staff.py``), where staff approve, deny or cancel through the services.

The seasonal allocation screens live in ``staff_allocation.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from middenveld.core import rules
from middenveld.core.admin_site import (
    MissingTranslationsMixin,
    RulesInlineMixin,
    RulesModelAdmin,
    staff_site,
)
from middenveld.core.errors import Invalid
from middenveld.core.models import District
from middenveld.organisations.models import LegalForm, RecognitionType
from middenveld.organisations.privacy import personal_data_access_log
from middenveld.spaces.models import (
    Booking,
    BookingLog,
    Building,
    BuildingPhoto,
    Closure,
    Facility,
    OpeningHours,
    Space,
    Tariff,
)
from middenveld.spaces.rules import REQUIREMENT_KEYS

PERMISSION = "spaces.manage"
LIST_KEYS = ("legal_forms", "recognitions", "districts")
YES_NO_KEYS = ("verified", "self_organisation")


# --- Requirements from the register ---------------------------------------------------------


def requirement_errors(data: Any) -> list[str]:
    """What is wrong with a requirement as staff wrote it, in sentences (empty: fine).

    A requirement is a JSON object with only the keys of ``REQUIREMENT_KEYS``:
    ``verified`` and ``self_organisation`` are true or false; ``legal_forms``,
    ``recognitions`` and ``districts`` are lists of known codes."""
    if data in (None, ""):
        return []
    if not isinstance(data, Mapping):
        return [
            _(
                'Write the requirement as an object between braces, for example {"recognitions": ["basiswerk"]}, or leave it empty.'
            )
        ]
    errors: list[str] = []
    unknown = sorted(str(key) for key in data if key not in REQUIREMENT_KEYS)
    if unknown:
        errors.append(
            _("These keys are unknown: %(keys)s. Use only: %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(REQUIREMENT_KEYS)}
        )
    for key in YES_NO_KEYS:
        if key in data and not isinstance(data[key], bool):
            errors.append(_("“%(key)s” must be true or false.") % {"key": key})
    lists: dict[str, list[str]] = {}
    for key in LIST_KEYS:
        if key not in data:
            continue
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            errors.append(
                _('“%(key)s” must be a list of codes between quotes, for example ["VZW", "FV"].')
                % {"key": key}
            )
            continue
        lists[key] = [item.strip() for item in value]
    known = {
        "legal_forms": lambda codes: set(LegalForm.values) & set(codes),
        "recognitions": lambda codes: set(
            RecognitionType.objects.filter(code__in=codes).values_list("code", flat=True)
        ),
        "districts": lambda codes: set(
            District.objects.filter(slug__in=codes).values_list("slug", flat=True)
        ),
    }
    messages = {
        "legal_forms": gettext_lazy("These legal forms are unknown: %(codes)s. Use: %(known)s."),
        "recognitions": gettext_lazy(
            "These kinds of recognition are unknown: %(codes)s. Use the codes of the list of kinds of recognition."
        ),
        "districts": gettext_lazy(
            "These districts are unknown: %(codes)s. Use the address (slug) of a district, for example “rabot”."
        ),
    }
    for key, codes in lists.items():
        if not codes:
            continue
        found = known[key](codes)
        missing = [code for code in codes if code not in found]
        if missing:
            errors.append(
                str(messages[key])
                % {"codes": ", ".join(missing), "known": ", ".join(LegalForm.values)}
            )
    return errors


def requirement_clean(data: Any) -> dict[str, Any]:
    """The requirement for saving, or a ``ValidationError`` with every reason."""
    errors = requirement_errors(data)
    if errors:
        raise forms.ValidationError(errors)
    if not data:
        return {}
    cleaned = dict(data)
    for key in LIST_KEYS:
        if key in cleaned:
            cleaned[key] = [item.strip() for item in cleaned[key]]
    return cleaned


def _describe(data: Any) -> str:
    from middenveld.spaces.rules import requirement_from

    if requirement_errors(data):
        return "—"
    return " ".join(str(part) for part in requirement_from(data).describe()) or _(
        "Every organisation."
    )


# --- Upload checks --------------------------------------------------------------------------


def _checked(upload: Any, check: Any, field: str) -> Any:
    """Check a new upload by its content; an unchanged file passes."""
    if upload is not None and hasattr(upload, "content_type"):
        try:
            check(upload, field=field)
        except Invalid as error:
            raise forms.ValidationError(str(error.message)) from None
    return upload


class PhotoForm(forms.ModelForm):
    class Meta:
        model = BuildingPhoto
        fields = ("image", "alt_text", "order")

    def clean_image(self) -> Any:
        from middenveld.core.uploads import image_check

        return _checked(self.cleaned_data.get("image"), image_check, "image")


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = (
            "name",
            "slug",
            "published",
            "team",
            "street",
            "postal_code",
            "municipality",
            "district",
            "latitude",
            "longitude",
            "description",
            "accessibility",
            "house_rules",
            "contact_name",
            "contact_email",
            "contact_phone",
        )

    def clean_house_rules(self) -> Any:
        from middenveld.core.uploads import document_check

        return _checked(self.cleaned_data.get("house_rules"), document_check, "house_rules")


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ("weekday", "opens", "closes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", _("The building must close after it opens."))
        return data


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ("starts_at", "ends_at", "reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends_at", _("The closure must end after it starts."))
        return data


# --- Inlines --------------------------------------------------------------------------------


class PhotoInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = BuildingPhoto
    form = PhotoForm
    extra = 0


class OpeningHoursInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = OpeningHours
    form = OpeningHoursForm
    extra = 0


class BuildingClosureInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = Closure
    fk_name = "building"
    form = ClosureForm
    extra = 0
    verbose_name = gettext_lazy("closure of the whole building")
    verbose_name_plural = gettext_lazy("closures of the whole building")


class SpaceClosureInline(BuildingClosureInline):
    fk_name = "space"
    verbose_name = gettext_lazy("closure of this space")
    verbose_name_plural = gettext_lazy("closures of this space")


class TariffForm(forms.ModelForm):
    class Meta:
        model = Tariff
        fields = ("category", "hourly_rate", "applies_to", "order")

    def clean_applies_to(self) -> dict[str, Any]:
        return requirement_clean(self.cleaned_data.get("applies_to"))


class TariffInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = Tariff
    form = TariffForm
    extra = 0
    readonly_fields = ("applies_in_words",)

    @admin.display(description=gettext_lazy("in words"))
    def applies_in_words(self, obj: Tariff) -> str:
        return _describe(obj.applies_to) if obj.pk else "—"


# --- Facilities and buildings ---------------------------------------------------------------


@admin.register(Facility, site=staff_site)
class FacilityAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = PERMISSION
    translated_fields = Facility.TRANSLATED
    list_display = ("name", "code", "order", "missing_translations")
    search_fields = ("name_nl", "code")
    ordering = ("order", "name_nl")


@admin.register(Building, site=staff_site)
class BuildingAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = PERMISSION
    form = BuildingForm
    translated_fields = Building.TRANSLATED
    inlines = (PhotoInline, OpeningHoursInline, BuildingClosureInline)
    list_display = ("name", "address", "district", "team", "published", "missing_translations")
    list_filter = ("published", "district", "team")
    list_select_related = ("district", "team")
    search_fields = ("name", "slug", "street")
    prepopulated_fields = {"slug": ("name",)}
    list_per_page = 50
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("name", "slug", "published", "team")}),
        (
            gettext_lazy("Where"),
            {
                "fields": (
                    "street",
                    "postal_code",
                    "municipality",
                    "district",
                    "latitude",
                    "longitude",
                )
            },
        ),
        (
            gettext_lazy("For visitors"),
            {"fields": ("description", "accessibility", "house_rules")},
        ),
        (gettext_lazy("Contact"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
    )


# --- Spaces ---------------------------------------------------------------------------------


class SpaceForm(forms.ModelForm):
    class Meta:
        model = Space
        fields = (
            "building",
            "parent",
            "name",
            "slug",
            "description",
            "capacity",
            "area_m2",
            "floor",
            "facilities",
            "bookable",
            "min_days_ahead",
            "max_days_ahead",
            "min_duration_minutes",
            "max_duration_minutes",
            "granularity_minutes",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "max_series_weeks",
            "needs_approval",
            "who_may_book",
        )

    def clean_who_may_book(self) -> dict[str, Any]:
        return requirement_clean(self.cleaned_data.get("who_may_book"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent: Space | None = data.get("parent")
        building = data.get("building")
        if parent is not None:
            if self.instance.pk and parent.pk == self.instance.pk:
                self.add_error("parent", _("A space cannot be a part of itself."))
            elif self.instance.pk and self._is_below(parent, self.instance.pk):
                self.add_error(
                    "parent",
                    _("A space cannot be a part of one of its own parts."),
                )
            elif building is not None and parent.building_id != building.pk:
                self.add_error(
                    "parent",
                    _("A part must be in the same building as the space it belongs to."),
                )
        first, last = data.get("min_days_ahead"), data.get("max_days_ahead")
        if first is not None and last is not None and first > last:
            self.add_error(
                "max_days_ahead",
                _("The earliest day to book must lie further ahead than the latest day."),
            )
        shortest, longest = data.get("min_duration_minutes"), data.get("max_duration_minutes")
        if shortest is not None and longest is not None and shortest > longest:
            self.add_error(
                "max_duration_minutes",
                _("The longest booking cannot be shorter than the shortest booking."),
            )
        return data

    @staticmethod
    def _is_below(candidate: Space, space_id: int) -> bool:
        """Is ``candidate`` a part (or a part of a part …) of the space ``space_id``?"""
        seen: set[int] = set()
        parent_id: int | None = candidate.parent_id
        while parent_id is not None and parent_id not in seen:
            if parent_id == space_id:
                return True
            seen.add(parent_id)
            parent_id = (
                Space.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            )
        return False


@admin.register(Space, site=staff_site)
class SpaceAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = PERMISSION
    form = SpaceForm
    translated_fields = Space.TRANSLATED
    inlines = (TariffInline, SpaceClosureInline)
    list_display = ("name", "building", "parent", "capacity", "bookable", "needs_approval")
    list_filter = ("bookable", "needs_approval", "building")
    list_select_related = ("building", "parent__building")
    search_fields = ("name", "slug", "building__name")
    filter_horizontal = ("facilities",)
    readonly_fields = ("who_may_book_in_words",)
    list_per_page = 50
    show_full_result_count = False
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "building",
                    "parent",
                    "name",
                    "slug",
                    "description",
                    "capacity",
                    "area_m2",
                    "floor",
                    "facilities",
                    "bookable",
                )
            },
        ),
        (
            gettext_lazy("When people can book"),
            {
                "fields": (
                    "min_days_ahead",
                    "max_days_ahead",
                    "min_duration_minutes",
                    "max_duration_minutes",
                    "granularity_minutes",
                    "buffer_before_minutes",
                    "buffer_after_minutes",
                    "max_series_weeks",
                    "needs_approval",
                )
            },
        ),
        (
            gettext_lazy("Who may book"),
            {"fields": ("who_may_book", "who_may_book_in_words")},
        ),
    )

    @admin.display(description=gettext_lazy("who may book, in words"))
    def who_may_book_in_words(self, obj: Space) -> str:
        return _describe(obj.who_may_book) if obj.pk else "—"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            kwargs["queryset"] = Space.objects.select_related("building").order_by(
                "building__name", "name"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Bookings and their log (read only) -----------------------------------------------------


class ReadOnlyAdmin(RulesModelAdmin):
    permission = PERMISSION

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Booking, site=staff_site)
class BookingAdmin(ReadOnlyAdmin):
    """Every booking, to look one up. Decisions are taken on the decision page."""

    change_list_template = "spaces/staff/booking_change_list.html"

    list_display = (
        "decision_link",
        "space",
        "organisation",
        "first_day",
        "repeat",
        "status",
        "created_at",
    )
    list_display_links = None
    list_filter = (
        "status",
        ("space__building", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("space__building", "organisation")
    search_fields = ("purpose", "organisation__name", "space__name", "space__building__name")
    ordering = ("-created_at", "-id")
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description=gettext_lazy("what is it for"), ordering="purpose")
    def decision_link(self, obj: Booking) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("beheer:spaces_request", args=[obj.pk]), obj.purpose
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not rules.check(PERMISSION, request.user):
            raise PermissionDenied
        if not str(object_id).isdigit():
            return super().change_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(reverse("beheer:spaces_request", args=[int(object_id)]))


@admin.register(BookingLog, site=staff_site)
class BookingLogAdmin(ReadOnlyAdmin):
    list_display = (
        "at",
        "booking",
        "allocation_round",
        "action",
        "from_status",
        "to_status",
        "actor",
    )
    list_filter = ("action",)
    list_select_related = ("booking__space__building", "allocation_round", "actor")
    search_fields = ("booking__purpose", "booking__organisation__name", "reason")
    ordering = ("-at", "-id")
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[BookingLog]:
        return super().get_queryset(request).select_related("booking__space__building")

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if not rules.check(PERMISSION, request.user):
            raise PermissionDenied
        personal_data_access_log(
            viewer=request.user,
            organisation=None,
            what="booking log",
            path=request.get_full_path(),
        )
        return super().changelist_view(request, extra_context)
