from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "middenveld.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from middenveld.accounts import rules  # noqa: F401  (registers permissions)
