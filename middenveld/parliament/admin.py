"""The parliament in the back office (/beheer/parliament/), for city staff (``parliament.manage``).

* bodies with their mandate periods, periods with their seats, seats;
* mandates with their delegate and substitutes: a new mandate goes through
  ``services.mandate_grant`` (inside its period, never overlapping another mandate of the seat)
  and the people through ``services.mandate_name_people`` (members of the organisation);
* officers (chair, secretary), sessions with their agenda;
* advice: the city's answer is read only here, it is given on the advice page (with reasons);
* groups and tags of signals (``parliament.manage_signals``);
* composition rules of a mandate period (added through ``services.composition_rule_add``,
  so the same checks apply; the seats are made on the composition page);
* documents: links can be typed here; files are uploaded on the body's and the session's
  document pages, where ``services`` check them by their content;
* the log of every change, read only.

Session status, the convocation and the minutes' approval move through the session pages
(``services``), so they are read only here too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.core.admin_site import RulesInlineMixin, RulesModelAdmin, staff_site
from middenveld.core.errors import DomainError
from middenveld.organisations.models import Membership
from middenveld.parliament import services
from middenveld.parliament.models import (
    Advice,
    AgendaDocument,
    AgendaItem,
    Body,
    BodyDocument,
    CompositionRule,
    Mandate,
    MandatePerson,
    MandateRole,
    Officer,
    ParliamentLog,
    Seat,
    Session,
    SignalGroup,
    SignalTag,
    Term,
)

PERMISSION = "parliament.manage"


# --- Bodies, periods, seats ------------------------------------------------------------------


class TermInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = Term
    extra = 0
    fields = ("starts_on", "ends_on")


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ("body", "starts_on", "ends_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The end must come after the start."))
        return data


class BodyDocumentInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = BodyDocument
    extra = 0
    fields = ("title", "link", "kind", "published_on")
    readonly_fields = ("kind",)


@admin.register(Body, site=staff_site)
class BodyAdmin(RulesModelAdmin):
    permission = PERMISSION
    inlines = (TermInline, BodyDocumentInline)
    filter_horizontal = ("events",)
    list_display = ("name", "kind", "theme", "quorum_percent", "published")
    list_filter = ("kind", "published")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "kind",
        "name",
        "slug",
        "description",
        "theme",
        "quorum_percent",
        "convocation_days",
        "advice_answer_days",
        "reminder_days",
        "published",
        "events",
    )


class SeatInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = Seat
    extra = 0
    fields = ("number", "kind", "theme", "district", "size", "stratum")


class CompositionRuleForm(forms.ModelForm):
    """The checks of ``services.composition_rule_validate``, as form errors."""

    class Meta:
        model = CompositionRule
        fields = ("term", "kind", "value", "seats", "stratum")
        help_texts = {
            "value": gettext_lazy(
                "A theme code, a wijk's address (slug) or a size code, or “each”; "
                "empty for open seats and seats drawn by lot."
            ),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        term = data.get("term")
        if term is None or self.instance.pk:
            return data
        try:
            services.composition_rule_validate(
                term=term,
                kind=data.get("kind", ""),
                value=data.get("value", ""),
                seats=data.get("seats"),
                stratum=data.get("stratum", ""),
            )
        except DomainError as error:
            fields = error.details.get("fields") or {}
            for name, problems in fields.items():
                for problem in problems:
                    self.add_error(name if name in self.fields else None, str(problem))
            if not fields:
                self.add_error(None, str(error.message))
        return data


@admin.register(CompositionRule, site=staff_site)
class CompositionRuleAdmin(RulesModelAdmin):
    """Rules are added and removed, not changed: change one by removing it and adding it
    again (the log keeps both)."""

    permission = PERMISSION
    form = CompositionRuleForm
    list_display = ("__str__", "term", "kind", "value", "stratum", "seats")
    list_filter = ("kind", "term__body")
    list_select_related = ("term__body",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("term", "kind", "value", "seats", "stratum") if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: CompositionRule, form: Any, change: bool
    ) -> None:
        if change:
            return
        rule = services.composition_rule_add(
            term=obj.term,
            by=request.user,
            kind=obj.kind,
            value=obj.value,
            seats=obj.seats,
            stratum=obj.stratum,
        )
        obj.pk = rule.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: CompositionRule) -> None:
        services.composition_rule_remove(rule=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for rule in queryset.select_related("term"):
            services.composition_rule_remove(rule=rule, by=request.user)


@admin.register(Term, site=staff_site)
class TermAdmin(RulesModelAdmin):
    permission = PERMISSION
    form = TermForm
    inlines = (SeatInline,)
    list_display = ("__str__", "body", "starts_on", "ends_on")
    list_filter = ("body",)
    list_select_related = ("body",)


@admin.register(Seat, site=staff_site)
class SeatAdmin(RulesModelAdmin):
    permission = PERMISSION
    list_display = ("__str__", "term", "kind", "theme", "district", "size", "stratum")
    list_filter = ("kind", "theme", "term__body")
    list_select_related = ("term__body", "district")
    list_per_page = 100


# --- Mandates and their people ---------------------------------------------------------------


class MandateForm(forms.ModelForm):
    """The checks of ``services.mandate_grant``, as form errors."""

    class Meta:
        model = Mandate
        fields = ("seat", "organisation", "starts_on", "ends_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seat, starts, ends = data.get("seat"), data.get("starts_on"), data.get("ends_on")
        if seat is None or starts is None or ends is None:
            return data
        if ends < starts:
            self.add_error("ends_on", _("The end must come after the start."))
            return data
        term = seat.term
        if starts < term.starts_on or ends > term.ends_on:
            self.add_error(
                "starts_on",
                _("A mandate stays within its mandate period (%(start)s to %(end)s).")
                % {
                    "start": term.starts_on.strftime("%d/%m/%Y"),
                    "end": term.ends_on.strftime("%d/%m/%Y"),
                },
            )
        overlap = Mandate.objects.filter(seat=seat, starts_on__lte=ends, ends_on__gte=starts)
        if self.instance.pk:
            overlap = overlap.exclude(pk=self.instance.pk)
        if overlap.exists():
            self.add_error("seat", _("This seat is already held in that period."))
        return data


class MandatePersonFormSet(forms.BaseInlineFormSet):
    """One delegate, substitutes, all members of the organisation holding the seat."""

    def rows(self) -> list[dict[str, Any]]:
        return [
            form.cleaned_data
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]

    def clean(self) -> None:
        super().clean()
        rows = self.rows()
        if not rows:
            return
        delegates = [row for row in rows if row.get("role") == MandateRole.DELEGATE]
        if len(delegates) != 1:
            raise forms.ValidationError(_("Name exactly one delegate."))
        users = [row["user"] for row in rows if row.get("user") is not None]
        if len({u.pk for u in users}) != len(users):
            raise forms.ValidationError(
                _("The delegate and the substitutes must be different people.")
            )
        if len(users) - 1 > services.MAX_SUBSTITUTES:
            raise forms.ValidationError(
                _("Name at most %(count)s substitutes.") % {"count": services.MAX_SUBSTITUTES}
            )
        organisation_id = getattr(self.instance, "organisation_id", None)
        if organisation_id is None:
            return  # the mandate's own form says what is missing
        members = set(
            Membership.objects.filter(
                organisation_id=organisation_id, user_id__in=[u.pk for u in users]
            ).values_list("user_id", flat=True)
        )
        for user in users:
            if user.pk not in members:
                raise forms.ValidationError(
                    _("%(name)s is not a member of %(organisation)s.")
                    % {
                        "name": user.name or user.email,
                        "organisation": self.instance.organisation.name,
                    }
                )


class MandatePersonInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = MandatePerson
    formset = MandatePersonFormSet
    extra = 0
    fields = ("user", "role")
    raw_id_fields = ("user",)


@admin.register(Mandate, site=staff_site)
class MandateAdmin(RulesModelAdmin):
    permission = PERMISSION
    form = MandateForm
    inlines = (MandatePersonInline,)
    list_display = ("__str__", "organisation", "term", "starts_on", "ends_on")
    list_filter = ("seat__term__body",)
    list_select_related = ("seat__term__body", "organisation")
    search_fields = ("organisation__name",)
    raw_id_fields = ("organisation",)
    list_per_page = 100

    @admin.display(description=gettext_lazy("mandate period"))
    def term(self, obj: Mandate) -> str:
        return str(obj.seat.term)

    def save_model(self, request: HttpRequest, obj: Mandate, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new mandate: through the service (its log and the organisation's timeline).
        granted = services.mandate_grant(
            seat=obj.seat,
            organisation=obj.organisation,
            by=request.user,
            starts_on=obj.starts_on,
            ends_on=obj.ends_on,
        )
        obj.pk = granted.pk
        obj._state.adding = False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, MandatePersonFormSet):
            super().save_formset(request, form, formset, change)
            return
        # The service saves the people; the admin's history message reads these lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        rows = formset.rows()
        if not rows:
            if formset.has_changed():
                MandatePerson.objects.filter(mandate=form.instance).delete()
            return
        if not formset.has_changed():
            return
        delegate = next(r["user"] for r in rows if r.get("role") == MandateRole.DELEGATE)
        substitutes = [r["user"] for r in rows if r.get("role") != MandateRole.DELEGATE]
        try:
            services.mandate_name_people(
                mandate=form.instance, by=request.user, delegate=delegate, substitutes=substitutes
            )
        except DomainError as error:
            messages.error(request, str(error.message))


# --- Officers and sessions -------------------------------------------------------------------


@admin.register(Officer, site=staff_site)
class OfficerAdmin(RulesModelAdmin):
    permission = PERMISSION
    list_display = ("body", "user", "role")
    list_filter = ("body", "role")
    list_select_related = ("body", "user")
    raw_id_fields = ("user",)


class AgendaItemInline(RulesInlineMixin, admin.TabularInline):
    permission = PERMISSION
    model = AgendaItem
    extra = 0
    fields = ("position", "title", "kind", "majority", "document_link")


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ("body", "title", "starts_at", "ends_at", "place", "online_link", "minutes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        return data


@admin.register(Session, site=staff_site)
class SessionAdmin(RulesModelAdmin):
    permission = PERMISSION
    form = SessionForm
    inlines = (AgendaItemInline,)
    list_display = ("title", "body", "starts_at", "status", "minutes_status")
    list_filter = ("body", "status", "minutes_status")
    list_select_related = ("body",)
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    readonly_fields = (
        "status",
        "convocation_sent_at",
        "reminder_sent_at",
        "minutes_status",
        "minutes_approved_in",
    )
    fieldsets = (
        (None, {"fields": ("body", "title", "starts_at", "ends_at", "place", "online_link")}),
        (
            gettext_lazy("Where it stands"),
            {
                "fields": (
                    "status",
                    "convocation_sent_at",
                    "reminder_sent_at",
                    "minutes_status",
                    "minutes_approved_in",
                )
            },
        ),
        (gettext_lazy("Minutes"), {"fields": ("minutes",)}),
    )


@admin.register(AgendaDocument, site=staff_site)
class AgendaDocumentAdmin(RulesModelAdmin):
    """Uploaded on the session's document page (checked by content); here they are seen and
    can be removed."""

    permission = PERMISSION
    list_display = ("title", "item", "kind", "uploaded_at", "uploaded_by")
    list_filter = ("kind", "item__session__body")
    list_select_related = ("item__session", "uploaded_by")
    search_fields = ("title", "item__title")
    fields = ("item", "title", "kind", "uploaded_at", "uploaded_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: AgendaDocument) -> None:
        services.agenda_document_remove(document=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for document in queryset.select_related("item__session__body"):
            services.agenda_document_remove(document=document, by=request.user)


# --- Advice ----------------------------------------------------------------------------------

ANSWER_FIELDS = ("answer", "answer_reasons", "answer_actions", "answered_on", "answered_by")


class AdviceForm(forms.ModelForm):
    class Meta:
        model = Advice
        fields = ("body", "number", "title", "text", "theme", "adopted_on", "sent_on", "answer_due")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sent, due = data.get("sent_on"), data.get("answer_due")
        if sent and due and due < sent:
            self.add_error("answer_due", _("The answer cannot be due before the advice is sent."))
        return data


@admin.register(Advice, site=staff_site)
class AdviceAdmin(RulesModelAdmin):
    permission = PERMISSION
    form = AdviceForm
    list_display = ("number", "title", "body", "sent_on", "answer_due", "answer")
    list_filter = ("answer", "body", "theme")
    list_select_related = ("body",)
    search_fields = ("number", "title")
    readonly_fields = ANSWER_FIELDS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "body",
                    "number",
                    "title",
                    "text",
                    "theme",
                    "adopted_on",
                    "sent_on",
                    "answer_due",
                )
            },
        ),
        (
            gettext_lazy("The city's answer (given on the advice page)"),
            {"fields": ANSWER_FIELDS},
        ),
    )


# --- Signals ---------------------------------------------------------------------------------


@admin.register(SignalGroup, site=staff_site)
class SignalGroupAdmin(RulesModelAdmin):
    permission = "parliament.manage_signals"
    list_display = ("title", "year")
    list_filter = ("year",)
    search_fields = ("title",)


@admin.register(SignalTag, site=staff_site)
class SignalTagAdmin(RulesModelAdmin):
    permission = "parliament.manage_signals"
    list_display = ("name",)
    search_fields = ("name",)


# --- The log ---------------------------------------------------------------------------------


@admin.register(ParliamentLog, site=staff_site)
class ParliamentLogAdmin(RulesModelAdmin):
    permission = PERMISSION
    list_display = ("at", "by", "subject", "subject_id", "change", "from_state", "to_state")
    list_filter = ("subject", "change")
    list_select_related = ("by",)
    search_fields = ("subject", "change", "reason")
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
