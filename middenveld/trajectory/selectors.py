"""Read-side queries for the trajectory's pages and API. Each list fetches
everything its template touches up front, so the query count is constant."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from middenveld.trajectory.models import (
    Action,
    ContactInfo,
    Document,
    NewsItem,
    Section,
    TimelineEntry,
    Workstream,
)


def section_list() -> QuerySet[Section]:
    return Section.objects.all()


def workstream_list(*, with_actions: bool = True) -> QuerySet[Workstream]:
    qs = Workstream.objects.all()
    if with_actions:
        qs = qs.prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.prefetch_related("milestones").order_by("order", "id"),
            )
        )
    return qs


def workstream_get(*, slug: str) -> Workstream:
    return workstream_list().get(slug=slug)


def timeline_list() -> QuerySet[TimelineEntry]:
    return TimelineEntry.objects.select_related("workstream")


def document_list(*, kind: str | None = None) -> QuerySet[Document]:
    qs = Document.objects.select_related("workstream")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def news_list() -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(is_published=True, published_at__lte=timezone.now())


def news_get(*, slug: str) -> NewsItem:
    return news_list().get(slug=slug)


def contact_get() -> ContactInfo | None:
    return ContactInfo.objects.first()


def upcoming_timeline(*, limit: int = 3) -> QuerySet[TimelineEntry]:
    return timeline_list().filter(starts_on__gte=timezone.localdate())[:limit]
