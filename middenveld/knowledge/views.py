"""Knowledge-base pages: search (/vragen/faq/), one article, and the suggestions
fragment that the question form (/vragen/) shows while someone types.

Anonymous answers are cached whole (``@public_page``); any change to an article
or a category makes them fresh (apps.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.cache import public_page
from middenveld.core.i18n import missing_translation
from middenveld.knowledge import selectors
from middenveld.knowledge.models import Article

PER_PAGE = 20
QUERY_MAX = 200
# The suggestions fragment reads ?q=, or the question form's own field when HTMX
# sends the textarea's value under its name.
SUGGESTION_PARAMS = ("q", "question")


def _clean(value: str, limit: int) -> str:
    # NUL and other control characters never reach the database (PostgreSQL refuses NUL).
    return "".join(ch for ch in value[:limit] if ch.isprintable() or ch in "\n\t")


@public_page
@require_http_methods(["GET", "HEAD"])
def faq(request: HttpRequest) -> HttpResponse:
    query = _clean(request.GET.get("q", ""), QUERY_MAX).strip()
    category_slug = _clean(request.GET.get("category", ""), 120).strip()
    categories = selectors.category_list()
    category = next((c for c in categories if c.slug == category_slug), None)
    articles = selectors.article_search(
        query, language=get_language(), category=category if category else None
    )
    paginator = Paginator(selectors.article_list_prefetch(articles), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    untranslated = False
    for item in page.object_list:
        # Read by the template: a title or summary in Dutch gets lang="nl".
        item.fallback_title = missing_translation(item, ["title"])  # type: ignore[attr-defined]
        item.fallback_summary = missing_translation(item, ["summary"])  # type: ignore[attr-defined]
        untranslated = untranslated or missing_translation(item, ["title", "summary"])
    kept = {"q": query, "category": category.slug if category else ""}
    kept = {k: v for k, v in kept.items() if v}
    return render(
        request,
        "knowledge/faq.html",
        {
            "page": page,
            "query": query,
            "categories": categories,
            "category": category,
            "unknown_category": bool(category_slug) and category is None,
            "query_string": urlencode(kept),
            "searched": bool(kept),
            "untranslated": untranslated,
            "source_language": settings.LANGUAGE_CODE,
        },
    )


@public_page
@require_http_methods(["GET", "HEAD"])
def article(request: HttpRequest, slug: str) -> HttpResponse:
    staff = bool(rules.check("knowledge.manage_articles", request.user))
    try:
        item = selectors.article_get(slug, include_drafts=staff)
    except Article.DoesNotExist:
        raise Http404 from None
    fallback = {field: missing_translation(item, [field]) for field in Article.TRANSLATED}
    return render(
        request,
        "knowledge/article.html",
        {
            "article": item,
            "fallback": fallback,
            "source_language": settings.LANGUAGE_CODE,
            "untranslated": any(fallback.values()),
            "related": selectors.related_articles(item),
            "can_manage": staff,
        },
    )


@public_page
@require_http_methods(["GET", "HEAD"])
def suggestions(request: HttpRequest) -> HttpResponse:
    """Articles that may answer what someone is typing.

    With ``?fragment=1`` (what the question form's ``hx-get`` asks) only the HTML
    fragment that HTMX swaps into the form; otherwise a page of its own, so that the
    address also works without JavaScript. The choice is in the URL, not in a
    header, because the page cache keys on the URL.
    """
    text = next((request.GET[p] for p in SUGGESTION_PARAMS if request.GET.get(p)), "")
    text = _clean(text, 5000)
    articles = selectors.article_suggestions(text, language=get_language())
    context = {"articles": articles, "asked": bool(text.strip()), "text": text[:QUERY_MAX]}
    if request.GET.get("fragment"):
        return render(request, "knowledge/_suggestions.html", context)
    return render(request, "knowledge/suggestions.html", context)
