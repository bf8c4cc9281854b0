from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.parliament"
    label = "parliament"
    verbose_name = _("Civil-society parliament")

    def ready(self) -> None:
        from middenveld.core.cache import invalidate_on_change
        from middenveld.core.models import District
        from middenveld.parliament import inbox, privacy, rules, timeline  # noqa: F401
        from middenveld.parliament.models import (
            Advice,
            AgendaDocument,
            AgendaItem,
            Body,
            BodyDocument,
            CoSigner,
            LotDraw,
            Mandate,
            Motion,
            Seat,
            Session,
            Signal,
            SignalGroup,
            Term,
            Vote,
        )

        # The cached (anonymous) pages show these. Attendance, casts and the opening and
        # closing of votes also bump the "parliament" version (services.TALLY).
        invalidate_on_change(Body, Term, Seat, Mandate, Session, AgendaItem, Motion, CoSigner, Vote)
        invalidate_on_change(AgendaDocument)
        # The advice tracker, the signals report, the draws.
        invalidate_on_change(Advice, Signal, SignalGroup, LotDraw, BodyDocument, District)
