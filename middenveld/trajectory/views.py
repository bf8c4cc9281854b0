from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from middenveld.core.cache import public_page
from middenveld.core.i18n import missing_translation
from middenveld.trajectory import selectors
from middenveld.trajectory.models import DocumentKind, NewsItem, Workstream

NEWS_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 25


def _untranslated(*groups: Any) -> bool:
    """True when any object shown falls back to Dutch for one of its texts."""
    for group in groups:
        items = group if isinstance(group, list | tuple) else [group]
        for obj in items:
            if obj is not None and missing_translation(obj, type(obj).TRANSLATED):
                return True
    return False


@public_page
def home(request: HttpRequest) -> HttpResponse:
    sections = {s.key: s for s in selectors.section_list()}
    intro = sections.get("wat")
    workstreams = list(selectors.workstream_list(with_actions=False))
    upcoming = list(selectors.upcoming_timeline())
    news = list(selectors.news_list()[:3])
    context = {
        "intro": intro,
        "workstreams": workstreams,
        "upcoming": upcoming,
        "news": news,
        "untranslated": _untranslated(intro, workstreams, upcoming, news),
    }
    return render(request, "trajectory/home.html", context)


@public_page
def trajectory(request: HttpRequest) -> HttpResponse:
    sections = list(selectors.section_list())
    contact = selectors.contact_get()
    return render(
        request,
        "trajectory/trajectory.html",
        {
            "sections": sections,
            "contact": contact,
            "untranslated": _untranslated(sections, contact),
        },
    )


@public_page
def workstream_list(request: HttpRequest) -> HttpResponse:
    workstreams = list(selectors.workstream_list())
    actions = [a for w in workstreams for a in w.actions.all()]
    return render(
        request,
        "trajectory/workstream_list.html",
        {"workstreams": workstreams, "untranslated": _untranslated(workstreams, actions)},
    )


@public_page
def workstream_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        workstream = selectors.workstream_get(slug=slug)
    except Workstream.DoesNotExist as exc:
        raise Http404 from exc
    actions = list(workstream.actions.all())
    milestones = [m for a in actions for m in a.milestones.all()]
    documents = list(selectors.document_list().filter(workstream=workstream)[:10])
    timeline = list(selectors.timeline_list().filter(workstream=workstream))
    return render(
        request,
        "trajectory/workstream_detail.html",
        {
            "workstream": workstream,
            "actions": actions,
            "documents": documents,
            "timeline": timeline,
            "untranslated": _untranslated(workstream, actions, milestones, documents, timeline),
        },
    )


@public_page
def timeline(request: HttpRequest) -> HttpResponse:
    entries = list(selectors.timeline_list())
    past = [e for e in entries if e.is_past]
    ahead = [e for e in entries if not e.is_past]
    return render(
        request,
        "trajectory/timeline.html",
        {"past": past, "ahead": ahead, "untranslated": _untranslated(entries)},
    )


@public_page
def document_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("soort") or None
    if kind not in DocumentKind.values:
        kind = None
    page = Paginator(selectors.document_list(kind=kind), DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "trajectory/document_list.html",
        {
            "page": page,
            "kinds": DocumentKind.choices,
            "kind": kind,
            "untranslated": _untranslated(list(page.object_list)),
        },
    )


@public_page
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.news_list(), NEWS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "trajectory/news_list.html",
        {"page": page, "untranslated": _untranslated(list(page.object_list))},
    )


@public_page
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        item = selectors.news_get(slug=slug)
    except NewsItem.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request, "trajectory/news_detail.html", {"item": item, "untranslated": _untranslated(item)}
    )
