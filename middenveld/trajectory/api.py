"""Public, read-only API of the trajectory: workstreams, timeline, documents, news.

Texts come in the request's language with Dutch as the fallback; each object
says which language it is in and whether a text fell back (``untranslated``).
Timeline and documents also answer in CSV (``?format=csv``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from middenveld.api.csv_export import CSV_OPENAPI, CsvFormat, csv_response
from middenveld.api.pagination import paginate
from middenveld.api.schemas import TranslatedOut, absolute_url, current_language
from middenveld.core.cache import public_read
from middenveld.core.errors import NotFound
from middenveld.core.i18n import missing_translation
from middenveld.trajectory import selectors
from middenveld.trajectory.models import (
    Action,
    ActionMilestone,
    Document,
    DocumentKind,
    NewsItem,
    TimelineEntry,
    Workstream,
)

router = Router(tags=["trajectory"])


# --- schemas ------------------------------------------------------------------------


class MilestoneOut(TranslatedOut):
    title: str
    due_on: date
    reached: bool


class ActionOut(TranslatedOut):
    id: int
    title: str
    description: str
    status: str = Field(..., description="planned, in_progress, done or on_hold.")
    status_label: str = Field(..., description="The status in words, in the request's language.")
    progress: int = Field(..., description="Per cent done (0–100).")
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_status_label(obj: Action) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_milestones(obj: Action) -> list[ActionMilestone]:
        return list(obj.milestones.all())


class WorkstreamOut(TranslatedOut):
    number: int
    slug: str
    title: str
    summary: str
    url: str = Field(..., description="The workstream's public page.")
    progress: int = Field(..., description="Average progress of its actions, in per cent.")
    actions: list[ActionOut]

    @staticmethod
    def resolve_url(obj: Workstream, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())

    @staticmethod
    def resolve_progress(obj: Workstream) -> int:
        actions = list(obj.actions.all())
        return round(sum(a.progress for a in actions) / len(actions)) if actions else 0

    @staticmethod
    def resolve_actions(obj: Workstream) -> list[Action]:
        return list(obj.actions.all())


class WorkstreamDetailOut(WorkstreamOut):
    body: str


class WorkstreamRef(Schema):
    number: int
    slug: str
    title: str


class TimelineEntryOut(TranslatedOut):
    id: int
    starts_on: date
    ends_on: date | None
    title: str
    body: str
    is_past: bool
    workstream: WorkstreamRef | None


class DocumentOut(TranslatedOut):
    id: int
    title: str
    description: str
    kind: DocumentKind
    kind_label: str
    url: str = Field(..., description="The file, or the external link.")
    published_on: date
    workstream: WorkstreamRef | None

    @staticmethod
    def resolve_kind_label(obj: Document) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_url(obj: Document, context: Any) -> str:
        return absolute_url(context, obj.href)


class NewsItemOut(TranslatedOut):
    slug: str
    title: str
    summary: str
    published_at: datetime
    url: str = Field(..., description="The news item's public page.")

    @staticmethod
    def resolve_url(obj: NewsItem, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())


class NewsItemDetailOut(NewsItemOut):
    body: str


class DocumentFilters(CsvFormat):
    kind: DocumentKind | None = Field(None, description="Only documents of this kind.")


# --- endpoints ----------------------------------------------------------------------
# Public reads: anonymous answers come from the page cache, per language, and are
# never stale after an edit (middenveld.core.cache).


@router.get("/workstreams", response=list[WorkstreamOut], summary="Workstreams with their actions")
@decorate_view(public_read)
@paginate
def workstream_list(request: HttpRequest) -> Any:
    return selectors.workstream_list()


@router.get("/workstreams/{slug}", response=WorkstreamDetailOut, summary="One workstream")
@decorate_view(public_read)
def workstream_detail(request: HttpRequest, slug: str) -> Any:
    try:
        return selectors.workstream_get(slug=slug)
    except Workstream.DoesNotExist as exc:
        raise NotFound(_("There is no workstream at this address.")) from exc


@router.get(
    "/timeline",
    response=list[TimelineEntryOut],
    summary="The timeline, past and ahead",
    openapi_extra=CSV_OPENAPI,
)
@decorate_view(public_read)
@paginate
def timeline_list(request: HttpRequest, options: Query[CsvFormat]) -> Any:
    entries = selectors.timeline_list()
    if options.format == "csv":
        return csv_response("timeline.csv", TIMELINE_COLUMNS, _timeline_rows(entries.iterator()))
    return entries


@router.get(
    "/documents",
    response=list[DocumentOut],
    summary="Documents and recordings",
    openapi_extra=CSV_OPENAPI,
)
@decorate_view(public_read)
@paginate
def document_list(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    documents = selectors.document_list(kind=filters.kind)
    if filters.format == "csv":
        return csv_response(
            "documents.csv", DOCUMENT_COLUMNS, _document_rows(request, documents.iterator())
        )
    return documents


@router.get("/news", response=list[NewsItemOut], summary="Published news")
@decorate_view(public_read)
@paginate
def news_list(request: HttpRequest) -> Any:
    return selectors.news_list()


@router.get("/news/{slug}", response=NewsItemDetailOut, summary="One news item")
@decorate_view(public_read)
def news_detail(request: HttpRequest, slug: str) -> Any:
    try:
        return selectors.news_get(slug=slug)
    except NewsItem.DoesNotExist as exc:
        raise NotFound(_("There is no news item at this address.")) from exc


# --- CSV ----------------------------------------------------------------------------

TIMELINE_COLUMNS = (
    "starts_on",
    "ends_on",
    "title",
    "body",
    "workstream",
    "language",
    "untranslated",
)
DOCUMENT_COLUMNS = (
    "published_on",
    "kind",
    "title",
    "description",
    "url",
    "workstream",
    "language",
    "untranslated",
)


def _timeline_rows(entries: Iterator[TimelineEntry]) -> Iterator[list[Any]]:
    for entry in entries:
        yield [
            entry.starts_on.isoformat(),
            entry.ends_on.isoformat() if entry.ends_on else "",
            entry.title,
            entry.body,
            entry.workstream.slug if entry.workstream else "",
            current_language(),
            missing_translation(entry, TimelineEntry.TRANSLATED),
        ]


def _document_rows(request: HttpRequest, documents: Iterator[Document]) -> Iterator[list[Any]]:
    for document in documents:
        yield [
            document.published_on.isoformat(),
            document.kind,
            document.title,
            document.description,
            request.build_absolute_uri(document.href) if document.href else "",
            document.workstream.slug if document.workstream else "",
            current_language(),
            missing_translation(document, Document.TRANSLATED),
        ]
