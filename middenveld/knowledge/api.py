"""The knowledge base in the API: published articles, searchable, in every language.

``GET /articles`` searches like /vragen/faq/ (``?q=`` and ``?category=``), in the
request's language (``?lang=`` or Accept-Language; Dutch otherwise); texts that
have no translation yet come in Dutch and ``untranslated`` says so.
``GET /articles/{slug}`` is one article; a draft is a 404 for anyone but city staff.
``GET /article-categories`` lists the subjects. Anonymous answers come from the
page cache and are never stale after an edit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from middenveld.api.pagination import paginate
from middenveld.api.schemas import TranslatedOut, absolute_url
from middenveld.core import rules
from middenveld.core.cache import public_read
from middenveld.core.errors import Invalid, NotFound
from middenveld.core.i18n import missing_translation
from middenveld.knowledge import selectors
from middenveld.knowledge.models import Article, Category

router = Router(tags=["knowledge"])


class CategoryOut(TranslatedOut):
    slug: str
    name: str
    description: str = ""

    @staticmethod
    def resolve_description(obj: Category) -> str:
        return obj.description or ""


class ArticleOut(TranslatedOut):
    slug: str
    title: str
    summary: str = ""
    category: CategoryOut | None = None
    published_at: datetime | None = None
    url: str = Field(..., description="The article's page.")

    @staticmethod
    def resolve_summary(obj: Article) -> str:
        return obj.summary or ""

    @staticmethod
    def resolve_url(obj: Article, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())

    @staticmethod
    def resolve_untranslated(obj: Article) -> bool:
        # The list does not load the text itself; title and summary say enough.
        return missing_translation(obj, ("title", "summary"))


class ArticleDetailOut(ArticleOut):
    body: str = Field(..., description="The text: plain words, an empty line between paragraphs.")
    status: str = Field(..., description="published, or draft (only city staff see drafts).")

    @staticmethod
    def resolve_untranslated(obj: Article) -> bool:
        return missing_translation(obj, Article.TRANSLATED)


class ArticleQuery(Schema):
    q: str = Field("", max_length=200, description="Words to search for (any word form).")
    category: str = Field("", max_length=120, description="A category's slug.")


@router.get(
    "/articles",
    response=list[ArticleOut],
    summary="Published knowledge-base articles, searchable",
    description="Matches every searchable word of q in the request's language; title matches "
    "first. Without q: featured articles first, then the newest. An unknown category is a 422.",
)
@decorate_view(public_read)
@paginate
def article_list(request: HttpRequest, filters: Query[ArticleQuery]) -> Any:
    if filters.category and not Category.objects.filter(slug=filters.category).exists():
        message = _("This category does not exist.")
        raise Invalid(message, fields={"category": [message]})
    articles = selectors.article_search(
        filters.q.replace("\x00", ""), language=get_language(), category=filters.category
    )
    return selectors.article_list_prefetch(articles)


@router.get(
    "/articles/{slug}",
    response=ArticleDetailOut,
    summary="One knowledge-base article",
    description="A draft is a 404 for anyone but city staff.",
)
@decorate_view(public_read)
def article_detail(request: HttpRequest, slug: str) -> Any:
    staff = bool(rules.check("knowledge.manage_articles", request.user))
    try:
        return selectors.article_get(slug, include_drafts=staff)
    except Article.DoesNotExist:
        raise NotFound(_("There is no article at this address.")) from None


@router.get(
    "/article-categories",
    response=list[CategoryOut],
    summary="The subjects of the knowledge base",
)
@decorate_view(public_read)
def category_list(request: HttpRequest) -> Any:
    return selectors.category_list()
