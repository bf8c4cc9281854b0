"""Funding basic work: the staff application list with two filters, the public awards
register and its filtered variant, and the public funding home page.

At --scale 10 ``seed_demo`` holds about 31,000 applications and 110,000 assessments over ten
years, some 1,700 awards and the open call of this year with about 600 submitted
applications (middenveld/funding/seed.py).

Targets (issue 4, funding): the staff application list with two filters p95 <= 80 ms
(signed in as medewerker@example.org: never cached, so the table shows the view itself);
the public awards page ``/subsidies/toekenningen/`` p95 <= 50 ms. The staff list's filters
are the page's own parameters (``views_staff._filters``): ``status`` and ``oproep`` (a call's
slug), beside ``jaar``, ``instrument`` and ``zoek``; the awards register's are ``jaar``,
``instrument``, ``lijn``, ``wijk`` and ``zoek`` (``opendata.PAGE_PARAMS``).

100 concurrent awards on one line is not a load run of one page:
``bench/funding_awards.py`` (see bench/README.md).
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver, session_cookie

ORDER = 52  # after the parliament (49) and the foundation's API pages (50)

STAFF_LIST = "/subsidies/beheer/aanvragen/"

register(
    Scenario(
        STAFF_LIST + "?status=submitted&oproep={funding_open_call}",
        "funding: staff list, open call, submitted",
        headers={"Cookie": "{funding_staff}"},
        needs=("funding_open_call", "funding_staff"),
        p95_ms=80,
    ),
    Scenario(
        STAFF_LIST + "?status=awarded&jaar={funding_last_year}",
        "funding: staff list, awarded last year",
        headers={"Cookie": "{funding_staff}"},
        needs=("funding_last_year", "funding_staff"),
        p95_ms=80,
    ),
    Scenario("/subsidies/toekenningen/", "funding: public awards", p95_ms=50),
    Scenario(
        "/subsidies/toekenningen/?jaar={funding_last_year}&instrument=basiswerking",
        "funding: public awards, one year and instrument",
        needs=("funding_last_year",),
        p95_ms=50,
    ),
    Scenario("/subsidies/", "funding: home"),
)


@resolver("funding_open_call")
def funding_open_call() -> str | None:
    """This year's open call with the most submitted applications."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from middenveld.funding.models import Call

    now = timezone.now()
    return (
        Call.objects.filter(opens_at__lte=now, closes_at__gt=now, published=True)
        .annotate(n=Count("applications", filter=Q(applications__status="submitted")))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
        .first()
    )


@resolver("funding_last_year")
def funding_last_year() -> str | None:
    """The most recent year with awards before this one (the busiest complete year)."""
    from django.utils import timezone

    from middenveld.funding.models import Award

    year = (
        Award.objects.filter(decided_on__year__lt=timezone.localdate().year)
        .order_by("-decided_on")
        .values_list("decided_on__year", flat=True)
        .first()
    )
    return None if year is None else str(year)


@resolver("funding_staff")
def funding_staff() -> str | None:
    return session_cookie("medewerker@example.org")
