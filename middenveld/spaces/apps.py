from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.spaces"
    label = "spaces"
    verbose_name = _("Spaces and bookings")

    def ready(self) -> None:
        from middenveld.spaces import rules  # noqa: F401
