from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "middenveld.support"
    label = "support"
    verbose_name = _("Questions and support")

    def ready(self) -> None:
        from middenveld.support import inbox, privacy, rules, timeline  # noqa: F401
