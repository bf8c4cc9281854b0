"""The support desk: the asker's "my questions" pages and the back office's question list.

At --scale 10 the desk holds 200,000 questions with about half a million messages
(middenveld/support/seed.py). The asker is burger@example.org: their own questions and those
of "Huiswerkklas De Brug" and "Vrouwenvereniging De Zonnebloem", where they are a member. The
back-office pages are seen by medewerker@example.org (city staff). Both are signed in with a
database session made by the resolver (``session_cookie``), so every request goes past the
page cache to the view, as for a real signed-in person.
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver, session_cookie

ORDER = 46  # after the knowledge base (45), before the foundation's API pages (50)

CITIZEN = "burger@example.org"
STAFF = "medewerker@example.org"
AS_CITIZEN = {"Cookie": "{citizen_session}"}
AS_STAFF = {"Cookie": "{staff_session}"}

register(
    Scenario(
        "/mijn/vragen/", "support: my questions (asker)", headers=AS_CITIZEN,
        needs=("citizen_session",),
    ),
    Scenario(
        "/mijn/vragen/{citizen_question}/", "support: one of my questions (asker)",
        headers=AS_CITIZEN, needs=("citizen_session", "citizen_question"),
    ),
    Scenario(
        "/beheer/support/question/", "back office: open questions, soonest due",
        headers=AS_STAFF, needs=("staff_session",),
    ),
    Scenario(
        "/beheer/support/question/?van=teams", "back office: my teams' questions",
        headers=AS_STAFF, needs=("staff_session",),
    ),
    Scenario(
        "/beheer/support/question/?status=new", "back office: new questions",
        headers=AS_STAFF, needs=("staff_session",),
    ),
    Scenario(
        "/beheer/support/question/?team__id__exact={busiest_team}",
        "back office: questions of a team", headers=AS_STAFF,
        needs=("staff_session", "busiest_team"),
    ),
    Scenario(
        "/beheer/support/question/?status=all", "back office: all 200,000 questions",
        headers=AS_STAFF, needs=("staff_session",),
    ),
    Scenario(
        "/beheer/support/question/{staff_question}/change/", "back office: one question",
        headers=AS_STAFF, needs=("staff_session", "staff_question"),
    ),
)  # fmt: skip


@resolver("citizen_session")
def citizen_session() -> str | None:
    return session_cookie(CITIZEN)


@resolver("staff_session")
def staff_session() -> str | None:
    return session_cookie(STAFF)


@resolver("citizen_question")
def citizen_question() -> str | None:
    """The demo asker's question with the longest public thread."""
    from django.db.models import Count

    from middenveld.support.models import Question

    return (
        Question.objects.filter(asker__email=CITIZEN)
        .annotate(n=Count("messages"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )


@resolver("staff_question")
def staff_question() -> str | None:
    """An open question of the staff demo account with a reply and a note in its thread."""
    from middenveld.support.models import OPEN_STATUSES, Question

    return (
        Question.objects.filter(
            assignee__email=STAFF,
            status__in=OPEN_STATUSES,
            messages__kind="reply",
        )
        .filter(messages__kind="note")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@resolver("busiest_team")
def busiest_team() -> str | None:
    """The team with the most open questions: the heaviest team filter."""
    from django.db.models import Count, Q

    from middenveld.city.models import Team

    return (
        Team.objects.annotate(n=Count("questions", filter=Q(questions__status="open")))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
