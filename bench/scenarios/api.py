"""The JSON API (/api/v1/)."""

from bench.scenarios import Scenario, register

ORDER = 50

register(
    Scenario("/api/v1/workstreams", "API: workstreams"),
    Scenario("/api/v1/news", "API: news"),
)
