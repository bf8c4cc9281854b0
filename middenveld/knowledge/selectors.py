"""Reading the knowledge base: search, suggestions while typing, one article.

Search matches the stems of what the reader's language shows (``ArticleSearch``,
ADR 15): on PostgreSQL through a GIN index, on SQLite with LIKE on word starts;
the same results on both. Lists fetch their category up front, so the number of
queries does not grow with the results (tests/test_query_budget.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from middenveld.knowledge.models import Article, ArticleSearch, ArticleStatus, Category
from middenveld.knowledge.search import base_language, meaningful_terms, search_terms

CANDIDATES = 200  # suggestions: rows looked at before ranking


def _language(language: str | None) -> str:
    code = (language or settings.LANGUAGE_CODE).replace("-", "_").lower()
    return code if code in dict(settings.LANGUAGES) else base_language(code)


def _prefix_condition(column: str, terms: list[str], *, any_term: bool = False) -> Q:
    """Each (or any) term starts a word of ``column`` (words separated by single spaces)."""
    condition = Q()
    for term in terms:
        starts = Q(**{f"{column}__startswith": term}) | Q(**{f"{column}__contains": f" {term}"})
        condition = (condition | starts) if any_term else (condition & starts)
    return condition


def _matching_rows(language: str, terms: list[str], *, any_term: bool = False) -> Any:
    """Article ids whose text in ``language`` matches: a subquery for ``id__in``."""
    if connection.vendor == "postgresql":
        joiner = " | " if any_term else " & "
        return RawSQL(
            # OFFSET 0 keeps the planner from folding this into the outer query, so the
            # GIN index answers it (as in the directory, ADR 12).
            "SELECT article_id FROM knowledge_articlesearch WHERE language = %s AND "
            "to_tsvector('simple'::regconfig, stems) @@ to_tsquery('simple', %s) OFFSET 0",
            [language, joiner.join(f"{term}:*" for term in terms)],
        )
    return ArticleSearch.objects.filter(
        _prefix_condition("stems", terms, any_term=any_term), language=language
    ).values("article_id")


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related("category")


def _category_filter(articles: QuerySet[Article], category: Any) -> QuerySet[Article]:
    if category is None or category == "":
        return articles
    if isinstance(category, Category):
        return articles.filter(category=category)
    return articles.filter(category__slug=str(category)[:120])


def article_search(
    query: str,
    *,
    language: str | None = None,
    category: Category | str | None = None,
    limit: int | None = None,
) -> QuerySet[Article]:
    """Published articles matching every searchable word of ``query`` in ``language``.

    Articles whose title matches come first, then the newest. Without searchable
    words (empty, only stop words or junk), the featured articles, then the newest.
    ``category`` is a Category or its slug; an unknown slug finds nothing.
    """
    language = _language(language)
    articles = _category_filter(published_articles(), category)
    terms = search_terms(query or "", language=language)
    if not terms:
        articles = articles.order_by("-featured", "-published_at", "-id")
    else:
        title_rows = ArticleSearch.objects.filter(
            _prefix_condition("title_stems", terms), article=OuterRef("pk"), language=language
        )
        articles = (
            articles.filter(id__in=_matching_rows(language, terms))
            .annotate(title_match=Exists(title_rows))
            .order_by("-title_match", "-published_at", "-id")
        )
    return articles[:limit] if limit else articles


def article_list_prefetch(articles: QuerySet[Article]) -> QuerySet[Article]:
    """What a result shows: no body (it can be long), the category in the same query."""
    fields = [
        f"{field}_{code}" for field in ("title", "summary") for code, _name in settings.LANGUAGES
    ]
    return articles.only(
        "id", "slug", "status", "published_at", "featured", "category", *fields
    ).select_related("category")


def article_suggestions(text: str, *, language: str | None = None, limit: int = 5) -> list[Article]:
    """Published articles that may answer what someone is typing.

    Picks the meaningful words of ``text`` (``search.meaningful_terms``) and ranks
    articles by how many of them they contain, counting a title match double.
    """
    language = _language(language)
    terms = meaningful_terms(text or "", language=language)
    if not terms:
        return []
    rows = list(
        ArticleSearch.objects.filter(
            language=language,
            article__status=ArticleStatus.PUBLISHED,
            article_id__in=_matching_rows(language, terms, any_term=True),
        )
        .order_by("-article__published_at", "-article_id")
        .values_list("article_id", "title_stems", "stems")[:CANDIDATES]
    )

    needles = [f" {term}" for term in terms]

    def score(title: str, stems: str) -> int:
        # " stem" found in " stems": the term starts a word (str.find runs in C).
        title, stems = f" {title}", f" {stems}"
        return sum(2 * (needle in title) + (needle in stems) for needle in needles)

    ranked = sorted(rows, key=lambda row: -score(row[1], row[2]))  # stable: newest first
    best = [row[0] for row in ranked[: max(0, min(limit, 20))]]
    found = article_list_prefetch(published_articles()).in_bulk(best)
    return [found[pk] for pk in best if pk in found]


def article_get(slug: str, *, include_drafts: bool = False) -> Article:
    """One article by its slug; drafts only with ``include_drafts`` (city staff).

    Raises ``Article.DoesNotExist``.
    """
    articles = Article.objects.select_related("category")
    if not include_drafts:
        articles = articles.filter(status=ArticleStatus.PUBLISHED)
    return articles.get(slug=str(slug)[:220])


def category_list() -> list[Category]:
    return list(Category.objects.all())


def related_articles(article: Article, *, limit: int = 3) -> list[Article]:
    if article.category_id is None:
        return []
    return list(
        article_list_prefetch(published_articles())
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)
        .order_by("-featured", "-published_at", "-id")[:limit]
    )
