from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.spaces"
    label = "spaces"
    verbose_name = _("Spaces and bookings")

    def ready(self) -> None:
        from middenveld.core.cache import invalidate_on_change
        from middenveld.spaces import (  # noqa: F401  (each registers itself)
            inbox,
            overview,
            privacy,
            rules,
            staff,
            staff_allocation,
            timeline,
        )
        from middenveld.spaces.models import (
            AllocationRound,
            Building,
            BuildingPhoto,
            Closure,
            Facility,
            OpeningHours,
            Space,
            Tariff,
        )

        # The catalogue pages are cached for anonymous visitors; bookings are not on
        # them (availability is read live), so only catalogue changes invalidate.
        invalidate_on_change(
            Facility, Building, BuildingPhoto, OpeningHours, Space, Tariff, Closure, AllocationRound
        )
