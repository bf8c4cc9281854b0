from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from middenveld.core.cache import invalidate_on_change
        from middenveld.knowledge import rules  # noqa: F401
        from middenveld.knowledge.models import Article, Category

        invalidate_on_change(Article, Category)
