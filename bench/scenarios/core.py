"""The stack itself: the ceiling and the health check."""

from bench.scenarios import Scenario, register

ORDER = 0

register(
    # The cheapest response Django can give through the same stack: every page is
    # compared with it (the "ratio" column).
    Scenario("/ping", "ceiling: trivial view", targets=False, ceiling=True),
)
