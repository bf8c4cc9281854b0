"""Forms of the event pages and the organisers' screens. The services check everything
again; the forms give the person their answer next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.events.models import Event, EventDocument
from middenveld.events.services import (
    DIETARY_MAX,
    DOCUMENT_TITLE_MAX,
    REPORT_MAX,
    interpreter_languages,
)
from middenveld.organisations.models import Membership, Organisation

MYSELF = ""


class RegistrationForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Who are you registering for?"), required=False, choices=()
    )
    interpreter_language = forms.ModelChoiceField(
        label=_("I need an interpreter into this language"),
        queryset=interpreter_languages(),
        required=False,
        empty_label=_("No interpreter needed"),
        to_field_name="code",
    )
    sign_language = forms.BooleanField(
        label=_("I need a sign language interpreter"), required=False
    )
    childcare = forms.BooleanField(label=_("I need childcare"), required=False)
    step_free_access = forms.BooleanField(
        label=_("I need step-free access (no stairs)"), required=False
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=DIETARY_MAX,
        help_text=_("For example: vegetarian, halal, no nuts."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].queryset = interpreter_languages()  # type: ignore[attr-defined]
        memberships = (
            Membership.objects.filter(user_id=user.pk)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.organisations = {str(m.organisation_id): m.organisation for m in memberships}
        choices: list[tuple[str, Any]] = [(MYSELF, _("Myself"))]
        choices += [
            (pk, _("On behalf of %(name)s") % {"name": o.name})
            for pk, o in self.organisations.items()
        ]
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]
        if not self.organisations:
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_organisation(self) -> Organisation | None:
        value = self.cleaned_data.get("organisation") or MYSELF
        return self.organisations.get(value) if value != MYSELF else None


class ReportForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes (in Dutch)"),
        required=False,
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    outcomes = forms.CharField(
        label=_("Outcomes (in Dutch)"),
        required=False,
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    recording_url = forms.CharField(
        label=_("Link to the recording"), required=False, max_length=500
    )
    publish = forms.BooleanField(label=_("Show on the event page"), required=False)


class DocumentForm(forms.ModelForm):
    """The documents inline: the file is checked by its content, not its name."""

    class Meta:
        model = EventDocument
        fields = ("title", "file", "order")

    def clean_title(self) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if len(title) > DOCUMENT_TITLE_MAX:
            raise forms.ValidationError(_("The title is too long."))
        return title

    def clean_file(self) -> Any:
        from middenveld.core.errors import Invalid
        from middenveld.core.uploads import document_check

        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            try:
                self.instance.kind = document_check(upload, field="file")
            except Invalid as error:
                raise forms.ValidationError(str(error.message)) from None
        return upload


class EventAdminForm(forms.ModelForm):
    online_link = forms.URLField(
        label=_("online link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Only people who are registered see this link."),
    )
    recording_url = forms.URLField(
        label=_("recording"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        fmt = data.get("format")
        if fmt in ("in_person", "hybrid") and not data.get("street"):
            self.add_error("street", _("Fill in the address of an event that takes place on site."))
        return data
