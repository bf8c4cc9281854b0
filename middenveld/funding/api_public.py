"""Funding in the API, for everyone (no sign-in): regulations, calls and awards.

Reading only, the same functions as the public pages (``views_public``, ``opendata``):

* ``GET /funding/regulations``: the published instruments, each with the rules of the
  version in force (normal form of ``regulation.py``) and those rules in plain words.
* ``GET /funding/regulations/{slug}`` (``?version=N``): one instrument with every version
  (number, valid from, what changed) and the rules of the version in force or of ``N``.
* ``GET /funding/calls`` (``?open=true``: only those open now, by server time): published
  calls, the latest first; ``GET /funding/calls/{slug}``: one call with its form.
* ``GET /funding/awards``: the awards register in the 360Giving shape, filtered like the
  page (``year``, ``instrument``, ``line``, ``wijk``, ``q``); a value that cannot be used
  is a 422 that names the field.

Unpublished instruments and calls are a 404. Lists are paginated (``limit``, ``offset``)
with a constant number of queries. Anonymous answers are cached like the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from middenveld.api.pagination import paginate
from middenveld.core.cache import public_read
from middenveld.core.errors import Invalid, NotFound
from middenveld.funding import opendata
from middenveld.funding.models import Call, Instrument, RegulationVersion
from middenveld.funding.regulation import describe
from middenveld.funding.views_public import (
    CLOCK_SECONDS,
    _changed_parts,
    _language,
    _text,
    normal_rules,
)

router = Router(tags=["funding"])


# --- schemas ----------------------------------------------------------------------------------


class VersionOut(Schema):
    number: int
    valid_from: date
    note: str = Field(..., description="What changed, in the words of the city.")
    changed: list[str] = Field(..., description="The parts of the rules that changed.")
    rules_hash: str


class CurrentRulesOut(Schema):
    number: int
    valid_from: date
    rules: dict[str, Any] = Field(..., description="The rules (schema middenveld.regulation/1).")
    described: list[str] = Field(..., description="The rules in plain words.")


class InstrumentOut(Schema):
    slug: str
    name: str
    kind: str = Field(..., description="regulation, agreement or distribution.")
    summary: str
    current: CurrentRulesOut | None = Field(
        None, description="The version in force today; null without a regulation."
    )


class InstrumentDetailOut(InstrumentOut):
    versions: list[VersionOut]
    version: CurrentRulesOut | None = Field(
        None, description="The version asked for with ?version=N (else the one in force)."
    )


class LineRefOut(Schema):
    id: int
    code: str
    name: str
    year: int


class QuestionOut(Schema):
    key: str
    type: str
    label: str
    help: str
    required: bool
    choices: list[str]


class CallOut(Schema):
    slug: str
    title: str
    description: str
    instrument: str = Field(..., description="The instrument's slug.")
    line: LineRefOut
    opens_at: datetime
    closes_at: datetime
    is_open: bool = Field(..., description="Open now, by the server's clock.")
    regulation_version: int | None


class CallDetailOut(CallOut):
    questions: list[QuestionOut]


class OrgRefOut(Schema):
    id: str
    name: str
    companyNumber: str | None = None  # noqa: N815 (360Giving's name)


class FunderOut(Schema):
    id: str
    name: str


class ProgrammeOut(Schema):
    code: str
    title: str
    url: str


class LocationOut(Schema):
    name: str


class GrantOut(Schema):
    """One award in the 360Giving shape (https://standard.threesixtygiving.org/)."""

    id: str
    title: str
    description: str
    currency: str
    amountAwarded: float  # noqa: N815
    awardDate: str  # noqa: N815
    recipientOrganization: list[OrgRefOut]  # noqa: N815
    fundingOrganization: list[FunderOut]  # noqa: N815
    grantProgramme: list[ProgrammeOut]  # noqa: N815
    beneficiaryLocation: list[LocationOut] = []  # noqa: N815
    dateModified: str  # noqa: N815
    dataSource: str  # noqa: N815
    budgetLine: str  # noqa: N815
    decisionReference: str  # noqa: N815


class CallFilters(Schema):
    open: bool | None = Field(None, description="true: only calls open now.")


class AwardFiltersIn(Schema):
    year: str = Field("", max_length=10, description="Year of the decision, such as 2025.")
    instrument: str = Field("", max_length=60, description="An instrument's slug.")
    line: str = Field("", max_length=12, description="A budget line's id.")
    wijk: str = Field("", max_length=120, description="A district's slug.")
    q: str = Field("", max_length=100, description="Part of the organisation's name.")


# --- helpers ----------------------------------------------------------------------------------


def _rules_out(version: RegulationVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    rules = normal_rules(version)
    return {
        "number": version.number,
        "valid_from": version.valid_from,
        "rules": rules,
        "described": describe(rules, _language()),
    }


def _current(instrument: Instrument) -> RegulationVersion | None:
    regulation = getattr(instrument, "regulation", None)
    return regulation.current() if regulation is not None else None


def _instrument_out(instrument: Instrument) -> dict[str, Any]:
    return {
        "slug": instrument.slug,
        "name": instrument.name,
        "kind": instrument.kind,
        "summary": instrument.summary,
        "current": _rules_out(_current(instrument)),
    }


def _instrument(slug: str) -> Instrument:
    instrument = (
        Instrument.objects.filter(slug=slug[:60], published=True)
        .select_related("regulation")
        .first()
    )
    if instrument is None:
        raise NotFound(_("There is no published funding instrument with this address."))
    return instrument


def _public_calls() -> QuerySet[Call]:
    return (
        Call.objects.filter(published=True, instrument__published=True)
        .select_related("instrument", "line__budget", "regulation_version")
        .order_by("-opens_at", "slug")
    )


def _call_out(call: Call, now: datetime) -> dict[str, Any]:
    return {
        "slug": call.slug,
        "title": call.title,
        "description": call.description,
        "instrument": call.instrument.slug,
        "line": {
            "id": call.line.pk,
            "code": call.line.code,
            "name": call.line.name,
            "year": call.line.budget.year,
        },
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "is_open": call.is_open(now),
        "regulation_version": call.regulation_version.number if call.regulation_version else None,
    }


class _Mapped:
    """A queryset whose rows the paginator turns into dicts after slicing."""

    def __init__(self, queryset: QuerySet[Any], convert: Callable[[Any], Any]) -> None:
        self.queryset = queryset
        self.convert = convert

    def all(self) -> _Mapped:
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.convert(row) for row in self.queryset[index]]


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "/funding/regulations", response=list[InstrumentOut], summary="Funding instruments and rules"
)
@decorate_view(public_read(seconds=CLOCK_SECONDS))  # a new version comes into force by date
@paginate
def regulation_list(request: HttpRequest) -> Any:
    """The published instruments, each with the rules of the version in force today."""
    instruments = Instrument.objects.filter(published=True).select_related("regulation")
    return _Mapped(instruments.order_by("order", "name"), _instrument_out)


@router.get(
    "/funding/regulations/{slug}",
    response=InstrumentDetailOut,
    summary="One instrument with every version of its rules",
)
@decorate_view(public_read(seconds=CLOCK_SECONDS))
def regulation_detail(request: HttpRequest, slug: str, version: int | None = None) -> Any:
    """``?version=N``: the rules of version N (404 when it does not exist)."""
    instrument = _instrument(slug)
    out = _instrument_out(instrument)
    regulation = getattr(instrument, "regulation", None)
    versions = list(regulation.versions.order_by("valid_from", "number")) if regulation else []
    rows = []
    previous = None
    for item in versions:
        rules = normal_rules(item)
        rows.append(
            {
                "number": item.number,
                "valid_from": item.valid_from,
                "note": item.note,
                "changed": _changed_parts(previous, rules),
                "rules_hash": item.rules_hash,
            }
        )
        previous = rules
    rows.reverse()
    out["versions"] = rows
    if version is not None:
        chosen = next((item for item in versions if item.number == version), None)
        if chosen is None:
            message = _("This regulation has no version with this number.")
            raise NotFound(message)
        out["version"] = _rules_out(chosen)
    else:
        out["version"] = out["current"]
    return out


@router.get("/funding/calls", response=list[CallOut], summary="Calls (oproepen)")
@decorate_view(public_read(seconds=CLOCK_SECONDS))  # calls open and close with the clock
@paginate
def call_list(request: HttpRequest, filters: Query[CallFilters]) -> Any:
    now = timezone.now()
    calls = _public_calls()
    if filters.open is True:
        calls = calls.filter(opens_at__lte=now, closes_at__gt=now)
    elif filters.open is False:
        calls = calls.exclude(opens_at__lte=now, closes_at__gt=now)
    return _Mapped(calls, lambda call: _call_out(call, now))


@router.get("/funding/calls/{slug}", response=CallDetailOut, summary="One call with its form")
@decorate_view(public_read(seconds=CLOCK_SECONDS))
def call_detail(request: HttpRequest, slug: str) -> Any:
    call = _public_calls().filter(slug=slug[:80]).first()
    if call is None:
        raise NotFound(_("There is no published call with this address."))
    out = _call_out(call, timezone.now())
    out["questions"] = [
        {
            "key": str(item.get("key", "")),
            "type": str(item.get("type", "")),
            "label": _text(item.get("label")),
            "help": _text(item.get("help")),
            "required": bool(item.get("required")),
            "choices": [_text(choice) for choice in item.get("choices") or []],
        }
        for item in call.form or []
        if isinstance(item, dict)
    ]
    return out


@router.get("/funding/awards", response=list[GrantOut], summary="Awards (360Giving)")
@decorate_view(public_read)
@paginate
def award_list(request: HttpRequest, filters: Query[AwardFiltersIn]) -> Any:
    """Every public award matching the filters, the latest decision first."""
    chosen, problems = opendata.award_filters_read(filters.dict(), names=opendata.API_PARAMS)
    if problems:
        first = next(iter(problems.fields.values()))
        raise Invalid(first, fields={key: [text] for key, text in problems.fields.items()})
    return _Mapped(opendata.award_list(chosen, districts=True), opendata.award_360)
