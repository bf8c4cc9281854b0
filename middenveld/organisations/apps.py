from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from middenveld.organisations import inbox, privacy, rules, signals, timeline  # noqa: F401
