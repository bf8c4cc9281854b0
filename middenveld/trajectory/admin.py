from django.contrib import admin
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from middenveld.core.admin_site import (
    MissingTranslationsMixin,
    RulesInlineMixin,
    RulesModelAdmin,
    staff_site,
)
from middenveld.trajectory import models


class ContentAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "trajectory.edit_content"


class ActionInline(RulesInlineMixin, TranslationStackedInline):
    model = models.Action
    extra = 0
    fields = ("title", "description", "status", "progress", "order")
    show_change_link = True


class MilestoneInline(RulesInlineMixin, TranslationTabularInline):
    model = models.ActionMilestone
    extra = 0


@admin.register(models.Section, site=staff_site)
class SectionAdmin(ContentAdmin):
    translated_fields = models.Section.TRANSLATED
    list_display = ("title", "key", "order", "missing_translations")


@admin.register(models.Workstream, site=staff_site)
class WorkstreamAdmin(ContentAdmin):
    translated_fields = models.Workstream.TRANSLATED
    list_display = ("number", "title", "missing_translations")
    prepopulated_fields = {"slug": ("title_nl",)}
    inlines = [ActionInline]


@admin.register(models.Action, site=staff_site)
class ActionAdmin(ContentAdmin):
    translated_fields = models.Action.TRANSLATED
    list_display = ("title", "workstream", "status", "progress", "missing_translations")
    list_filter = ("workstream", "status")
    list_select_related = ("workstream",)
    inlines = [MilestoneInline]


@admin.register(models.TimelineEntry, site=staff_site)
class TimelineEntryAdmin(ContentAdmin):
    translated_fields = models.TimelineEntry.TRANSLATED
    list_display = ("starts_on", "title", "workstream", "missing_translations")
    list_select_related = ("workstream",)
    date_hierarchy = "starts_on"


@admin.register(models.Document, site=staff_site)
class DocumentAdmin(ContentAdmin):
    translated_fields = models.Document.TRANSLATED
    list_display = ("title", "kind", "published_on", "missing_translations")
    list_filter = ("kind",)


@admin.register(models.NewsItem, site=staff_site)
class NewsItemAdmin(ContentAdmin):
    translated_fields = models.NewsItem.TRANSLATED
    list_display = ("title", "published_at", "is_published", "missing_translations")
    prepopulated_fields = {"slug": ("title_nl",)}


@admin.register(models.ContactInfo, site=staff_site)
class ContactInfoAdmin(ContentAdmin):
    translated_fields = models.ContactInfo.TRANSLATED
    list_display = ("email", "phone", "missing_translations")

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return super().has_add_permission(request) and not models.ContactInfo.objects.exists()


# The technical admin (/admin/, superusers only) shows the same models.
for _model, _admin in list(staff_site._registry.items()):
    admin.site.register(_model, type(_admin))
