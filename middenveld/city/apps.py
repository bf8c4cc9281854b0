from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.city"
    label = "city"
    verbose_name = _("City organisation")

    def ready(self) -> None:
        from middenveld.city import privacy, rules  # noqa: F401
        from middenveld.city.inbox import inbox_watch
        from middenveld.city.models import TeamMember
        from middenveld.city.views import staff_inbox
        from middenveld.core.admin_site import staff_site

        staff_site.register_view("inbox/", staff_inbox, "city_inbox")
        inbox_watch(TeamMember)  # a new team changes whose work a person sees
        # The back office's start page shows what waits above the list of modules.
        staff_site.index_template = "city/admin/index.html"
