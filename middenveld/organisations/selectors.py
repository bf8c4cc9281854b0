"""Read-side queries: the public directory, a profile, a member's organisations.

Each list fetches everything its template touches up front, so its query count
does not grow with the data (pinned in tests/test_query_budget.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from middenveld.core.models import District
from middenveld.organisations.models import (
    WORKING_FORM_FIELDS,
    Address,
    Language,
    LegalForm,
    Membership,
    Organisation,
    Recognition,
    Status,
    TargetGroup,
)
from middenveld.organisations.search import search_terms, tsquery

SORTS = {
    "naam": ("name_key", "id"),
    "-naam": ("-name_key", "-id"),
    "nieuw": ("-verified_at", "-id"),
}
DEFAULT_SORT = "naam"


@dataclass
class DirectoryFilters:
    q: str = ""
    district: str = ""  # District slug
    working_form: str = ""  # code from WORKING_FORMS
    target_group: str = ""  # TargetGroup code
    language: str = ""  # Language code
    legal_form: str = ""  # LegalForm value
    self_organisation: bool = False
    sort: str = DEFAULT_SORT
    unknown: list[str] = field(default_factory=list)


def text_search(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    terms = search_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(
            id__in=RawSQL(
                # OFFSET 0 keeps PostgreSQL from folding this into the outer query:
                # folded, it starts from a district's rows and computes to_tsvector per
                # row (~370 ms at scale 10); kept apart, the GIN index answers (~40 ms).
                "SELECT id FROM organisations_organisation WHERE "
                "to_tsvector('dutch'::regconfig, search_text) @@ to_tsquery('simple', %s) "
                "OFFSET 0",
                [tsquery(terms)],
            )
        )
    condition = Q()
    for term in terms:
        # search_text is words separated by single spaces: a term must start a word.
        condition &= Q(search_text__startswith=term) | Q(search_text__contains=f" {term}")
    return queryset.filter(condition)


def _m2m_exists(relation: str, **lookup: Any) -> Exists:
    through = getattr(Organisation, relation).through
    return Exists(through.objects.filter(organisation_id=OuterRef("pk"), **lookup))


def organisation_directory(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """Verified organisations matching the filters, in the chosen order.

    Unknown filter values are ignored (and listed in ``filters.unknown``), never an error.
    """
    organisations = Organisation.objects.filter(status=Status.VERIFIED)
    organisations = text_search(organisations, filters.q)
    if filters.district:
        organisations = organisations.filter(
            _m2m_exists("districts", district__slug=filters.district)
        )
    if filters.working_form:
        if filters.working_form in WORKING_FORM_FIELDS:
            organisations = organisations.filter(
                **{WORKING_FORM_FIELDS[filters.working_form]: True}
            )
        else:
            filters.unknown.append("working_form")
    if filters.target_group:
        organisations = organisations.filter(
            _m2m_exists("target_groups", targetgroup__code=filters.target_group)
        )
    if filters.language:
        organisations = organisations.filter(
            _m2m_exists("languages", language__code=filters.language)
        )
    if filters.legal_form:
        if filters.legal_form in LegalForm.values:
            organisations = organisations.filter(legal_form=filters.legal_form)
        else:
            filters.unknown.append("legal_form")
    if filters.self_organisation:
        organisations = organisations.filter(is_self_organisation=True)
    order = SORTS.get(filters.sort)
    if order is None:
        filters.unknown.append("sort")
        order = SORTS[DEFAULT_SORT]
    return organisations.order_by(*order)


def directory_page_prefetch(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a result card shows: districts and target groups, fetched in two queries."""
    return organisations.only(
        "id",
        "name",
        "alternative_name",
        "slug",
        "legal_form",
        "description",
        "is_self_organisation",
        "does_meeting",
        "does_basic_work",
        "does_advocacy",
        "does_emancipation",
        "logo",
        "name_key",
        "verified_at",
        "kbo_number",
        "vcode",
        "website",
        "public_email",
        "public_phone",
    ).prefetch_related(
        Prefetch("districts", queryset=District.objects.only("id", "name", "slug")),
        Prefetch("target_groups", queryset=TargetGroup.objects.all()),
    )


def filter_choices() -> dict[str, Any]:
    return {
        "districts": list(District.objects.only("name", "slug")),
        "target_groups": list(TargetGroup.objects.all()),
        "languages": list(Language.objects.all()),
        "legal_forms": LegalForm.choices,
    }


def organisation_profile(organisation_id: int) -> Organisation:
    return (
        Organisation.objects.select_related("contact_person")
        .prefetch_related(
            "districts",
            "target_groups",
            "languages",
            Prefetch("addresses", queryset=Address.objects.order_by("kind")),
            Prefetch(
                "recognitions",
                queryset=Recognition.objects.select_related("type").prefetch_related("documents"),
            ),
        )
        .get(pk=organisation_id)
    )


def memberships_of(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name_key")
    )
