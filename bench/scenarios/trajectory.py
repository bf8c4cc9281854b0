"""The public pages of the trajectory (foundation), in Dutch and in Arabic (right to left)."""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver

ORDER = 10

register(
    Scenario("/", "home"),
    Scenario("/traject/", "trajectory"),
    Scenario("/werven/", "workstreams"),
    Scenario("/werven/{workstream}/", "one workstream", needs=("workstream",)),
    Scenario("/tijdlijn/", "timeline"),
    Scenario("/documenten/", "documents"),
    Scenario("/nieuws/", "news"),
    Scenario("/ar/", "home in Arabic"),
)


@resolver("workstream")
def workstream_slug() -> str | None:
    from middenveld.trajectory.models import Workstream

    return Workstream.objects.values_list("slug", flat=True).first()
