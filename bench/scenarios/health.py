"""The health check, last: it is what a load balancer polls, not a page."""

from bench.scenarios import Scenario, register

ORDER = 1000

register(Scenario("/healthz", "health check (database round trip)", targets=False))
