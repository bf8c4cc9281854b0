"""The organisations' pages of seasonal allocation (/ruimtes/toewijzing/).

* ``allocation_list``: the rounds that are open, and the rounds in which one of the
  person's organisations sent requests.
* ``allocation_round``: one round: the season, the spaces (and for each of the
  person's organisations whether it may use them, and why not), the rule, the
  requests of the person's organisations and, while the round takes requests, the
  form. After publishing: where each request ended up and why.
* ``allocation_withdraw``: withdraw a request while the round takes requests.

Sending and withdrawing need the rule ``spaces.apply_allocation`` with the
organisation (its members); ``allocation`` checks it again and decides.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from middenveld.core import rules
from middenveld.core.errors import DomainError, Forbidden
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.models import Membership, Organisation
from middenveld.spaces import allocation
from middenveld.spaces.models import (
    AllocationRequest,
    AllocationRound,
    RoundStatus,
    Space,
    Weekday,
)

WHOLE_NUMBER = gettext_lazy("Fill in a whole number, for example 30.")
VALID_TIME = gettext_lazy("Fill in a valid time, for example 19:30.")


def _own_organisations(user: Any) -> dict[str, Organisation]:
    return {
        str(membership.organisation_id): membership.organisation
        for membership in Membership.objects.filter(user_id=user.pk)
        .select_related("organisation")
        .order_by("organisation__name")
    }


class AllocationRequestForm(forms.Form):
    """What an organisation asks. Field names are those of
    ``allocation.request_submit``, so its answers land on the right field."""

    organisation = forms.ChoiceField(label=gettext_lazy("For which organisation?"), choices=())
    purpose = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=200,
        help_text=gettext_lazy("For example: weekly rehearsal of the neighbourhood choir."),
    )
    attendees = forms.IntegerField(
        label=gettext_lazy("Number of people"),
        min_value=1,
        max_value=100_000,
        error_messages={"invalid": WHOLE_NUMBER},
    )
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day of the week"),
        coerce=int,
        choices=Weekday.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose a day of the week.")},
    )
    start_time = forms.TimeField(
        label=gettext_lazy("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": VALID_TIME},
    )
    end_time = forms.TimeField(
        label=gettext_lazy("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": VALID_TIME},
    )
    interval_weeks = forms.TypedChoiceField(
        label=gettext_lazy("How often?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(1, gettext_lazy("Every week")), (2, gettext_lazy("Every 2 weeks"))],
        initial=1,
        error_messages={"invalid_choice": gettext_lazy("Choose every week or every 2 weeks.")},
    )
    preference_1 = forms.ChoiceField(label=gettext_lazy("1st choice"))
    preference_2 = forms.ChoiceField(label=gettext_lazy("2nd choice"), required=False)
    preference_3 = forms.ChoiceField(label=gettext_lazy("3rd choice"), required=False)

    def __init__(
        self,
        *args: Any,
        own: dict[str, Organisation],
        spaces: list[Space],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own = own
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in own.items()]  # type: ignore[attr-defined]
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Choose one of your organisations."
        )
        if len(own) == 1:
            self.fields["organisation"].initial = next(iter(own))
        options = [
            (
                str(space.pk),
                _("%(building)s › %(space)s (%(capacity)d people)")
                % {
                    "building": space.building.name,
                    "space": space.name,
                    "capacity": space.capacity,
                },
            )
            for space in spaces
        ]
        for rank in range(1, allocation.MAX_PREFERENCES + 1):
            field = self.fields[f"preference_{rank}"]
            field.choices = [("", _("Choose a space"))] + options  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = _(
                "This space is not part of this round. Choose one from the list."
            )
        self.fields["preference_1"].error_messages["required"] = _("Choose at least one space.")

    def clean_organisation(self) -> Organisation:
        organisation = self.own.get(self.cleaned_data.get("organisation") or "")
        if organisation is None:
            raise forms.ValidationError(_("Choose one of your organisations."))
        return organisation

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "purpose": data["purpose"],
            "attendees": data["attendees"],
            "weekday": data["weekday"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "interval_weeks": data["interval_weeks"],
            "preferences": [
                data.get(f"preference_{rank}") or None
                for rank in range(1, allocation.MAX_PREFERENCES + 1)
            ],
        }


# --- The list -----------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def allocation_list(request: HttpRequest) -> HttpResponse:
    own = _own_organisations(request.user)
    open_rounds = list(
        AllocationRound.objects.filter(status=RoundStatus.OPEN).order_by("requests_close_at", "pk")
    )
    mine = list(
        AllocationRound.objects.filter(
            requests__organisation_id__in=[int(pk) for pk in own],
            status__in=[RoundStatus.CLOSED, RoundStatus.PUBLISHED],
        )
        .distinct()
        .order_by("-season_starts", "pk")
    )
    return render(
        request,
        "spaces/allocation/list.html",
        {
            "open_rounds": [(item, allocation.accepting_requests(item)) for item in open_rounds],
            "earlier_rounds": mine,
            "has_organisations": bool(own),
        },
    )


# --- One round ----------------------------------------------------------------------------


def _visible_round(request: HttpRequest, pk: int) -> AllocationRound:
    found = AllocationRound.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    if found.status == RoundStatus.DRAFT and not rules.check(allocation.MANAGE, request.user):
        raise Http404
    return found


def _round_page(
    request: HttpRequest,
    allocation_round: AllocationRound,
    form: AllocationRequestForm,
    *,
    own: dict[str, Organisation],
    spaces: list[Space],
    status: int = 200,
) -> HttpResponse:
    published = allocation_round.status == RoundStatus.PUBLISHED
    requests = list(allocation.requests_of(allocation_round, own.values())) if own else []
    results = allocation.publish_results(allocation_round) if published else {}
    rows = []
    for item in requests:
        placement = getattr(item, "placement", None) if published else None
        rows.append(
            {
                "request": item,
                "preferences": list(item.preferences.all()),
                "placement": placement,
                "result": results.get(item.pk),
            }
        )
    not_eligible = []
    cache: dict[tuple[int, str], list[str]] = {}
    for organisation in own.values():
        reasons = []
        for space in spaces:
            why = allocation.eligibility_reasons(
                cache, organisation, space, allocation_round.season_starts
            )
            if why:
                reasons.append((space, why))
        if reasons:
            not_eligible.append((organisation, reasons))
    return render(
        request,
        "spaces/allocation/round.html",
        {
            "round": allocation_round,
            "spaces": spaces,
            "form": form,
            "own": own,
            "rows": rows,
            "not_eligible": not_eligible,
            "accepting": allocation.accepting_requests(allocation_round),
            "published": published,
            "max_preferences": allocation.MAX_PREFERENCES,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def allocation_round(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_round(request, pk)
    own = _own_organisations(request.user)
    spaces = list(
        found.spaces.select_related("building__district").order_by("building__name", "name")
    )
    if request.method != "POST":
        form = AllocationRequestForm(own=own, spaces=spaces)
        return _round_page(request, found, form, own=own, spaces=spaces)
    form = AllocationRequestForm(request.POST, own=own, spaces=spaces)
    if not own:
        return render(
            request,
            "spaces/forbidden.html",
            {"reason": _("You send requests for an organisation you are a member of.")},
            status=403,
        )
    if not allocation.accepting_requests(found):
        messages.error(request, _("This round does not take requests now."))
        return _round_page(request, found, form, own=own, spaces=spaces, status=409)
    if not form.is_valid():
        return _round_page(request, found, form, own=own, spaces=spaces, status=422)
    try:
        allocation.request_submit(
            allocation_round=found,
            organisation=form.cleaned_data["organisation"],
            by=request.user,
            **form.service_kwargs(),
        )
    except DomainError as error:
        add_domain_error(form, error)
        status = error.http_status if error.http_status in (403, 409) else 422
        return _round_page(request, found, form, own=own, spaces=spaces, status=status)
    messages.success(
        request,
        _("Your request is sent. You can withdraw it until the request period ends."),
    )
    return redirect("spaces:allocation_round", pk=found.pk)


@never_cache
@login_required
@require_POST
def allocation_withdraw(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    found = _visible_round(request, pk)
    item = (
        AllocationRequest.objects.filter(pk=request_id, allocation_round=found)
        .select_related("organisation")
        .first()
    )
    # Someone else's request looks the same as one that does not exist.
    if item is None or not rules.check(allocation.APPLY, request.user, item.organisation):
        raise Http404
    try:
        allocation.request_withdraw(request=item, by=request.user)
    except Forbidden:  # pragma: no cover - checked above
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Your request “%(purpose)s” is withdrawn.") % {"purpose": item.purpose},
        )
    return redirect("spaces:allocation_round", pk=found.pk)
