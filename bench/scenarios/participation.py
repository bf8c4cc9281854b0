"""Participation: the processes, the demo process "Prioriteiten basiswerk 2027" with its
proposals and comments, one proposal, the API lists, and the moderation queue.

At --scale 10 ``seed_demo`` holds 30 generated processes with 8 proposals and 40 comments
each besides the demo ones (middenveld/participation/seed.py). The anonymous pages are
page-cache hits after the warm-up; the signed-in ones (burger@example.org, who sees the
comment form; medewerker@example.org in the back office) go past the cache to the view.
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver, session_cookie

ORDER = 60  # the modules of issue 6: participation 60, events 61, ballots 62

DEMO = "prioriteiten-basiswerk-2027"
AS_CITIZEN = {"Cookie": "{citizen_session}"}
AS_STAFF = {"Cookie": "{staff_session}"}

register(
    Scenario("/inspraak/", "participation: processes"),
    Scenario(f"/inspraak/{DEMO}/", "participation: the demo process"),
    Scenario(f"/inspraak/{DEMO}/voorstellen/", "participation: proposals"),
    Scenario(
        f"/inspraak/{DEMO}/voorstellen/{{demo_proposal}}/",
        "participation: one proposal with comments",
        needs=("demo_proposal",),
    ),
    Scenario(
        "/inspraak/", "participation: processes (signed in)",
        headers=AS_CITIZEN, needs=("citizen_session",),
    ),
    Scenario(
        f"/inspraak/{DEMO}/", "participation: the demo process (signed in, comment form)",
        headers=AS_CITIZEN, needs=("citizen_session",),
    ),
    Scenario(
        f"/inspraak/{DEMO}/voorstellen/{{demo_proposal}}/",
        "participation: one proposal (signed in)",
        headers=AS_CITIZEN, needs=("citizen_session", "demo_proposal"),
    ),
    Scenario("/api/v1/processes", "API: participation processes"),
    Scenario(f"/api/v1/processes/{DEMO}/comments", "API: comments on the demo process"),
    Scenario(
        "/beheer/participation/comment/", "back office: moderation queue",
        headers=AS_STAFF, needs=("staff_session",),
    ),
    Scenario(
        f"/beheer/inspraak/{DEMO}/cijfers/", "back office: participation figures",
        headers=AS_STAFF, needs=("staff_session",),
    ),
)  # fmt: skip


@resolver("demo_proposal")
def demo_proposal() -> str | None:
    """The demo process's first proposal (De Brug's, with a thread and a hidden comment)."""
    from middenveld.participation.models import Proposal

    pk = (
        Proposal.objects.filter(process__slug=DEMO)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return str(pk) if pk else None


@resolver("citizen_session")
def citizen_session() -> str | None:
    return session_cookie("burger@example.org")


@resolver("staff_session")
def staff_session() -> str | None:
    return session_cookie("medewerker@example.org")
