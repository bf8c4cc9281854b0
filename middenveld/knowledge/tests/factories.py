"""Factories for the knowledge base. Example::

    ArticleFactory(title_nl="Vrijwilligers verzekeren", title_en="Insuring volunteers")
    ArticleFactory(status="draft")

``ArticleFactory`` makes a published article with Dutch texts and its search rows.
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from middenveld.knowledge.models import Article, ArticleStatus, Category
from middenveld.knowledge.services import article_refresh_search


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name_nl = factory.Sequence(lambda n: f"Onderwerp {n}")
    name_en = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.Sequence(lambda n: f"onderwerp-{n}")


class ArticleFactory(factory.django.DjangoModelFactory[Article]):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title_nl = factory.Sequence(lambda n: f"Artikel {n}")
    summary_nl = "Een korte samenvatting."
    body_nl = "Een tekst in eenvoudige woorden."
    slug = factory.Sequence(lambda n: f"artikel-{n}")
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def search(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            article_refresh_search(self)
