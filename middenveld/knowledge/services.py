"""Writing the knowledge base: create, update, publish, unpublish.

Every function checks ``knowledge.manage_articles`` for ``by`` and raises a
``DomainError`` with a sentence a person can read; nothing is changed then.
The support desk turns a good answer into an article with ``article_create``
(a draft in the language the answer was written in).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from middenveld.core import rules
from middenveld.core.errors import Forbidden, Invalid
from middenveld.knowledge.models import (
    BODY_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Article,
    ArticleSearch,
    ArticleStatus,
    Category,
)
from middenveld.knowledge.search import document_stems
from middenveld.organisations.text import text_tidy

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
_UNSET: Any = object()


def _require(by: Any) -> None:
    decision = rules.check("knowledge.manage_articles", by)
    if not decision:
        raise Forbidden(decision.reason or None)


def _language(language: str) -> str:
    code = (language or "").replace("-", "_").lower()
    if code not in LANGUAGE_CODES:
        message = _("This language is not one of the site's languages.")
        raise Invalid(message, fields={"language": [message]})
    return code


def _text(value: Any, *, field: str, limit: int, required: bool, multiline: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        message = _("This must be text.")
        raise Invalid(message, fields={field: [message]})
    cleaned = text_tidy(value, multiline=multiline)
    if required and not cleaned:
        message = {
            "title": _("Fill in a title. Spaces alone are not a title."),
            "body": _("Write the text of the article. Spaces alone are not a text."),
        }.get(field, _("Fill in this field."))
        raise Invalid(message, fields={field: [message]})
    if len(cleaned) > limit:
        message = _("This text can have at most %(max)d characters; it has %(count)d.") % {
            "max": limit,
            "count": len(cleaned),
        }
        raise Invalid(message, fields={field: [message]})
    return cleaned


def _category(category: Any) -> Category | None:
    if category is None or isinstance(category, Category):
        return category
    message = _("Choose one of the categories.")
    raise Invalid(message, fields={"category": [message]})


def _unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = (slugify(title)[:200].strip("-")) or "artikel"
    slug, n = base, 1
    taken = Article.objects.exclude(pk=exclude) if exclude else Article.objects.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def search_rows_for(article: Article) -> list[ArticleSearch]:
    """One ArticleSearch per language: the text a reader of that language sees."""
    rows = []
    source = settings.LANGUAGE_CODE
    for code in LANGUAGE_CODES:
        texts = {}
        for field in Article.TRANSLATED:
            texts[field] = getattr(article, f"{field}_{code}", None) or (
                getattr(article, f"{field}_{source}", None) or ""
            )
        rows.append(
            ArticleSearch(
                article=article,
                language=code,
                title_stems=document_stems(texts["title"], language=code),
                stems=document_stems(
                    texts["title"], texts["summary"], texts["body"], language=code
                ),
            )
        )
    return rows


def article_refresh_search(article: Article) -> None:
    """Rewrite the article's search rows (after any change of its texts)."""
    with transaction.atomic():
        ArticleSearch.objects.filter(article=article).delete()
        ArticleSearch.objects.bulk_create(search_rows_for(article))


def article_create(
    *,
    by: Any,
    title: str,
    body: str,
    language: str = "nl",
    summary: str = "",
    category: Category | None = None,
) -> Article:
    """A new draft with its texts in ``language`` (Dutch is needed before publishing)."""
    _require(by)
    code = _language(language)
    title = _text(title, field="title", limit=TITLE_MAX, required=True)
    summary = _text(summary, field="summary", limit=SUMMARY_MAX, required=False)
    body = _text(body, field="body", limit=BODY_MAX, required=True, multiline=True)
    category = _category(category)
    with transaction.atomic():
        article = Article(
            slug=_unique_slug(title),
            category=category,
            status=ArticleStatus.DRAFT,
            created_by=by,
        )
        setattr(article, f"title_{code}", title)
        setattr(article, f"summary_{code}", summary)
        setattr(article, f"body_{code}", body)
        article.save()
        article_refresh_search(article)
    return article


def article_update(
    *,
    article: Article,
    by: Any,
    language: str = "nl",
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    category: Any = _UNSET,
    featured: bool | None = None,
) -> Article:
    """Change the texts in one language (``None``: leave as is) or the category.

    A published article keeps its Dutch title and text: they cannot be emptied.
    """
    _require(by)
    code = _language(language)
    changes: dict[str, Any] = {}
    source = code == settings.LANGUAGE_CODE
    # A translation may be emptied again (visitors then read Dutch); Dutch may not,
    # except in a draft that was written in another language first.
    needs_text = source and (article.is_published or bool(getattr(article, f"title_{code}")))
    if title is not None:
        changes[f"title_{code}"] = (
            _text(title, field="title", limit=TITLE_MAX, required=needs_text) or None
        )
    if summary is not None:
        changes[f"summary_{code}"] = (
            _text(summary, field="summary", limit=SUMMARY_MAX, required=False) or None
        )
    if body is not None:
        changes[f"body_{code}"] = (
            _text(body, field="body", limit=BODY_MAX, required=needs_text, multiline=True) or None
        )
    if category is not _UNSET:
        changes["category"] = _category(category)
    if featured is not None:
        changes["featured"] = bool(featured)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(article, name, value)
        article.save()
        article_refresh_search(article)
    return article


def article_publish(*, article: Article, by: Any) -> Article:
    _require(by)
    source = settings.LANGUAGE_CODE
    missing = [
        field for field in ("title", "body") if not getattr(article, f"{field}_{source}", None)
    ]
    if missing:
        message = _(
            "Write the Dutch title and text before you publish: visitors in every "
            "language fall back on the Dutch text."
        )
        raise Invalid(message, fields={f"{field}_{source}": [message] for field in missing})
    if article.is_published:
        return article
    article.status = ArticleStatus.PUBLISHED
    article.published_at = article.published_at or timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


def article_unpublish(*, article: Article, by: Any) -> Article:
    _require(by)
    if article.status == ArticleStatus.DRAFT:
        return article
    article.status = ArticleStatus.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return article
