"""Where a question goes, and when it must be answered.

Routing: the active ``RoutingRule`` rows are tried by their order; a rule
matches when every condition it sets holds (topic, district, keywords, asked
for an organisation). The first match decides: its team, or the organisation's
fixed contact person at the city. Without a match the topic's team answers,
and without a topic team the question waits unrouted in everyone's "not yet
routed" list. The result says which rule decided, so staff can see why.

Response times: working days (weekends and Belgian public holidays excluded,
``workdays.WorkingCalendar``) from the moment the question came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from middenveld.organisations.text import search_fold
from middenveld.support.models import Question, RoutingRule, Topic
from middenveld.support.workdays import WorkingCalendar

CALENDAR = WorkingCalendar()


@dataclass(frozen=True)
class Route:
    team: Any | None
    assignee: Any | None
    reason: str


def _keywords(rule: RoutingRule) -> list[str]:
    return [search_fold(word) for word in rule.keywords.split(",") if word.strip()]


def _matches(rule: RoutingRule, question: Question, text: str) -> bool:
    if rule.topic_id is not None and rule.topic_id != question.topic_id:
        return False
    if rule.district_id is not None and rule.district_id != question.district_id:
        return False
    if rule.only_organisations and question.organisation_id is None:
        return False
    if rule.to_contact_person and (
        question.organisation is None or question.organisation.contact_person_id is None
    ):
        return False
    words = _keywords(rule)
    padded = f" {text} "
    return not words or any(f" {word} " in padded for word in words)


def route_for(question: Question) -> Route:
    text = search_fold(f"{question.subject}\n{_first_text(question)}")
    rules = RoutingRule.objects.filter(active=True).select_related("team").order_by("order", "id")
    for rule in rules:
        if _matches(rule, question, text):
            organisation = question.organisation
            assignee = (
                organisation.contact_person
                if rule.to_contact_person and organisation is not None
                else None
            )
            team = rule.team or _team_of(assignee) or _topic_team(question.topic)
            return Route(team=team, assignee=assignee, reason=rule.name)
    topic = question.topic
    if topic is not None and topic.team_id:
        return Route(team=topic.team, assignee=None, reason=str(topic.name))
    return Route(team=None, assignee=None, reason="")


def _first_text(question: Question) -> str:
    return getattr(question, "_first_text", "") or ""


def _topic_team(topic: Topic | None) -> Any | None:
    return topic.team if topic is not None and topic.team_id else None


def _team_of(user: Any | None) -> Any | None:
    if user is None:
        return None
    membership = user.team_memberships.select_related("team").order_by("-is_lead", "id").first()
    return membership.team if membership else None


def due_dates(topic: Topic | None, start: datetime) -> tuple[datetime, datetime]:
    """(first answer due, resolution due) for a question that came in at ``start``."""
    first_days = topic.first_answer_days if topic else 2
    resolution_days = topic.resolution_days if topic else 10
    return (
        CALENDAR.add_working_days(start, first_days),
        CALENDAR.add_working_days(start, max(resolution_days, first_days)),
    )
