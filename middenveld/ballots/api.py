"""Ballots in the API: the list, one ballot, casting a vote, the result and the Pabulib export.

Casting
    ``PUT /ballots/{slug}/cast`` with ``{"organisation": "<slug>", "choices": [...]}``
    (approval, budget), ``{"ranking": [...]}`` or ``{"points": {"code": n}}``. The
    organisation is needed on ballots for organisations and left out on ballots for
    residents. The same vote again answers 200 with ``"status": "unchanged"``; another
    vote replaces the stored one (``"changed"``) until the close. Before the opening or
    after the close: 409. A vote that breaks the ballot's rules: 422 with the reason.

Results
    ``GET /ballots/{slug}/results`` and ``GET /ballots/{slug}/export.pb`` answer 409
    before the close, for everyone, city staff included.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.pagination import paginate
from middenveld.api.schemas import TranslatedOut
from middenveld.ballots import selectors, services
from middenveld.ballots.models import Ballot, Cast, Option
from middenveld.ballots.presenters import result_view
from middenveld.ballots.views import costs_for, labels_for
from middenveld.core.errors import Invalid, NotFound
from middenveld.organisations.models import Organisation

router = Router(tags=["ballots"])


class OptionOut(TranslatedOut):
    code: str
    title: str
    description: str
    cost: str | None = Field(None, description="Budget ballots: the cost in euro.")

    @staticmethod
    def resolve_cost(obj: Option) -> str | None:
        return str(obj.cost) if obj.cost is not None else None


class BallotOut(TranslatedOut):
    slug: str
    title: str
    process: str = Field(..., description="The slug of the participatory process.")
    method: str = Field(..., description="approval, ranking, points or budget.")
    electorate: str = Field(..., description="organisations or residents.")
    who_casts: str = Field(..., description="admins or members (ballots for organisations).")
    max_choices: int | None
    total_points: int
    budget: str | None
    opens_at: datetime
    closes_at: datetime
    state: str = Field(..., description="upcoming, open or closed (server time).")

    @staticmethod
    def resolve_process(obj: Ballot) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_budget(obj: Ballot) -> str | None:
        return str(obj.budget) if obj.budget is not None else None

    @staticmethod
    def resolve_state(obj: Ballot) -> str:
        return obj.state()


class BallotDetailOut(BallotOut):
    options: list[OptionOut]

    @staticmethod
    def resolve_options(obj: Ballot) -> list[Option]:
        return list(obj.options.all())


class CastIn(Schema):
    organisation: str | None = Field(
        None, description="The slug of the organisation you vote for (ballots for organisations)."
    )
    choices: Any = Field(None, description="Approval and budget ballots: option codes.")
    ranking: Any = Field(None, description="Ranking ballots: option codes, first choice first.")
    points: Any = Field(None, description="Points ballots: {option code: points}.")


class CastOut(Schema):
    status: str = Field(..., description="cast, changed or unchanged.")
    vote: dict[str, Any]
    organisation: str | None
    first_cast_at: datetime
    last_changed_at: datetime
    changeable_until: datetime
    message: str


def _ballot(request: HttpRequest, slug: str, *, for_casting: bool = False) -> Ballot:
    try:
        return selectors.ballot_get(slug=slug, user=request.user, for_casting=for_casting)
    except NotFound:
        raise NotFound(_("This ballot does not exist.")) from None


def _organisation(slug: str | None) -> Organisation | None:
    if slug in (None, ""):
        return None
    organisation = Organisation.objects.filter(slug=str(slug)[:220]).first()
    if organisation is None:
        message = _("There is no organisation with this address (slug).")
        raise Invalid(message, fields={"organisation": [message]})
    return organisation


def _cast_out(cast: Cast, status: str, ballot: Ballot) -> dict[str, Any]:
    from middenveld.ballots.views import _stored_message

    return {
        "status": status,
        "vote": cast.content,
        "organisation": cast.organisation.slug if cast.organisation is not None else None,
        "first_cast_at": cast.created_at,
        "last_changed_at": cast.updated_at,
        "changeable_until": ballot.closes_at,
        "message": _stored_message(status, ballot),
    }


@router.get("/ballots", response=list[BallotOut])
@paginate
def ballot_list(request: HttpRequest) -> Any:
    """Published ballots, the latest close first."""
    return selectors.ballot_list(user=request.user)


@router.get("/ballots/{slug}", response=BallotDetailOut)
def ballot_detail(request: HttpRequest, slug: str) -> Ballot:
    """One ballot with its options (their codes are what a vote names)."""
    return _ballot(request, slug)


@router.put("/ballots/{slug}/cast", response=CastOut, auth=AUTH_REQUIRED)
def ballot_cast(request: HttpRequest, slug: str, payload: CastIn) -> dict[str, Any]:
    """Cast or change a vote (see the text at the top)."""
    ballot = _ballot(request, slug, for_casting=True)
    content = {
        key: value
        for key, value in (
            ("choices", payload.choices),
            ("ranking", payload.ranking),
            ("points", payload.points),
        )
        if value is not None
    }
    outcome = services.cast_ballot(
        ballot=ballot,
        by=request.user,
        organisation=_organisation(payload.organisation),
        content=content,
        options=list(ballot.options.all()),
    )
    return _cast_out(outcome.cast, outcome.status, ballot)


@router.get("/ballots/{slug}/my-vote", response=CastOut, auth=AUTH_REQUIRED)
def ballot_my_vote(request: HttpRequest, slug: str, organisation: str | None = None) -> Any:
    """The stored vote of the caller (or of an organisation they may vote for)."""
    ballot = _ballot(request, slug)
    voter = _organisation(organisation)
    if ballot.for_organisations:
        seats = {
            s.organisation.pk
            for s in selectors.voter_organisations(ballot=ballot, user=request.user)
        }
        if voter is None or voter.pk not in seats:
            raise NotFound(_("You have no vote on this ballot for this organisation."))
    cast = services.cast_for(ballot=ballot, by=request.user, organisation=voter)
    if cast is None:
        raise NotFound(_("No vote is stored yet."))
    return _cast_out(cast, "stored", ballot)


@router.get("/ballots/{slug}/results")
def ballot_results(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The result after the close: the count (``result``, as stored, with the fingerprint
    of the votes it was counted from) and the same in plain words (``explained``)."""
    ballot = _ballot(request, slug)
    result = services.ballot_results(ballot=ballot, user=request.user)
    options = list(ballot.options.all())
    return {
        "ballot": ballot.slug,
        "counted_at": ballot.counted_at,
        "inputs_hash": ballot.inputs_hash,
        "result": result,
        "explained": result_view(result, labels_for(options), costs_for(options)),
    }


@router.get("/ballots/{slug}/export.pb")
def ballot_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The anonymous votes as a Pabulib file (after the close)."""
    ballot = _ballot(request, slug)
    text = services.ballot_export_pb(ballot=ballot, user=request.user)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ballot.slug}.pb"'
    return response
