# mypy: disable-error-code="django-manager-missing"
# (modeltranslation swaps in its own manager at start-up, which the stubs cannot see.)
"""The knowledge base: articles that answer what organisations often ask.

``Article`` and ``Category`` texts are translated with modeltranslation (see
translation.py); Dutch is the source and the fallback. Each article keeps one
``ArticleSearch`` row per language with the stems of the text a reader in that
language sees (ADR 15): services.article_refresh_search() writes them, never a
person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
SUMMARY_MAX = 300
BODY_MAX = 20_000


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    TRANSLATED = ("name", "description")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("knowledge-base category")
        verbose_name_plural = _("knowledge-base categories")

    def __str__(self) -> str:
        return self.name


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Article(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(
        _("summary"),
        max_length=SUMMARY_MAX,
        blank=True,
        help_text=_("One or two sentences that say what the article answers."),
    )
    body = models.TextField(
        _("text"),
        max_length=BODY_MAX,
        help_text=_("Plain words. An empty line starts a new paragraph."),
    )
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("category"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    featured = models.BooleanField(
        _("show first"),
        default=False,
        help_text=_("Shown at the top of the knowledge base when nobody searched yet."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    TRANSLATED = ("title", "summary", "body")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        indexes = [
            models.Index(
                fields=["status", "featured", "published_at"], name="knowledge_article_listing"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ArticleStatus]),
                name="knowledge_article_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="knowledge_article_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class ArticleSearch(models.Model):
    """What search matches on for one article in one language (ADR 15).

    ``stems`` holds the distinct Snowball stems of the title, summary and text a
    reader in ``language`` sees (the Dutch text where a translation is missing),
    folded and separated by single spaces; ``title_stems`` those of the title only,
    so that title matches rank first.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="search_rows")
    language = models.CharField(max_length=10)
    title_stems = models.TextField(default="")
    stems = models.TextField(default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="knowledge_search_one_per_language"
            ),
        ]
        indexes = [models.Index(fields=["language", "article"], name="knowledge_search_lang")]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.language}"
