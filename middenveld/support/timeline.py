"""What the support desk writes into an organisation's 360° timeline."""

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Questions")

event_kind(
    "support.question_asked",
    _("Question asked: %(subject)s (%(channel)s)"),
    module=MODULE,
    labels={
        "channel": {
            "web": _("website"),
            "email": _("e-mail"),
            "phone": _("phone"),
            "desk": _("at the desk"),
            "api": _("API"),
        }
    },
)
event_kind(
    "support.question_answered", _("The city answered the question %(subject)s"), module=MODULE
)
event_kind("support.question_closed", _("Question closed: %(subject)s"), module=MODULE)
