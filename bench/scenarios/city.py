"""The staff inbox in the back office (/beheer/inbox/), as a signed-in city employee.

medewerker@example.org (middenveld/city/seed.py) leads the civil-society team and is a member
of the neighbourhood team of the north; at --scale 10 several hundred open questions wait for
that person and a few thousand for those teams (middenveld/support/seed.py), next to whatever
other modules register in the inbox. The issue's target for this page is p95 <= 80 ms.
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver, session_cookie

ORDER = 40  # after the organisations (20), before the knowledge base (45)

STAFF = "medewerker@example.org"
AS_STAFF = {"Cookie": "{staff_session}"}
INBOX_P95_MS = 80.0

register(
    Scenario(
        "/beheer/inbox/", "staff inbox: mine", headers=AS_STAFF, needs=("staff_session",),
        p95_ms=INBOX_P95_MS,
    ),
    Scenario(
        "/beheer/inbox/?scope=teams", "staff inbox: my teams", headers=AS_STAFF,
        needs=("staff_session",), p95_ms=INBOX_P95_MS,
    ),
    Scenario(
        "/beheer/inbox/?scope=all", "staff inbox: everything (team lead)", headers=AS_STAFF,
        needs=("staff_session",), p95_ms=INBOX_P95_MS,
    ),
    Scenario(
        "/beheer/", "back office: start page", headers=AS_STAFF, needs=("staff_session",),
        p95_ms=INBOX_P95_MS,
    ),
)  # fmt: skip


@resolver("staff_session")
def staff_session() -> str | None:
    return session_cookie(STAFF)
