"""The knowledge base: search at /vragen/faq/ (Dutch and English), one article, the
suggestions fragment of the question form, and the API's search.

At --scale 10 the knowledge base holds 2,000 published articles
(middenveld/knowledge/seed.py); "verzekering vrijwilligers" finds about 290 of them,
"zaal huren" about 290 and "insurance" in English about 500.
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver

ORDER = 45  # after the organisations (20), before the foundation's API pages (50)

register(
    Scenario("/vragen/faq/?q=verzekering+vrijwilligers", "knowledge base: search"),
    Scenario("/vragen/faq/?q=zaal+huren&category=ruimtes", "knowledge base: search + category"),
    Scenario("/en/vragen/faq/?q=insurance", "knowledge base: search in English"),
    Scenario("/vragen/faq/", "knowledge base"),
    Scenario("/vragen/faq/{article}/", "knowledge-base article", needs=("article",)),
    Scenario(
        "/vragen/faq/suggesties/?fragment=1&question=Waar+kan+onze+huiswerkklas+een+zaal+huren",
        "knowledge base: suggestions while typing",
    ),
    Scenario("/api/v1/articles?q=verzekering+vrijwilligers", "API: knowledge-base search"),
)


@resolver("article")
def article_slug() -> str | None:
    """The first hand-written article (Dutch and English, with a category)."""
    from middenveld.knowledge.models import Article

    return (
        Article.objects.filter(status="published", category__isnull=False, title_en__gt="")
        .order_by("published_at", "pk")
        .values_list("slug", flat=True)
        .last()
    )
