"""The city's back office for participation (/beheer/participation/): processes with their
phases, the proposals to decide on, and the moderation queue of comments (reported ones
first). The participation figures of a process are at /beheer/inspraak/<slug>/cijfers/."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from middenveld.core import rules
from middenveld.core.admin_site import (
    MissingTranslationsMixin,
    RulesInlineMixin,
    RulesModelAdmin,
    staff_site,
)
from middenveld.core.errors import DomainError
from middenveld.organisations.forms import add_domain_error
from middenveld.participation import selectors, services
from middenveld.participation.forms import DecisionForm, HideForm, NoteForm
from middenveld.participation.models import Comment, Phase, Process, Proposal


def _page(
    admin_obj: admin.ModelAdmin,
    request: HttpRequest,
    template: str,
    title: str,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return TemplateResponse(
        request,
        template,
        {
            **admin_obj.admin_site.each_context(request),
            "opts": admin_obj.model._meta,
            "title": title,
            **context,
        },
        status=status,
    )


def _run(request: HttpRequest, form: forms.Form, action: Any, success: str) -> bool:
    try:
        action()
    except DomainError as error:
        add_domain_error(form, error)
        return False
    messages.success(request, success)
    return True


class PhaseInline(RulesInlineMixin, TranslationStackedInline):
    model = Phase
    permission = "participation.manage"
    extra = 0
    fields = ("title", "starts_on", "ends_on", "accepts_proposals", "description", "question")


@admin.register(Process, site=staff_site)
class ProcessAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "participation.manage"
    translated_fields = Process.TRANSLATED
    list_display = (
        "title",
        "audience",
        "workstream",
        "published",
        "figures",
        "missing_translations",
    )
    list_filter = ("published", "audience", "workstream")
    list_select_related = ("workstream",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title_nl",)}
    fields = ("title", "slug", "summary", "description", "workstream", "audience", "published")
    inlines = [PhaseInline]

    @admin.display(description=gettext_lazy("Who took part"))
    def figures(self, obj: Process) -> str:
        url = reverse("beheer:participation_figures", kwargs={"slug": obj.slug})
        return format_html('<a href="{}">{}</a>', url, _("Figures"))

    def save_model(self, request: HttpRequest, obj: Process, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # proposals and comments hang on it; unpublish instead


@admin.register(Proposal, site=staff_site)
class ProposalAdmin(RulesModelAdmin):
    """Proposals, new ones first; one page per proposal to accept or reject it."""

    permission = "participation.manage"
    list_display = ("title", "process", "organisation", "status", "created_at")
    list_filter = ("status", "process")
    list_select_related = ("process", "organisation")
    search_fields = ("title", "organisation__name")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # organisations send proposals themselves

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # only the decision changes a proposal

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/beslissen/", wrap(self.decide_view), name="participation_proposal_decide"
            ),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not str(object_id).isdigit():
            raise Http404
        return HttpResponseRedirect(
            reverse("beheer:participation_proposal_decide", args=[int(object_id)])
        )

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not rules.check("participation.manage", request.user):
            raise PermissionDenied
        proposal = (
            Proposal.objects.filter(pk=pk)
            .select_related("process", "organisation", "submitted_by", "decided_by")
            .first()
        )
        if proposal is None:
            raise Http404
        form = DecisionForm(
            request.POST or None,
            initial={"status": proposal.status, "reason": proposal.decision_reason},
        )
        status = 200
        if request.method == "POST":
            if form.is_valid() and _run(
                request,
                form,
                lambda: services.proposal_decide(
                    proposal=proposal,
                    by=request.user,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                ),
                _("The decision is saved. The person who sent the proposal gets a message."),
            ):
                return HttpResponseRedirect(reverse("beheer:participation_proposal_changelist"))
            status = 422
        return _page(
            self,
            request,
            "participation/admin/decide.html",
            _("Proposal “%(title)s”") % {"title": proposal.title},
            status=status,
            proposal=proposal,
            form=form,
        )


class ReportedFilter(admin.SimpleListFilter):
    title = gettext_lazy("reports")
    parameter_name = "meldingen"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("open", gettext_lazy("Reported, waiting for a moderator")),
            ("verborgen", gettext_lazy("Hidden")),
        ]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "open":
            return queryset.filter(open_reports__gt=0)
        if self.value() == "verborgen":
            return queryset.filter(hidden_at__isnull=False)
        return queryset


@admin.register(Comment, site=staff_site)
class CommentAdmin(RulesModelAdmin):
    """The moderation queue: comments with open reports first, the oldest report first."""

    permission = "participation.moderate"
    list_display = (
        "excerpt",
        "process",
        "author_name",
        "organisation",
        "open_reports",
        "state",
        "created_at",
    )
    list_filter = (ReportedFilter, "process")
    search_fields = ("text",)
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        return selectors.comments_for_moderation()

    def get_ordering(self, request: HttpRequest) -> Any:
        return list(selectors.MODERATION_ORDER)

    @admin.display(description=gettext_lazy("comment"))
    def excerpt(self, obj: Comment) -> str:
        return Truncator(obj.text).chars(80) or "—"

    @admin.display(description=gettext_lazy("author"))
    def author_name(self, obj: Comment) -> str:
        return obj.author.get_full_name() if obj.author else "—"

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: Comment) -> str:
        if obj.removed_at:
            return _("Removed by the author")
        return _("Hidden") if obj.hidden_at else _("Visible")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # moderation goes through its own page

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # hide with a reason instead: the thread stays readable

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/modereren/",
                wrap(self.moderate_view),
                name="participation_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not str(object_id).isdigit():
            raise Http404
        return HttpResponseRedirect(
            reverse("beheer:participation_comment_moderate", args=[int(object_id)])
        )

    def moderate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not rules.check("participation.moderate", request.user):
            raise PermissionDenied
        comment = selectors.comment_get(pk)
        if comment is None:
            raise Http404
        hide_form = HideForm(initial={"reason": comment.hidden_reason})
        note_form = NoteForm()
        status = 200
        if request.method == "POST":
            action = request.POST.get("action", "")
            done = False
            if action == "hide":
                hide_form = HideForm(request.POST)
                done = hide_form.is_valid() and _run(
                    request,
                    hide_form,
                    lambda: services.comment_hide(
                        comment=comment,
                        by=request.user,
                        reason=hide_form.cleaned_data["reason"],
                        note=hide_form.cleaned_data["note"],
                    ),
                    _("The comment is hidden. The reason is shown in its place."),
                )
            elif action in ("unhide", "keep"):
                note_form = NoteForm(request.POST)
                service = services.comment_unhide if action == "unhide" else services.comment_keep
                done = note_form.is_valid() and _run(
                    request,
                    note_form,
                    lambda: service(
                        comment=comment, by=request.user, note=note_form.cleaned_data["note"]
                    ),
                    _("The comment is visible again.")
                    if action == "unhide"
                    else _("The comment stays visible. The reports are handled."),
                )
            else:
                raise Http404
            if done:
                return HttpResponseRedirect(reverse("beheer:participation_comment_changelist"))
            status = 422
        reports = list(comment.reports.order_by("created_at", "id"))
        return _page(
            self,
            request,
            "participation/admin/moderate.html",
            _("Moderate a comment"),
            status=status,
            comment=comment,
            reports=reports,
            open_reports=[r for r in reports if r.handled_at is None],
            hide_form=hide_form,
            note_form=note_form,
        )
