from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DigestForm(forms.Form):
    daily_digest = forms.TypedChoiceField(
        label=_("Daily e-mail digest"),
        choices=[
            ("on", _("Yes, send me one e-mail a day with what is new")),
            ("off", _("No, I read my notifications on the site")),
        ],
        coerce=lambda value: value == "on",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes or no."),
            "invalid_choice": _("Choose yes or no."),
        },
    )


class ReadForm(forms.Form):
    """Mark one notification read (``id``), or all of them (no ``id``)."""

    id = forms.IntegerField(required=False, min_value=1, max_value=2**62)
