"""Read-side queries for the trajectory's pages and API. Each list fetches
everything its template touches up front, so the query count is constant."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

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


# Every page ends with the footer and its contact details. The footer is kept in the cache
# as HTML per language; a change to the contact details deletes it there (apps.py). Without
# Redis each process has its own cache, so another process shows a change within
# FOOTER_CACHE_SECONDS.
FOOTER_CACHE_SECONDS = 60


def _footer_key(language: str) -> str:
    return f"trajectory:footer:{language}"


def footer_html(language: str) -> SafeString:
    """includes/footer.html in ``language``, with the contact details."""
    key = _footer_key(language)
    html = None if settings.DEBUG else cache.get(key)
    if html is None:
        from middenveld.core.context_processors import site_urls

        with translation.override(language):
            html = render_to_string(
                "includes/footer.html",
                {
                    "contact": contact_get(),
                    "SITE_NAME": settings.SITE_NAME,
                    "site_urls": site_urls(language, get_script_prefix()),
                },
            )
        cache.set(key, html, FOOTER_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template, rendered with autoescape


def footer_forget(**kwargs: object) -> None:
    cache.delete_many([_footer_key(code) for code, _name in settings.LANGUAGES])


def upcoming_timeline(*, limit: int = 3) -> QuerySet[TimelineEntry]:
    return timeline_list().filter(starts_on__gte=timezone.localdate())[:limit]
