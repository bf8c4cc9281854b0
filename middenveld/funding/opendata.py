"""The public awards register as open data: filters, totals, 360Giving and OSLO Subsidie.

One set of read functions serves the awards page (``/subsidies/toekenningen/``), its
downloads (``toekenningen.csv``, ``toekenningen.json``) and the API (``GET
/api/v1/funding/awards``), so all of them show the same awards for the same filters.

Which awards are public
    Every award that is not cancelled, whatever its instrument (money the city spent is
    public even when an instrument is no longer advertised), the latest decision first.

Filters (``AwardFilters``)
    ``year`` (of the decision), ``instrument`` (its slug), ``line`` (a budget line's id),
    ``wijk`` (a district's slug: the recipient organisation is active there) and ``q``
    (part of the organisation's name). ``award_filters_read`` turns request parameters
    into filters and a sentence for each value it cannot use (``year=abc``): pages show
    the sentence, the API answers 422, nothing is ever a 500.

Totals (``award_totals``)
    Per budget line and per year, summed in SQL (``GROUP BY``) with the filters applied;
    two queries whatever the number of awards. Their counts also give the paginator its
    count, so a page of the register costs no ``COUNT(*)``.

360Giving (``award_360``, ``CSV_HEADER``, ``award_csv_row``)
    The fields of the 360Giving Data Standard (https://standard.threesixtygiving.org/):

    =====================================  =================================================
    ``id`` / Identifier                    ``award.identifier`` ("360G-stadgent-2025-000042")
    ``title`` / Title                      the award's title
    ``description`` / Description          instrument, budget line and year in words
    ``currency`` / Currency                "EUR"
    ``amountAwarded`` / Amount Awarded     the amount decided (a number, two decimals)
    ``awardDate`` / Award Date             the decision date (ISO 8601)
    ``recipientOrganization``              ``id``: "BE-BCE_KBO-<ten digits>" (org-id.guide's
    (Recipient Org:…)                      list for the Belgian KBO/BCE) when the
                                           organisation has a KBO number; otherwise a
                                           funder-prefixed id built on the Verenigings-
                                           register's vCode, "<prefix>-vcode-<vCode>"; for an
                                           organisation with neither, "<prefix>-org-<id>".
                                           ``name``, ``companyNumber`` (the KBO number).
    ``fundingOrganization``                ``settings.FUNDING_FUNDER_ID`` and ``_NAME``
    ``grantProgramme``                     ``code``: the instrument's slug, ``title``: its
                                           name, ``url``: its public page
    ``beneficiaryLocation``                the districts (wijken) the recipient is active
                                           in, when known (in the CSV joined with "; ")
    ``dateModified`` / Last Modified       when the award was recorded
    ``dataSource`` / Data Source           the award's public page
    =====================================  =================================================

    Two extra fields, which 360Giving allows, carry what the register shows besides:
    ``budgetLine`` ("Budget Line") and ``decisionReference`` ("Decision Reference").

JSON-LD (``award_jsonld``, ``awards_jsonld``): see ``award_jsonld``'s docstring.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import translation
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from middenveld.core.models import District
from middenveld.funding.models import Award, AwardStatus, BudgetLine, Instrument
from middenveld.organisations.models import Organisation

ZERO = Decimal("0.00")
SEARCH_LIMIT = 100
FIRST_YEAR, LAST_YEAR = 1990, 2100

CSV_HEADER: tuple[str, ...] = (
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Grant Programme:URL",
    "Beneficiary Location:Name",
    "Last Modified",
    "Data Source",
    "Budget Line",
    "Decision Reference",
)


# --- Filters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardFilters:
    year: int | None = None
    instrument: str = ""
    line: int | None = None
    wijk: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(self.year or self.instrument or self.line or self.wijk or self.q)

    def as_params(self, names: Mapping[str, str] | None = None) -> dict[str, str]:
        """The filters as query parameters (only those set), under ``names`` if given."""
        names = names or PAGE_PARAMS
        values = {
            "year": str(self.year) if self.year else "",
            "instrument": self.instrument,
            "line": str(self.line) if self.line else "",
            "wijk": self.wijk,
            "q": self.q,
        }
        return {names[key]: value for key, value in values.items() if value}


#: Query parameter names of the pages (Dutch) and of the API (English).
PAGE_PARAMS = {
    "year": "jaar",
    "instrument": "instrument",
    "line": "lijn",
    "wijk": "wijk",
    "q": "zoek",
}
API_PARAMS = {"year": "year", "instrument": "instrument", "line": "line", "wijk": "wijk", "q": "q"}


@dataclass
class FilterProblems:
    """Sentences per filter (by its internal name) that could not be used."""

    fields: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.fields)


def _clean(value: Any, limit: int = SEARCH_LIMIT) -> str:
    text = str(value or "")[: limit * 2]
    return "".join(ch for ch in text if ch.isprintable()).strip()[:limit]


def award_filters_read(
    params: Mapping[str, Any],
    *,
    names: Mapping[str, str] | None = None,
    instruments: Iterable[str] | None = None,
    lines: Iterable[int] | None = None,
    districts: Iterable[str] | None = None,
) -> tuple[AwardFilters, FilterProblems]:
    """Filters from request parameters, and a sentence for every value that cannot be used
    (that filter is then left out). ``instruments``, ``lines`` and ``districts`` are the
    known values when the caller already has them (the page's filter lists); otherwise
    they are looked up."""
    names = names or PAGE_PARAMS
    problems = FilterProblems()
    raw = {key: _clean(params.get(name, "")) for key, name in names.items()}

    year = None
    if raw["year"]:
        if re.fullmatch(r"[0-9]{4}", raw["year"]) and FIRST_YEAR <= int(raw["year"]) <= LAST_YEAR:
            year = int(raw["year"])
        else:
            problems.fields["year"] = _("The year must be written with four digits, such as 2025.")

    instrument = raw["instrument"]
    if instrument:
        known = (
            set(instruments)
            if instruments is not None
            else set(Instrument.objects.filter(slug=instrument[:60]).values_list("slug", flat=True))
        )
        if instrument not in known:
            problems.fields["instrument"] = _("There is no funding instrument with this name.")
            instrument = ""

    line = None
    if raw["line"]:
        if raw["line"].isdigit() and len(raw["line"]) < 10:
            candidate = int(raw["line"])
            known_lines = (
                set(lines)
                if lines is not None
                else set(BudgetLine.objects.filter(pk=candidate).values_list("pk", flat=True))
            )
            if candidate in known_lines:
                line = candidate
        if line is None:
            problems.fields["line"] = _("There is no budget line with this number.")

    wijk = raw["wijk"]
    if wijk:
        known_districts = (
            set(districts)
            if districts is not None
            else set(District.objects.filter(slug=wijk[:120]).values_list("slug", flat=True))
        )
        if wijk not in known_districts:
            problems.fields["wijk"] = _("There is no district (wijk) with this name.")
            wijk = ""

    return (
        AwardFilters(year=year, instrument=instrument, line=line, wijk=wijk, q=raw["q"]),
        problems,
    )


# --- Reading the register -------------------------------------------------------------------


def _public_awards() -> QuerySet[Award]:
    return Award.objects.exclude(status=AwardStatus.CANCELLED)


def _filtered(filters: AwardFilters) -> QuerySet[Award]:
    awards = _public_awards()
    if filters.year:
        awards = awards.filter(
            decided_on__gte=date(filters.year, 1, 1), decided_on__lt=date(filters.year + 1, 1, 1)
        )
    if filters.instrument:
        awards = awards.filter(line__budget__instrument__slug=filters.instrument)
    if filters.line:
        awards = awards.filter(line_id=filters.line)
    if filters.wijk:
        through: Any = Organisation.districts.through
        awards = awards.filter(
            Exists(
                through.objects.filter(
                    organisation_id=OuterRef("organisation_id"), district__slug=filters.wijk
                )
            )
        )
    if filters.q:
        awards = awards.filter(
            Q(organisation__name__icontains=filters.q)
            | Q(organisation__alternative_name__icontains=filters.q)
        )
    return awards


def award_list(filters: AwardFilters, *, districts: bool = False) -> QuerySet[Award]:
    """The public awards matching ``filters``, the latest decision first, with what a row
    shows. ``districts``: also fetch the recipients' districts (open data)."""
    awards = _filtered(filters).select_related(
        "organisation", "line__budget__instrument", "application"
    )
    if districts:
        awards = awards.prefetch_related(
            Prefetch("organisation__districts", queryset=District.objects.order_by("name"))
        )
    return awards.order_by("-decided_on", "-id")


def award_get(identifier: str) -> Award | None:
    identifier = _clean(identifier, 40)
    if not identifier:
        return None
    return (
        _public_awards()
        .select_related("organisation", "line__budget__instrument", "application")
        .prefetch_related(
            Prefetch("organisation__districts", queryset=District.objects.order_by("name"))
        )
        .filter(identifier=identifier)
        .first()
    )


@dataclass(frozen=True)
class LineTotal:
    line_id: int
    code: str
    name: str
    year: int
    instrument: str
    instrument_slug: str
    total: Decimal
    count: int


@dataclass(frozen=True)
class YearTotal:
    year: int
    total: Decimal
    count: int


@dataclass(frozen=True)
class Totals:
    lines: list[LineTotal]
    years: list[YearTotal]

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.years), ZERO)

    @property
    def count(self) -> int:
        return sum(row.count for row in self.years)


def award_totals(filters: AwardFilters) -> Totals:
    """Totals per budget line and per year of the awards matching ``filters`` (two
    ``GROUP BY`` queries)."""
    awards = _filtered(filters)
    lines = (
        awards.values(
            "line_id",
            "line__code",
            "line__name",
            "line__budget__year",
            "line__budget__instrument__name",
            "line__budget__instrument__slug",
            "line__budget__instrument__order",
        )
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("-line__budget__year", "line__budget__instrument__order", "line__code")
    )
    years = (
        awards.annotate(year=ExtractYear("decided_on"))
        .values("year")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("-year")
    )
    return Totals(
        lines=[
            LineTotal(
                line_id=row["line_id"],
                code=row["line__code"],
                name=row["line__name"],
                year=row["line__budget__year"],
                instrument=row["line__budget__instrument__name"],
                instrument_slug=row["line__budget__instrument__slug"],
                total=row["total"] or ZERO,
                count=row["count"],
            )
            for row in lines
        ],
        years=[
            YearTotal(year=int(row["year"]), total=row["total"] or ZERO, count=row["count"])
            for row in years
        ],
    )


def award_years() -> list[int]:
    """Every year with a public award, the latest first (for the year filter)."""
    return sorted({day.year for day in _public_awards().dates("decided_on", "year")}, reverse=True)


# --- 360Giving ------------------------------------------------------------------------------


def _site(path: str, base_url: str | None = None) -> str:
    return f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"


def _dutch_path(name: str, *args: Any) -> str:
    # Stable addresses in the data: the Dutch page, whatever language was asked for.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def award_url(award: Award, base_url: str | None = None) -> str:
    return _site(_dutch_path("funding:award", award.identifier), base_url)


def instrument_url(instrument: Instrument, base_url: str | None = None) -> str:
    return _site(_dutch_path("funding:instrument", instrument.slug), base_url)


def recipient_identifier(organisation: Organisation) -> str:
    """The 360Giving org-id of a recipient: KBO first, then the vCode, then our own id."""
    digits = re.sub(r"[^0-9]", "", organisation.kbo_number or "")
    if digits:
        return f"BE-BCE_KBO-{digits}"
    prefix = settings.FUNDING_IDENTIFIER_PREFIX
    if organisation.vcode:
        return f"{prefix}-vcode-{organisation.vcode}"
    return f"{prefix}-org-{organisation.pk}"


def _description(award: Award) -> str:
    line = award.line
    return f"{line.budget.instrument.name} · {line.name} ({line.budget.year})"


def _districts(organisation: Organisation) -> list[District]:
    return list(organisation.districts.all())


def award_360(award: Award, *, base_url: str | None = None) -> dict[str, Any]:
    """One award in the 360Giving JSON shape (see the module's table)."""
    organisation = award.organisation
    instrument = award.line.budget.instrument
    recipient: dict[str, Any] = {
        "id": recipient_identifier(organisation),
        "name": organisation.name,
    }
    if organisation.kbo_number:
        recipient["companyNumber"] = organisation.kbo_number
    grant: dict[str, Any] = {
        "id": award.identifier,
        "title": award.title,
        "description": _description(award),
        "currency": "EUR",
        "amountAwarded": float(award.amount),
        "awardDate": award.decided_on.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [
            {"id": settings.FUNDING_FUNDER_ID, "name": settings.FUNDING_FUNDER_NAME}
        ],
        "grantProgramme": [
            {
                "code": instrument.slug,
                "title": instrument.name,
                "url": instrument_url(instrument, base_url),
            }
        ],
        "dateModified": award.created_at.isoformat(),
        "dataSource": award_url(award, base_url),
        "budgetLine": award.line.name,
        "decisionReference": award.decision_reference,
    }
    districts = _districts(organisation)
    if districts:
        grant["beneficiaryLocation"] = [{"name": district.name} for district in districts]
    return grant


def award_csv_row(award: Award, *, base_url: str | None = None) -> list[Any]:
    grant = award_360(award, base_url=base_url)
    recipient = grant["recipientOrganization"][0]
    funder = grant["fundingOrganization"][0]
    programme = grant["grantProgramme"][0]
    return [
        grant["id"],
        grant["title"],
        grant["description"],
        grant["currency"],
        f"{award.amount:.2f}",
        grant["awardDate"],
        recipient["id"],
        recipient["name"],
        recipient.get("companyNumber", ""),
        funder["id"],
        funder["name"],
        programme["code"],
        programme["title"],
        programme["url"],
        "; ".join(location["name"] for location in grant.get("beneficiaryLocation", [])),
        grant["dateModified"],
        grant["dataSource"],
        grant["budgetLine"],
        grant["decisionReference"],
    ]


def awards_360_stream(awards: QuerySet[Award], *, base_url: str | None = None) -> Iterator[str]:
    """A 360Giving data package (``{"grants": [...]}``) as text pieces, for streaming."""
    yield '{"grants": ['
    first = True
    for award in awards.iterator(chunk_size=1000):
        piece = json.dumps(award_360(award, base_url=base_url), ensure_ascii=False)
        yield piece if first else "," + piece
        first = False
    yield "]}"


# --- JSON-LD (OSLO Subsidie) ----------------------------------------------------------------

# OSLO Subsidie terms used: SubsidiemaatregelAanbod, SubsidiemaatregelConsumptie, Aanvraag,
# aanvraagdatum, aangevraagdBedrag (+ transactie:isInstantieVan, m8g:Participation). No OSLO
# term found for the awarded amount, the budget line or the programme: schema.org, DCTERMS
# and SKOS there (see ``award_jsonld``).
CONTEXT: dict[str, str] = {
    "subsidie": "http://data.vlaanderen.be/ns/subsidie#",
    "transactie": "http://data.vlaanderen.be/ns/transactie#",
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "m8g": "http://data.europa.eu/m8g/",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "org": "http://www.w3.org/ns/org#",
    "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _money(amount: Decimal) -> dict[str, Any]:
    return {
        "@type": "schema:MonetaryAmount",
        "schema:value": {"@value": f"{amount:.2f}", "@type": "xsd:decimal"},
        "schema:currency": "EUR",
    }


def _day(value: date) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def award_jsonld(
    award: Award, *, base_url: str | None = None, context: bool = True
) -> dict[str, Any]:
    """One award as JSON-LD in the terms of the Flemish OSLO Subsidie vocabulary
    (``subsidie:`` = http://data.vlaanderen.be/ns/subsidie#), where they fit.

    Where the terms come from: the OSLO Subsidie draft is not published as a JSON-LD
    context we could read, so the terms below are the ones the Flemish government's own
    subsidy platform (LBLOD "Subsidiepunt", github.com/lblod/app-subsidiepunt and its
    services) writes in its data: the classes ``subsidie:SubsidiemaatregelAanbod`` (an
    offered subsidy measure), ``subsidie:SubsidiemaatregelConsumptie`` (one take-up of
    it by one applicant), ``subsidie:Aanvraag`` with ``subsidie:aanvraagdatum`` and
    ``subsidie:aangevraagdBedrag``, ``subsidie:Subsidieprocedurestap``; the link
    ``transactie:isInstantieVan`` from a take-up to its measure; the applicant as an
    ``m8g:Participation`` (``m8g:hasParticipation``, ``m8g:playsRole``, ``m8g:role``) from
    the EU Core Criterion and Core Evidence Vocabulary that OSLO reuses.

    Mapping:

    ======================================  ===============================================
    ``subsidie:SubsidiemaatregelConsumptie``  the award (``@id``: its public page)
    ``dct:identifier``                        the 360Giving identifier
    ``dct:title``                             the award's title
    ``transactie:isInstantieVan``             the instrument, a
                                              ``subsidie:SubsidiemaatregelAanbod``
                                              (``dct:title``, ``dct:identifier`` = slug)
    ``m8g:hasParticipation``                  the recipient's role "Aanvrager" (applicant);
                                              the organisation (``org:Organization``,
                                              ``skos:prefLabel``, ``adms:identifier`` KBO /
                                              vCode) ``m8g:playsRole`` it
    ``prov:wasGeneratedBy``                   the application it came from, a
                                              ``subsidie:Aanvraag`` with
                                              ``subsidie:aanvraagdatum`` and
                                              ``subsidie:aangevraagdBedrag``
    ``prov:wasDerivedFrom``                   the decision, a ``besluit:Besluit`` (OSLO
                                              Besluit) with ``dct:identifier`` (decision
                                              reference) and ``dct:date``
    ======================================  ===============================================

    Where no OSLO term fits (none found in the draft or its implementations), general
    vocabularies: the awarded amount is ``schema:amount`` → ``schema:MonetaryAmount``
    (``schema:value``, ``schema:currency``), the shape Subsidiepunt uses for its
    ``aangevraagdBedrag``; the budget line and its year are ``dct:isPartOf`` → a
    ``skos:Concept`` (``skos:notation`` = line code, ``skos:prefLabel``, ``dct:temporal``
    = budget year); the districts are ``dct:spatial`` (``skos:Concept``), as the
    organisations' own JSON-LD does. No "Subsidieprogramma" or "Bedrag" class is used:
    we found no published URI for them.
    """
    organisation = award.organisation
    instrument = award.line.budget.instrument
    page = award_url(award, base_url)
    organisation_page = _site(_dutch_path_for_organisation(organisation), base_url)
    identifiers = []
    if organisation.kbo_number:
        identifiers.append(
            {
                "@type": "adms:Identifier",
                "skos:notation": organisation.kbo_number,
                "adms:schemaAgency": "Kruispuntbank van Ondernemingen (KBO)",
            }
        )
    if organisation.vcode:
        identifiers.append(
            {
                "@type": "adms:Identifier",
                "skos:notation": organisation.vcode,
                "adms:schemaAgency": "Verenigingsregister",
            }
        )
    recipient: dict[str, Any] = {
        "@id": f"{organisation_page}#organisatie",
        "@type": "org:Organization",
        "skos:prefLabel": organisation.name,
    }
    if identifiers:
        recipient["adms:identifier"] = identifiers
    document: dict[str, Any] = {
        "@id": f"{page}#toekenning",
        "@type": "subsidie:SubsidiemaatregelConsumptie",
        "dct:identifier": award.identifier,
        "dct:title": award.title,
        "transactie:isInstantieVan": {
            "@id": f"{instrument_url(instrument, base_url)}#aanbod",
            "@type": "subsidie:SubsidiemaatregelAanbod",
            "dct:identifier": instrument.slug,
            "dct:title": instrument.name,
        },
        "m8g:hasParticipation": {
            "@id": f"{page}#aanvrager",
            "@type": "m8g:Participation",
            "m8g:role": {
                "@type": "skos:Concept",
                "skos:prefLabel": {"@value": "Aanvrager", "@language": "nl"},
            },
            "@reverse": {"m8g:playsRole": recipient},
        },
        "schema:amount": _money(award.amount),
        "prov:wasDerivedFrom": {
            "@type": "besluit:Besluit",
            "dct:identifier": award.decision_reference,
            "dct:date": _day(award.decided_on),
        },
        "dct:isPartOf": {
            "@type": "skos:Concept",
            "skos:notation": award.line.code,
            "skos:prefLabel": award.line.name,
            "dct:temporal": {"@value": str(award.line.budget.year), "@type": "xsd:gYear"},
        },
    }
    application = award.application
    if application is not None:
        request: dict[str, Any] = {"@type": "subsidie:Aanvraag"}
        if application.submitted_at:
            request["subsidie:aanvraagdatum"] = {
                "@value": application.submitted_at.isoformat(),
                "@type": "xsd:dateTime",
            }
        if application.amount_requested is not None:
            request["subsidie:aangevraagdBedrag"] = _money(application.amount_requested)
        document["prov:wasGeneratedBy"] = request
    districts = [
        {"@type": "skos:Concept", "skos:notation": d.slug, "skos:prefLabel": d.name}
        for d in _districts(organisation)
    ]
    if districts:
        document["dct:spatial"] = districts
    if context:
        return {"@context": CONTEXT, **document}
    return document


def _dutch_path_for_organisation(organisation: Organisation) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return organisation.get_absolute_url()


def awards_jsonld(awards: Iterable[Award], *, base_url: str | None = None) -> dict[str, Any]:
    """Several awards as one JSON-LD document (``@graph``)."""
    return {
        "@context": CONTEXT,
        "@graph": [award_jsonld(award, base_url=base_url, context=False) for award in awards],
    }


def jsonld_script(document: Mapping[str, Any]) -> SafeString:
    """``<script type="application/ld+json">`` with the document, escaped like
    ``json_script`` so no text in it can close the element. A data block: the browser
    never runs it, so the site's Content-Security-Policy needs no change."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).translate(
        _json_script_escapes
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
