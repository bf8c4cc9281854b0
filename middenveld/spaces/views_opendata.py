"""Open data of the spaces module: the catalogue and the anonymised occupancy, in the
OSLO "Zaalreservatie" terms (``jsonld.py``), plus the occupancy as CSV.

* ``/ruimtes/open-data/ruimtes.jsonld``: every bookable space of a published building,
  with its building, rules, facilities and tariffs. Cached for anonymous visitors
  until the catalogue changes (``@public_page``; the catalogue's models are
  registered in ``apps.py``).
* ``/ruimtes/open-data/bezetting.jsonld?van=YYYY-MM-DD&tot=YYYY-MM-DD`` and
  ``bezetting.csv``: per space, the periods that are booked or waiting for approval,
  never by whom or for what. By default the coming four weeks; at most
  ``MAX_DAYS`` days. Bookings are not catalogue content, so this is read live.
  A bad date is a 400 in the API's JSON error shape, with the field.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from middenveld.api.csv_export import csv_response
from middenveld.api.errors import error_response
from middenveld.core.cache import public_page
from middenveld.core.errors import Invalid
from middenveld.spaces import jsonld, selectors, times
from middenveld.spaces.models import Space

#: The longest period one occupancy answer covers (as the availability in the API).
MAX_DAYS = selectors.AVAILABILITY_MAX_DAYS
#: The period without ``van`` and ``tot``: the coming four weeks.
DEFAULT_DAYS = 28
#: Dates outside these bounds are refused (they are typing errors, not questions).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def catalogue_spaces() -> QuerySet[Space]:
    """The catalogue with everything the JSON-LD shows, fetched up front."""
    return (
        selectors.space_list()
        .select_related("parent__building")
        .prefetch_related("building__opening_hours", "building__photos", "parts", "tariffs")
    )


def _date(value: str, field: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        message = _("Fill in a date as year-month-day, for example 2030-01-31.")
        raise Invalid(message, fields={field: [message]}) from None
    if not EARLIEST <= day <= LATEST:
        message = _("Choose a date between %(first)s and %(last)s.") % {
            "first": EARLIEST.isoformat(),
            "last": LATEST.isoformat(),
        }
        raise Invalid(message, fields={field: [message]})
    return day


def occupancy_period(params: Any, *, today: date | None = None) -> tuple[date, date]:
    """``van`` and ``tot`` from the query (both days included), or a clear refusal."""
    today = today or times.local_day(timezone.now())
    first_text = (params.get("van") or "").strip()
    last_text = (params.get("tot") or "").strip()
    first = _date(first_text, "van") if first_text else today
    last = _date(last_text, "tot") if last_text else first + timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        message = _("The end date (tot) must be on or after the start date (van).")
        raise Invalid(message, fields={"tot": [message]})
    if (last - first).days + 1 > MAX_DAYS:
        message = _("Ask for at most %(days)d days at a time.") % {"days": MAX_DAYS}
        raise Invalid(message, fields={"tot": [message]})
    return first, last


def _refusal(error: Invalid) -> HttpResponse:
    return error_response(400, code="bad_request", message=error.message, details=error.details)


@public_page
@require_http_methods(["GET", "HEAD"])
def spaces_jsonld(request: HttpRequest) -> HttpResponse:
    """The catalogue as JSON-LD (OSLO Zaalreservatie)."""
    document = jsonld.catalogue_jsonld(catalogue_spaces(), base_url=settings.SITE_URL)
    return HttpResponse(jsonld.as_text(document), content_type=jsonld.CONTENT_TYPE)


@require_http_methods(["GET", "HEAD"])
def occupancy_jsonld(request: HttpRequest) -> HttpResponse:
    """Anonymised occupancy as JSON-LD (OSLO Zaalreservatie)."""
    try:
        first, last = occupancy_period(request.GET)
    except Invalid as error:
        return _refusal(error)
    spaces = {space.pk: space for space in selectors.space_list()}
    document = jsonld.occupancy_jsonld(
        selectors.public_occupancy(first, last).iterator(chunk_size=2000),
        spaces,
        first=first,
        last=last,
        base_url=settings.SITE_URL,
        dataset_url=request.build_absolute_uri(),
    )
    return HttpResponse(jsonld.as_text(document, pretty=False), content_type=jsonld.CONTENT_TYPE)


@require_http_methods(["GET", "HEAD"])
def occupancy_csv(request: HttpRequest) -> HttpResponseBase:
    """The same occupancy as CSV: one row per reserved period, space by space."""
    try:
        first, last = occupancy_period(request.GET)
    except Invalid as error:
        return _refusal(error)
    spaces = {space.pk: space for space in selectors.space_list()}

    def rows() -> Any:
        for space_id, starts_at, ends_at, status in selectors.public_occupancy(
            first, last
        ).iterator(chunk_size=2000):
            space = spaces.get(space_id)
            if space is None:
                continue
            yield (
                space_id,
                jsonld.space_iri(space, base_url=settings.SITE_URL),
                space.building.name,
                space.name,
                times.to_local(starts_at).isoformat(),
                times.to_local(ends_at).isoformat(),
                status,
            )

    header = ["space_id", "space_iri", "building", "space", "starts_at", "ends_at", "status"]
    return csv_response(f"bezetting-{first.isoformat()}-{last.isoformat()}.csv", header, rows())
