"""Events: the list at /activiteiten/ (upcoming and past, in Dutch and English), one event
page (anonymous, and signed in as burger@example.org, who sees their registration and the
places left), and the API's list.

At --scale 10 there are 2,000 generated events with about 100,000 registrations
(middenveld/events/seed.py). The event measured is the coming hybrid consultation event
with interpretation needs; the signed-in page goes past the page cache to the view.
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver, session_cookie

ORDER = 47  # after the support desk (46), before the foundation's API pages (50)

CITIZEN = "burger@example.org"

register(
    Scenario("/activiteiten/", "events: list"),
    Scenario("/activiteiten/?wanneer=voorbij", "events: past"),
    Scenario("/en/activiteiten/", "events: list in English"),
    Scenario("/activiteiten/?werf={workstream}", "events: list of a workstream", needs=("workstream",)),
    Scenario("/activiteiten/{event}/", "events: one event", needs=("event",)),
    Scenario(
        "/activiteiten/{event}/", "events: one event (signed in)",
        headers={"Cookie": "{citizen_session}"}, needs=("event", "citizen_session"),
    ),
    Scenario("/api/v1/events", "API: events"),
)  # fmt: skip


@resolver("event")
def event_slug() -> str | None:
    from middenveld.events.models import Event

    return (
        Event.objects.filter(slug="inspraakmoment-prioriteiten-basiswerk", published=True)
        .values_list("slug", flat=True)
        .first()
    )


@resolver("workstream")
def workstream_slug() -> str | None:
    from middenveld.trajectory.models import Workstream

    return Workstream.objects.order_by("number").values_list("slug", flat=True).first()


@resolver("citizen_session")
def citizen_session() -> str | None:
    return session_cookie(CITIZEN)
