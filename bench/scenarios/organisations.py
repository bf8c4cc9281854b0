"""The organisation register: the public directory, a profile, its JSON-LD and the API.

At --scale 10 the register holds 20,000 organisations (seed.py); the search below finds
about two hundred of them in the wijk with the most organisations.
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver

ORDER = 20  # after the trajectory (10), before the foundation's API pages (50)

SEARCH = "q=vluchtelingen&district={district}&working_form=basiswerk"

register(
    Scenario(f"/organisaties/?{SEARCH}", "directory: search + 2 filters", needs=("district",)),
    Scenario("/organisaties/", "directory"),
    Scenario("/organisaties/{organisation}/", "organisation profile", needs=("organisation",)),
    Scenario(
        "/organisaties/{organisation}/organisatie.jsonld",
        "organisation JSON-LD",
        needs=("organisation",),
    ),
    Scenario(
        "/api/v1/organisations?q=vluchtelingen&district={district}",
        "API: organisations search",
        needs=("district",),
    ),
    Scenario(
        "/api/v1/organisations/{organisation_id}",
        "API: one organisation",
        needs=("organisation_id",),
    ),
)


def _profile() -> tuple[str, int] | None:
    """A verified organisation with something on every part of its profile: districts,
    target groups, languages, an address and a recognition."""
    from middenveld.organisations.models import Organisation, Status

    row = (
        Organisation.objects.filter(
            status=Status.VERIFIED,
            recognitions__isnull=False,
            addresses__isnull=False,
            target_groups__isnull=False,
            languages__isnull=False,
            districts__isnull=False,
        )
        .order_by("pk")
        .values_list("slug", "pk")
        .first()
    )
    return (row[0], row[1]) if row else None


@resolver("organisation")
def organisation_slug() -> str | None:
    found = _profile()
    return found[0] if found else None


@resolver("organisation_id")
def organisation_id() -> str | None:
    found = _profile()
    return str(found[1]) if found else None


@resolver("district")
def busiest_district() -> str | None:
    """The wijk with the most verified organisations: the heaviest filter result."""
    from django.db.models import Count, Q

    from middenveld.core.models import District

    return (
        District.objects.annotate(
            n=Count("organisations", filter=Q(organisations__status="verified"))
        )
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
