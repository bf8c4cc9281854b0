"""The city's back office for coaching (/beheer/coaching/): the requests to answer, and one
page per trajectory where the coach keeps goals, sessions and notes and closes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.coaching import selectors, services
from middenveld.coaching.forms import (
    AcceptForm,
    CloseForm,
    DeclineForm,
    GoalForm,
    GoalStatusForm,
    NoteForm,
    SessionForm,
    staff_people,
)
from middenveld.coaching.models import CoachingRequest, Goal, Trajectory
from middenveld.core import rules
from middenveld.core.admin_site import RulesModelAdmin, staff_site
from middenveld.core.errors import DomainError
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.privacy import personal_data_access_log

WAITING_SHOWN = 200


def _require_manage(request: HttpRequest) -> None:
    if not rules.check("coaching.manage", request.user):
        raise PermissionDenied


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


@admin.register(CoachingRequest, site=staff_site)
class CoachingRequestAdmin(RulesModelAdmin):
    """The list is the inbox (new requests first, oldest first); one page per request
    to accept it with a coach or decline it with a reason."""

    permission = "coaching.manage"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # organisations ask themselves

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # only the decision changes a request

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history stays

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/beslissen/",
                wrap(self.decide_view),
                name="coaching_coachingrequest_decide",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        _require_manage(request)
        waiting = selectors.coaching_requests_waiting()
        shown = list(waiting[:WAITING_SHOWN])
        now = timezone.now()
        personal_data_access_log(
            viewer=request.user,
            organisation=None,
            what="coaching requests",
            path=request.get_full_path(),
        )
        return _page(
            self,
            request,
            "coaching/admin/requests.html",
            _("Coaching requests"),
            waiting=[(r, r.due_at < now) for r in shown],
            total=waiting.count() if len(shown) == WAITING_SHOWN else len(shown),
            mine=list(selectors.trajectories_of_coach(request.user)),
            decided=selectors.coaching_requests_decided(limit=20),
            coaches=list(staff_people()),
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not str(object_id).isdigit():
            raise Http404
        return HttpResponseRedirect(
            reverse("beheer:coaching_coachingrequest_decide", args=[int(object_id)])
        )

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        _require_manage(request)
        coaching_request = (
            CoachingRequest.objects.filter(pk=pk)
            .select_related("organisation", "asked_by", "language", "decided_by")
            .select_related("trajectory")
            .first()
        )
        if coaching_request is None:
            raise Http404
        accept_form = AcceptForm(initial={"coach": request.user.pk})
        decline_form = DeclineForm()
        action = request.POST.get("action", "")
        if request.method == "POST":
            if action == "accept":
                accept_form = AcceptForm(request.POST)
                done = accept_form.is_valid() and self._run(
                    request,
                    accept_form,
                    lambda: services.coaching_accept(
                        request=coaching_request,
                        by=request.user,
                        coach=accept_form.cleaned_data["coach"],
                    ),
                    _("The request is accepted. The organisation and the coach get an e-mail."),
                )
            elif action == "decline":
                decline_form = DeclineForm(request.POST)
                done = decline_form.is_valid() and self._run(
                    request,
                    decline_form,
                    lambda: services.coaching_decline(
                        request=coaching_request,
                        by=request.user,
                        reason=decline_form.cleaned_data["reason"],
                    ),
                    _("The request is declined. The organisation gets an e-mail with the reason."),
                )
            else:
                raise Http404
            if done:
                return HttpResponseRedirect(reverse("beheer:coaching_coachingrequest_changelist"))
        personal_data_access_log(
            viewer=request.user,
            organisation=coaching_request.organisation,
            what="coaching request",
            path=request.get_full_path(),
        )
        return _page(
            self,
            request,
            "coaching/admin/decide.html",
            _("Coaching request of %(name)s") % {"name": coaching_request.organisation.name},
            coaching_request=coaching_request,
            accept_form=accept_form,
            decline_form=decline_form,
            status=422 if request.method == "POST" else 200,
        )

    @staticmethod
    def _run(request: HttpRequest, form: forms.Form, action: Any, success: str) -> bool:
        try:
            action()
        except DomainError as error:
            if error.http_status == 409:
                # Answered by someone else in the meantime: the forms are gone, say why.
                messages.error(request, str(error.message))
                return True
            add_domain_error(form, error)
            return False
        messages.success(request, success)
        return True


class CoachFilter(admin.SimpleListFilter):
    title = gettext_lazy("coach")
    parameter_name = "coach"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("mine", gettext_lazy("Me")), ("nobody", gettext_lazy("Nobody"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "mine":
            return queryset.filter(coach_id=request.user.pk)
        if self.value() == "nobody":
            return queryset.filter(coach__isnull=True)
        return queryset


@admin.register(Trajectory, site=staff_site)
class TrajectoryAdmin(RulesModelAdmin):
    permission = "coaching.manage"
    list_display = ("organisation", "coach", "status", "started_at", "closed_at")
    list_filter = ("status", CoachFilter)
    list_select_related = ("organisation", "coach")
    search_fields = ("organisation__name",)
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # a trajectory starts from an accepted request

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        _require_manage(request)
        if not str(object_id).isdigit():
            raise Http404
        trajectory = selectors.trajectory_detail(int(object_id))
        if trajectory is None:
            raise Http404
        bound: dict[str, forms.Form] = {}
        if request.method == "POST":
            done, bound = self._post(request, trajectory)
            if done:
                return HttpResponseRedirect(request.path)
        personal_data_access_log(
            viewer=request.user,
            organisation=trajectory.organisation,
            what="coaching trajectory",
            path=request.get_full_path(),
        )
        return _page(
            self,
            request,
            "coaching/admin/trajectory.html",
            _("Coaching of %(name)s") % {"name": trajectory.organisation.name},
            trajectory=trajectory,
            goal_form=bound.get("goal") or GoalForm(prefix="goal"),
            session_form=bound.get("session") or SessionForm(prefix="session"),
            note_form=bound.get("note") or NoteForm(prefix="note"),
            coach_form=bound.get("coach")
            or AcceptForm(prefix="coach", initial={"coach": trajectory.coach_id}),
            close_form=bound.get("close") or CloseForm(prefix="close"),
            goal_statuses=Goal._meta.get_field("status").choices,
            status=422 if request.method == "POST" else 200,
        )

    def _post(self, request: HttpRequest, trajectory: Trajectory) -> tuple[bool, dict]:
        action = request.POST.get("action", "")
        by = request.user
        form: forms.Form
        run: Callable[[dict[str, Any]], Any]
        if action == "goal":
            form = GoalForm(request.POST, prefix="goal")
            run = lambda data: services.goal_add(  # noqa: E731
                trajectory=trajectory, by=by, text=data["text"]
            )
            success = _("The goal is added.")
        elif action == "goal_status":
            goal_id = request.POST.get("goal", "")
            goal = trajectory.goals.filter(pk=int(goal_id)).first() if goal_id.isdigit() else None
            if goal is None:
                raise Http404
            form = GoalStatusForm(request.POST)
            run = lambda data: services.goal_set_status(  # noqa: E731
                goal=goal, by=by, status=data["status"]
            )
            success = _("The goal is changed.")
        elif action == "session":
            form = SessionForm(request.POST, prefix="session")
            run = lambda data: services.session_record(  # noqa: E731
                trajectory=trajectory,
                by=by,
                date=data["date"],
                minutes=data["minutes"],
                summary=data["summary"],
                internal_note=data["internal_note"],
            )
            success = _("The session is recorded.")
        elif action == "note":
            form = NoteForm(request.POST, prefix="note")
            run = lambda data: services.note_add(  # noqa: E731
                trajectory=trajectory, by=by, text=data["text"], internal=not data["shared"]
            )
            success = _("The note is added.")
        elif action == "coach":
            form = AcceptForm(request.POST, prefix="coach")
            run = lambda data: services.coach_assign(  # noqa: E731
                trajectory=trajectory, by=by, coach=data["coach"]
            )
            success = _("The coach is changed. The new coach gets an e-mail.")
        elif action == "close":
            form = CloseForm(request.POST, prefix="close")
            run = lambda data: services.trajectory_close(  # noqa: E731
                trajectory=trajectory, by=by, summary=data["summary"]
            )
            success = _("The trajectory is closed. The organisation gets the summary by e-mail.")
        else:
            raise Http404
        key = "goal" if action == "goal_status" else action
        if action == "goal_status" and not form.is_valid():
            messages.error(request, _("Choose a status from the list."))
            return True, {}
        if form.is_valid():
            try:
                run(form.cleaned_data)
            except DomainError as error:
                if action == "goal_status" or error.http_status == 409:
                    # A closed trajectory shows no forms: say it as a message.
                    messages.error(request, str(error.message))
                    return True, {}
                add_domain_error(form, error)
            else:
                messages.success(request, success)
                return True, {}
        return False, {key: form}
