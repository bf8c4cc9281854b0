"""The starter's guide in the back office: steps with their tasks, in every language."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from middenveld.core.admin_site import (
    MissingTranslationsMixin,
    RulesInlineMixin,
    RulesModelAdmin,
    staff_site,
)
from middenveld.guide import models


class TaskInline(RulesInlineMixin, TranslationStackedInline):
    model = models.Task
    permission = "guide.manage"
    extra = 0
    fields = ("order", "title", "hint")
    ordering = ("order", "id")


@admin.register(models.Step, site=staff_site)
class StepAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "guide.manage"
    translated_fields = models.Step.TRANSLATED
    list_display = ("title", "order", "slug", "missing_translations")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("title_nl",)}
    search_fields = ("title_nl", "intro_nl")
    inlines = [TaskInline]


@admin.register(models.Task, site=staff_site)
class TaskAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "guide.manage"
    translated_fields = models.Task.TRANSLATED
    list_display = ("title", "step", "order", "missing_translations")
    list_filter = ("step",)
    list_select_related = ("step",)
    search_fields = ("title_nl",)


# The technical admin (/admin/, superusers only) shows the same models.
for _model in (models.Step, models.Task):
    admin.site.register(_model, type(staff_site._registry[_model]))
