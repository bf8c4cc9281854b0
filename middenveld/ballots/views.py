"""Ballot pages under /inspraak/stemmingen/: the list, one ballot (vote, change your vote,
and after the close the result in plain words) and its Pabulib export.

The pages are not kept in the public page cache: whether a ballot is open, and whether
its result may be shown, depends on the clock, not on an edit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from middenveld.ballots import selectors, services
from middenveld.ballots.forms import CastForm
from middenveld.ballots.models import Ballot, Cast, Option
from middenveld.ballots.presenters import euros, result_view
from middenveld.core import rules
from middenveld.core.errors import DomainError, NotFound
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.models import Organisation


def _ballot(request: HttpRequest, slug: str) -> Ballot:
    try:
        return selectors.ballot_get(slug=slug, user=request.user)
    except NotFound:
        raise Http404 from None


@never_cache
@require_http_methods(["GET", "HEAD"])
def ballot_list(request: HttpRequest) -> HttpResponse:
    ballots = list(selectors.ballot_list(user=request.user)[:200])
    groups: dict[str, list[Ballot]] = {"open": [], "upcoming": [], "closed": []}
    for ballot in ballots:
        groups[ballot.state()].append(ballot)
    return render(request, "ballots/list.html", {"groups": groups})


def labels_for(options: list[Option]) -> dict[str, str]:
    return {o.code: o.title for o in options}


def costs_for(options: list[Option]) -> dict[str, str]:
    return {o.code: str(o.cost) for o in options if o.cost is not None}


def _seat(request: HttpRequest, seats: list[selectors.VoterSeat]) -> selectors.VoterSeat | None:
    wanted = request.POST.get("organisation") or request.GET.get("voor")
    for seat in seats:
        if seat.organisation.slug == wanted:
            return seat
    if request.method == "POST" and wanted:
        return None  # not one of theirs: the service says why
    return seats[0] if seats else None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ballot_detail(request: HttpRequest, slug: str) -> HttpResponse:
    ballot = _ballot(request, slug)
    options = selectors.ballot_options(ballot)
    user = request.user
    state = ballot.state()
    seats = selectors.voter_organisations(ballot=ballot, user=user)
    seat = _seat(request, seats)
    may_vote = (
        seat is not None
        if ballot.for_organisations
        else bool(rules.check("ballots.cast_as_resident", user, ballot))
    )
    cast: Cast | None
    if ballot.for_organisations:
        cast = seat.cast if seat else None
    else:
        cast = services.cast_for(ballot=ballot, by=user)
    status = 200
    form: CastForm | None = None
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        form = CastForm(request.POST, ballot=ballot, options=options)
        if form.is_valid():
            try:
                outcome = services.cast_ballot(
                    ballot=ballot,
                    by=user,
                    organisation=_organisation(request, ballot, seat),
                    content=form.content(),
                    options=options,
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.http_status if error.http_status in (403, 409) else 422
            else:
                messages.success(request, _stored_message(outcome.status, ballot))
                target = ballot.get_absolute_url()
                if seat is not None and len(seats) > 1:
                    target += f"?voor={seat.organisation.slug}"
                return redirect(target)
        else:
            status = 422
    if form is None and state == "open" and may_vote:
        form = CastForm(ballot=ballot, options=options, vote=cast.content if cast else None)
    result = None
    if state == "closed":
        services.ballot_count(ballot=ballot)
        assert ballot.result is not None
        result = result_view(ballot.result, labels_for(options), costs_for(options))
    return render(
        request,
        "ballots/ballot.html",
        {
            "ballot": ballot,
            "options": options,
            "state": state,
            "form": form,
            "seat": seat,
            "seats": seats,
            "cast": cast,
            "may_vote": may_vote,
            "without_right": selectors.member_organisations_without_right(ballot=ballot, user=user)
            if not seats
            else [],
            "result": result,
            "budget": euros(ballot.budget) if ballot.budget is not None else "",
            "chosen_titles": _chosen_titles(cast, options),
            "option_costs": {o.code: float(o.cost) for o in options if o.cost is not None},
        },
        status=status,
    )


def _organisation(
    request: HttpRequest, ballot: Ballot, seat: selectors.VoterSeat | None
) -> Organisation | None:
    """The organisation the vote is for: the seat, or the one the form names (so that a
    member without the right hears why)."""
    if seat is not None:
        return seat.organisation
    if not ballot.for_organisations:
        return None
    wanted = str(request.POST.get("organisation") or "")[:220]
    return Organisation.objects.filter(slug=wanted).first() if wanted else None


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return str(resolve_url(settings.LOGIN_URL))


def _chosen_titles(cast: Cast | None, options: list[Option]) -> list[str]:
    if cast is None:
        return []
    titles = labels_for(options)
    content: dict[str, Any] = cast.content or {}
    if "choices" in content:
        return [titles.get(c, c) for c in content["choices"]]
    if "ranking" in content:
        return [f"{n}. {titles.get(c, c)}" for n, c in enumerate(content["ranking"], 1)]
    return [
        _("%(title)s: %(points)s points") % {"title": titles.get(c, c), "points": p}
        for c, p in content.get("points", {}).items()
    ]


def _stored_message(status: str, ballot: Ballot) -> str:
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    closes = date_format(localtime(ballot.closes_at), "DATETIME_FORMAT")
    if status == "unchanged":
        return _("Your vote was already stored like this. You can change it until %(closes)s.") % {
            "closes": closes
        }
    if status == "changed":
        return _(
            "Your new vote is stored and replaces the one before. You can change it until "
            "%(closes)s."
        ) % {"closes": closes}
    return _("Your vote is stored. You can change it until %(closes)s.") % {"closes": closes}


@never_cache
@require_http_methods(["GET", "HEAD"])
def ballot_export(request: HttpRequest, slug: str) -> HttpResponse:
    ballot = _ballot(request, slug)
    try:
        text = services.ballot_export_pb(ballot=ballot, user=request.user)
    except DomainError as error:
        return HttpResponse(
            str(error.message), status=error.http_status, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ballot.slug}.pb"'
    return response
