"""The knowledge base in the back office (/beheer/): articles in every language,
publish and unpublish, categories. Permission: ``knowledge.manage_articles``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from middenveld.core.admin_site import MissingTranslationsMixin, RulesModelAdmin, staff_site
from middenveld.core.errors import DomainError
from middenveld.knowledge import models, services
from middenveld.organisations.text import text_tidy


class ArticleAdminForm(forms.ModelForm):
    """Texts are tidied as the services tidy them (no control or invisible characters)."""

    class Meta:
        model = models.Article
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in models.Article.TRANSLATED:
            for code, _name in settings.LANGUAGES:
                name = f"{field}_{code}"
                if isinstance(data.get(name), str):
                    data[name] = text_tidy(data[name], multiline=field == "body") or None
        source = settings.LANGUAGE_CODE
        for field in ("title", "body"):
            name = f"{field}_{source}"
            if name in self.fields and not data.get(name):
                self.add_error(
                    name, _("Fill in the Dutch text: it is the text every language falls back on.")
                )
        return data


@admin.register(models.Article, site=staff_site)
class ArticleAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "knowledge.manage_articles"
    form = ArticleAdminForm
    translated_fields = models.Article.TRANSLATED
    list_display = (
        "title",
        "category",
        "status",
        "featured",
        "published_at",
        "missing_translations",
    )
    list_filter = ("status", "category", "featured")
    list_select_related = ("category",)
    search_fields = ("title_nl", "title_en", "summary_nl", "slug")
    readonly_fields = ("status", "published_at", "created_by", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("title_nl",)}
    fields = (
        "title",
        "summary",
        "body",
        "slug",
        "category",
        "featured",
        "status",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    actions = ("publish", "unpublish")
    list_per_page = 50
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.article_refresh_search(form.instance)

    def _each(self, request: HttpRequest, queryset: QuerySet[models.Article], fn: Any) -> int:
        done = 0
        for article in queryset:
            try:
                fn(article=article, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{article.title}: {error.message}", messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description=gettext_lazy("Publish the selected articles"))
    def publish(self, request: HttpRequest, queryset: QuerySet[models.Article]) -> None:
        done = self._each(request, queryset, services.article_publish)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article is published.", "%(count)d articles are published.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Take the selected articles offline"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[models.Article]) -> None:
        done = self._each(request, queryset, services.article_unpublish)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article is offline again (a draft).",
                    "%(count)d articles are offline again (drafts).",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(models.Category, site=staff_site)
class CategoryAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "knowledge.manage_articles"
    translated_fields = models.Category.TRANSLATED
    list_display = ("name", "slug", "order", "missing_translations")
    prepopulated_fields = {"slug": ("name_nl",)}
