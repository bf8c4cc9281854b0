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

        # Anonymous answers are cached. Catalogue changes bump the public version;
        # booking changes bump the "spaces" version (services.availability_changed),
        # which keys the availability and free-spaces answers as well.
        invalidate_on_change(
            Facility, Building, BuildingPhoto, OpeningHours, Space, Tariff, Closure, AllocationRound
        )
