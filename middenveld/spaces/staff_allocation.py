"""The back office for seasonal allocation (/beheer/spaces/toewijzing/).

* ``AllocationRoundAdmin``: create a round and change its details (name, season,
  request period in Europe/Brussels time, the spaces, the seed). The season, the
  spaces and the seed are fixed once the round is open; a published round is read
  only.
* ``spaces_allocation_rounds``: every round, with its status and its requests.
* ``spaces_allocation``: one round. Open it, close it, see the demand per space,
  make a proposal, read every placement with its reason, publish; and the log of
  every decision.
* ``spaces_allocation_placement``: change one placement by hand, with a reason.

Every page checks the rule ``spaces.manage``; every change goes through
``middenveld.spaces.allocation``. A refusal is shown on the page and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.core import rules
from middenveld.core.admin_site import RulesModelAdmin, staff_site
from middenveld.core.errors import DomainError
from middenveld.organisations.forms import add_domain_error
from middenveld.spaces import allocation
from middenveld.spaces.models import (
    AllocationRequest,
    AllocationRound,
    Placement,
    RequestStatus,
    RoundStatus,
    Weekday,
)

RULE = allocation.MANAGE


def _require(request: HttpRequest) -> None:
    if not rules.check(RULE, request.user):
        raise PermissionDenied


def _round(pk: int) -> AllocationRound:
    found = AllocationRound.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _page(request: HttpRequest, pk: int) -> str:
    return reverse("beheer:spaces_allocation", args=[pk])


# --- The round's details (a ModelAdmin) -------------------------------------------------------


class AllocationRoundForm(forms.ModelForm):
    class Meta:
        model = AllocationRound
        fields = (
            "name",
            "season_starts",
            "season_ends",
            "requests_open_at",
            "requests_close_at",
            "spaces",
            "seed",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        instance = self.instance

        def value(name: str) -> Any:
            return data.get(name, getattr(instance, name, None))

        problems = allocation.round_problems(
            name=data.get("name") if "name" in self.fields else None,
            season_starts=value("season_starts"),
            season_ends=value("season_ends"),
            requests_open_at=value("requests_open_at"),
            requests_close_at=value("requests_close_at"),
            seed=data.get("seed"),
            check_past=instance.pk is None or "season_starts" in self.changed_data,
        )
        for name, found in problems.items():
            target = name if name in self.fields and name not in self.errors else None
            for message in found:
                self.add_error(target, message)
        return data


@admin.register(AllocationRound, site=staff_site)
class AllocationRoundAdmin(RulesModelAdmin):
    permission = RULE
    form = AllocationRoundForm
    list_display = ("name", "season", "status", "allocation_link")
    list_filter = ("status",)
    search_fields = ("name",)
    autocomplete_fields = ("spaces",)
    list_per_page = 50
    show_full_result_count = False
    fields = (
        "name",
        "season_starts",
        "season_ends",
        "requests_open_at",
        "requests_close_at",
        "spaces",
        "seed",
        "status",
        "published_at",
    )

    @admin.display(description=gettext_lazy("season"))
    def season(self, obj: AllocationRound) -> str:
        return f"{obj.season_starts:%d/%m/%Y} – {obj.season_ends:%d/%m/%Y}"

    @admin.display(description=gettext_lazy("requests and proposal"))
    def allocation_link(self, obj: AllocationRound) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("beheer:spaces_allocation", args=[obj.pk]),
            _("Open the allocation page of %(name)s") % {"name": obj.name},
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fixed = ["status", "published_at"]
        if obj is not None and obj.status != RoundStatus.DRAFT:
            # The seed is fixed once requests can come in: every proposal uses it.
            fixed += ["season_starts", "season_ends", "requests_open_at", "spaces", "seed"]
        return fixed

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status == RoundStatus.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (obj.status != RoundStatus.DRAFT or obj.requests.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(
        self, request: HttpRequest, obj: AllocationRound, form: Any, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        if not obj.seed:
            obj.seed = allocation.new_seed()
        super().save_model(request, obj, form, change)
        allocation.round_log_saved(
            obj, by=request.user, created=not change, changed=list(form.changed_data)
        )

    def response_add(
        self, request: HttpRequest, obj: AllocationRound, post_url_continue: Any = None
    ) -> HttpResponse:
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request, _("The round is saved. Open it when organisations may send requests.")
        )
        return HttpResponseRedirect(_page(request, obj.pk))

    def response_change(self, request: HttpRequest, obj: AllocationRound) -> HttpResponse:
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        messages.success(request, _("The round is saved."))
        return HttpResponseRedirect(_page(request, obj.pk))


# --- The list of rounds -----------------------------------------------------------------------


def rounds_view(request: HttpRequest) -> HttpResponse:
    _require(request)
    rounds = list(AllocationRound.objects.order_by("-season_starts", "name"))
    counts: dict[int, int] = {}
    for round_id in AllocationRequest.objects.filter(
        allocation_round__in=rounds, status=RequestStatus.SUBMITTED
    ).values_list("allocation_round_id", flat=True):
        counts[round_id] = counts.get(round_id, 0) + 1
    return TemplateResponse(
        request,
        "spaces/allocation/staff_rounds.html",
        {
            **staff_site.page_context(request),
            "title": _("Seasonal allocation"),
            "rows": [(item, counts.get(item.pk, 0)) for item in rounds],
        },
    )


# --- One round ------------------------------------------------------------------------------

ACTIONS = ("open", "close", "propose", "publish")


def _placement_rows(allocation_round: AllocationRound) -> list[dict[str, Any]]:
    placements = list(
        Placement.objects.filter(
            request__allocation_round=allocation_round, request__status=RequestStatus.SUBMITTED
        )
        .select_related("request__organisation", "space__building", "booking")
        .prefetch_related("request__preferences__space")
    )
    proposal = allocation_round.log.filter(action="proposed").order_by("-at", "-pk").first()
    order: dict[int, tuple[int, int]] = {}
    if proposal is not None:
        for item in (proposal.details or {}).get("order", []):
            if isinstance(item, dict) and "request" in item:
                order[int(item["request"])] = (
                    int(item.get("turn", 0)),
                    int(item.get("position", 0)),
                )
    results = allocation.publish_results(allocation_round)
    rows: list[dict[str, Any]] = []
    for placement in placements:
        request = placement.request
        ranks = {pref.space_id: pref.rank for pref in request.preferences.all()}
        rank = ranks.get(placement.space_id) if placement.space_id else None
        rows.append(
            {
                "placement": placement,
                "request": request,
                "preferences": sorted(request.preferences.all(), key=lambda pref: pref.rank),
                "choice": allocation.choice_name(rank) if rank else "",
                "result": results.get(request.pk),
                "sort": (placement.priority_class, *order.get(request.pk, (0, 0)), request.pk),
            }
        )
    rows.sort(key=lambda row: row["sort"])
    return rows


def _log_rows(allocation_round: AllocationRound) -> list[dict[str, Any]]:
    lines = allocation.log_lines(allocation_round)
    for line in lines:
        details = line["details"] or {}
        summary = ""
        if line["action"] == "proposed":
            summary = _(
                "%(placed)d requests placed, %(not_placed)d without a space (seed “%(seed)s”)."
            ) % {
                "placed": details.get("placed", 0),
                "not_placed": details.get("not_placed", 0),
                "seed": details.get("seed", ""),
            }
            if details.get("changes_by_hand_replaced"):
                summary += " " + _("%(count)d changes by hand were replaced.") % {
                    "count": details["changes_by_hand_replaced"]
                }
        elif line["action"] == "changed_by_hand":
            summary = _("“%(purpose)s” of %(organisation)s: from %(before)s to %(after)s.") % {
                "purpose": details.get("purpose", ""),
                "organisation": details.get("organisation", ""),
                "before": details.get("from_space_name") or _("no space"),
                "after": details.get("to_space_name") or _("no space"),
            }
        elif line["action"] == "published":
            summary = _("%(count)d weekly series made.") % {"count": details.get("bookings", 0)}
        elif line["action"] == "closed":
            summary = _("%(count)d requests.") % {"count": details.get("requests", 0)}
        line["summary"] = summary
    return lines


def round_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    allocation_round = _round(pk)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "open":
                allocation.round_open(allocation_round, by=request.user)
                done = _(
                    "The round is open. Organisations can send requests in the request period."
                )
            elif action == "close":
                allocation.round_close(allocation_round, by=request.user)
                done = _("The round is closed for requests. You can now make a proposal.")
            elif action == "propose":
                placements = allocation.propose(allocation_round, by=request.user)
                done = _("The proposal is made: %(placed)d of %(count)d requests got a space.") % {
                    "placed": sum(1 for item in placements if item.space_id is not None),
                    "count": len(placements),
                }
            elif action == "publish":
                results = allocation.publish(allocation_round, by=request.user)
                done = _(
                    "The round is published: %(count)d weekly series are booked. The organisations got an e-mail."
                ) % {"count": sum(1 for item in results if item.booking is not None)}
            else:
                messages.error(request, _("Choose what to do: open, close, propose or publish."))
                return _round_page(request, allocation_round, status=400)
        except DomainError as error:
            messages.error(request, str(error.message))
            status = error.http_status
            allocation_round.refresh_from_db()
        else:
            messages.success(request, done)
            return HttpResponseRedirect(request.path)
    return _round_page(request, allocation_round, status=status)


def _round_page(
    request: HttpRequest, allocation_round: AllocationRound, *, status: int
) -> HttpResponse:
    requests = AllocationRequest.objects.filter(allocation_round=allocation_round)
    submitted = requests.filter(status=RequestStatus.SUBMITTED).count()
    withdrawn = requests.filter(status=RequestStatus.WITHDRAWN).count()
    proposed = allocation_round.log.filter(action="proposed").exists()
    state = allocation_round.status
    return TemplateResponse(
        request,
        "spaces/allocation/staff_round.html",
        {
            **staff_site.page_context(request),
            "title": allocation_round.name,
            "round": allocation_round,
            "spaces": list(
                allocation_round.spaces.select_related("building").order_by(
                    "building__name", "name"
                )
            ),
            "submitted": submitted,
            "withdrawn": withdrawn,
            "accepting": allocation.accepting_requests(allocation_round),
            "can_open": state == RoundStatus.DRAFT,
            "can_close": state == RoundStatus.OPEN,
            "can_propose": state == RoundStatus.CLOSED,
            "can_publish": state == RoundStatus.CLOSED and proposed,
            "can_change": state == RoundStatus.CLOSED,
            "proposed": proposed,
            "published": state == RoundStatus.PUBLISHED,
            "demand": allocation.demand(allocation_round),
            "weekdays": [str(label) for _value, label in Weekday.choices],
            "placements": _placement_rows(allocation_round) if proposed else [],
            "log": _log_rows(allocation_round),
            "now": timezone.now(),
        },
        status=status,
    )


# --- Changing one placement by hand -----------------------------------------------------------


class PlacementForm(forms.Form):
    space = forms.ChoiceField(
        label=gettext_lazy("Space"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a space of this round.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Why do you change this placement?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The reason is kept with the placement and in the log."),
        error_messages={"required": gettext_lazy("Say why you change this placement.")},
    )

    def __init__(self, *args: Any, allocation_round: AllocationRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", _("No space"))] + [  # type: ignore[attr-defined]
            (
                str(space.pk),
                _("%(building)s › %(space)s (%(capacity)d people)")
                % {
                    "building": space.building.name,
                    "space": space.name,
                    "capacity": space.capacity,
                },
            )
            for space in allocation_round.spaces.select_related("building").order_by(
                "building__name", "name"
            )
        ]


def placement_view(request: HttpRequest, pk: int, placement: int) -> HttpResponse:
    _require(request)
    allocation_round = _round(pk)
    found = (
        Placement.objects.filter(pk=placement, request__allocation_round=allocation_round)
        .select_related("request__organisation", "space__building")
        .first()
    )
    if found is None:
        raise Http404
    initial = {"space": str(found.space_id or "")}
    form = PlacementForm(initial=initial, allocation_round=allocation_round)
    status = 200
    if request.method == "POST":
        form = PlacementForm(request.POST, initial=initial, allocation_round=allocation_round)
        if form.is_valid():
            try:
                changed = allocation.placement_change(
                    placement=found,
                    space=form.cleaned_data["space"] or None,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.http_status if error.http_status == 409 else 422
            else:
                messages.success(request, _("The placement is changed."))
                busy = getattr(changed, "busy_dates", 0)
                if busy:
                    messages.warning(
                        request,
                        _(
                            "Existing bookings are in the way on %(count)d dates; those dates are left out when you publish."
                        )
                        % {"count": busy},
                    )
                return HttpResponseRedirect(_page(request, allocation_round.pk))
        else:
            status = 422
    request_ = found.request
    return TemplateResponse(
        request,
        "spaces/allocation/staff_placement.html",
        {
            **staff_site.page_context(request),
            "title": _("Change the placement of “%(purpose)s”") % {"purpose": request_.purpose},
            "round": allocation_round,
            "placement": found,
            "allocation_request": request_,
            "preferences": list(
                request_.preferences.select_related("space__building").order_by("rank")
            ),
            "can_change": allocation_round.status == RoundStatus.CLOSED,
            "form": form,
        },
        status=status,
    )


staff_site.register_view("spaces/toewijzing/", rounds_view, "spaces_allocation_rounds")
staff_site.register_view("spaces/toewijzing/<int:pk>/", round_view, "spaces_allocation")
staff_site.register_view(
    "spaces/toewijzing/<int:pk>/plaatsing/<int:placement>/",
    placement_view,
    "spaces_allocation_placement",
)
