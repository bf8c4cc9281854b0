from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from middenveld.core.admin_site import staff_site
        from middenveld.core.cache import invalidate_on_change
        from middenveld.participation import figures, inbox, privacy, rules, timeline  # noqa: F401
        from middenveld.participation.models import Comment, Phase, Process, Proposal
        from middenveld.participation.views import staff_figures

        invalidate_on_change(Process, Phase, Proposal, Comment)
        staff_site.register_view(
            "inspraak/<slug:slug>/cijfers/", staff_figures, "participation_figures"
        )
