"""Ballots in the back office (/beheer/ballots/): ballots with their options, the count and
recount after the close, and a page to count any Pabulib file.

No screen shows votes or a result before the close, for city staff neither: the list
and the form show how many votes were cast (turnout), nothing about their content. Once
a ballot has votes, what they were cast on (the method, its limits, the options' codes
and costs) can no longer change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from middenveld.ballots import services
from middenveld.ballots.forms import PbUploadForm
from middenveld.ballots.models import Ballot, Method, Option
from middenveld.ballots.presenters import result_view
from middenveld.ballots.views import costs_for, labels_for
from middenveld.core import rules
from middenveld.core.admin_site import (
    MissingTranslationsMixin,
    RulesInlineMixin,
    RulesModelAdmin,
    staff_site,
)
from middenveld.core.errors import DomainError
from middenveld.participation.counting.errors import PabulibError

LOCKED_WITH_VOTES = ("method", "max_choices", "total_points", "budget", "electorate", "who_casts")


def _has_votes(obj: Ballot | None) -> bool:
    return obj is not None and obj.pk is not None and obj.casts.exists()


class BallotAdminForm(forms.ModelForm):
    class Meta:
        model = Ballot
        fields = (
            "process",
            "slug",
            "title",
            "description",
            "published",
            "method",
            "max_choices",
            "total_points",
            "budget",
            "electorate",
            "who_casts",
            "opens_at",
            "closes_at",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method") or getattr(self.instance, "method", None)
        if method == Method.BUDGET and not data.get(
            "budget", getattr(self.instance, "budget", None)
        ):
            self.add_error("budget", _("A budget ballot needs its budget in euro."))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The ballot must close after it opens."))
        return data


class OptionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        ballot = self.instance
        method = getattr(ballot, "method", None)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            if method == Method.BUDGET and data.get("cost") is None:
                form.add_error("cost", _("Every project on a budget ballot needs its cost."))


class OptionInline(RulesInlineMixin, TranslationTabularInline):
    model = Option
    formset = OptionFormSet
    permission = "ballots.manage"
    extra = 0
    fields = ("order", "code", "title", "description", "cost")
    ordering = ("order", "id")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("code", "cost") if _has_votes(obj) else ()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and not _has_votes(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _has_votes(obj)


@admin.register(Ballot, site=staff_site)
class BallotAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "ballots.manage"
    form = BallotAdminForm
    translated_fields = Ballot.TRANSLATED
    list_display = ("title", "process", "method", "electorate", "state_label", "votes", "counted")
    list_select_related = ("process",)
    list_filter = ("method", "electorate", "published")
    search_fields = ("title_nl", "slug")
    prepopulated_fields = {"slug": ("title_nl",)}
    inlines = [OptionInline]
    change_list_template = "ballots/admin/change_list.html"
    change_form_template = "ballots/admin/change_form.html"
    fieldsets = (
        (None, {"fields": ("process", "slug", "title", "description", "published")}),
        (
            gettext_lazy("How people vote"),
            {"fields": ("method", "max_choices", "total_points", "budget")},
        ),
        (gettext_lazy("Who votes"), {"fields": ("electorate", "who_casts")}),
        (gettext_lazy("When"), {"fields": ("opens_at", "closes_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ballot]:
        return super().get_queryset(request).annotate(vote_count=Count("casts"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return LOCKED_WITH_VOTES if _has_votes(obj) else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _has_votes(obj)

    @admin.display(description=gettext_lazy("State"))
    def state_label(self, obj: Ballot) -> str:
        return {"upcoming": _("Not open yet"), "open": _("Open"), "closed": _("Closed")}[
            obj.state()
        ]

    @admin.display(description=gettext_lazy("Votes cast"))
    def votes(self, obj: Ballot) -> int:
        return getattr(obj, "vote_count", 0)

    @admin.display(description=gettext_lazy("Counted"), boolean=True)
    def counted(self, obj: Ballot) -> bool:
        return obj.counted_at is not None

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/uitslag/", wrap(self.results_view), name="ballots_ballot_results"),
            path("pb-tellen/", wrap(self.pb_import_view), name="ballots_ballot_pb_import"),
            *super().get_urls(),
        ]

    def _page(
        self, request: HttpRequest, template: str, title: str, status: int = 200, **context: Any
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
            status=status,
        )

    def results_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not rules.check("ballots.manage", request.user):
            raise PermissionDenied
        ballot = Ballot.objects.select_related("process").filter(pk=pk).first()
        if ballot is None:
            raise Http404
        options = list(ballot.options.order_by("order", "id"))
        if request.method == "POST":
            try:
                report = services.ballot_recount(ballot=ballot, by=request.user)
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                if report.same_inputs and report.same_result:
                    messages.success(
                        request,
                        _(
                            "Counted again from the %(votes)d stored votes: the same votes "
                            "give the same result."
                        )
                        % {"votes": ballot.result["voters"] if ballot.result else 0},
                    )
                elif not report.previous_hash:
                    messages.success(request, _("The ballot is counted."))
                else:
                    messages.warning(
                        request,
                        _(
                            "Counted again: the stored votes differ from those of the last "
                            "count (an erased account's vote on an open ballot, or a change "
                            "made directly in the database). The new result is stored."
                        ),
                    )
            return HttpResponseRedirect(reverse("beheer:ballots_ballot_results", args=[pk]))
        result = None
        hidden_reason = ""
        if ballot.is_closed():
            services.ballot_count(ballot=ballot)
            assert ballot.result is not None
            result = result_view(ballot.result, labels_for(options), costs_for(options))
        else:
            hidden_reason = str(rules.check("ballots.view_results", request.user, ballot).reason)
        return self._page(
            request,
            "ballots/admin/results.html",
            _("Result of %(ballot)s") % {"ballot": ballot.title},
            ballot=ballot,
            result=result,
            hidden_reason=hidden_reason,
            turnout=ballot.casts.count(),
        )

    def pb_import_view(self, request: HttpRequest) -> HttpResponse:
        if not rules.check("ballots.manage", request.user):
            raise PermissionDenied
        form = PbUploadForm()
        result = None
        status = 200
        meta: dict[str, str] = {}
        if request.method == "POST":
            form = PbUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    if upload.size > services.PB_MAX_BYTES:
                        raise PabulibError(0, _("the file is larger than 50 MB."))
                    counted = services.pb_import_count(data=upload.read(), by=request.user)
                except PabulibError as error:
                    form.add_error(
                        "file",
                        _("This file cannot be counted. Line %(line)d: %(reason)s")
                        % {"line": error.line, "reason": error.reason},
                    )
                    status = 422
                except DomainError as error:
                    form.add_error("file", str(error.message))
                    status = 422
                else:
                    result = result_view(counted, counted["labels"], counted["costs"])
                    meta = counted["meta"]
            else:
                status = 422
        return self._page(
            request,
            "ballots/admin/pb_import.html",
            _("Count a Pabulib file"),
            status=status,
            form=form,
            result=result,
            meta=meta,
        )
