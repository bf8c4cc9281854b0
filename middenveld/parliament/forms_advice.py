"""Forms of the advice tracker and the signals pages. The services check everything again;
the forms give the person their answer next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.core.models import District
from middenveld.organisations.models import Membership, Organisation
from middenveld.parliament.models import Advice, SignalGroup, Theme

NEW_GROUP_MAX = 200
TAGS_MAX = 1000


class ServiceCheckedChoiceField(forms.ChoiceField):
    """Marked as required on the page, but an empty value goes on to the service, which
    refuses it with its own sentence (shown next to the field)."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class ServiceCheckedCharField(forms.CharField):
    """Marked as required on the page; the service says what is missing."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class AdviceAnswerForm(forms.Form):
    """City staff answer an advice. The answer and the reasons are checked by the service,
    which says why it refuses; the form only shows its message."""

    answer = ServiceCheckedChoiceField(
        label=_("The city's answer"),
        choices=[
            ("", _("Choose …")),
            (Advice.Answer.ACCEPTED.value, Advice.Answer.ACCEPTED.label),
            (Advice.Answer.PARTLY.value, Advice.Answer.PARTLY.label),
            (Advice.Answer.NOT_ACCEPTED.value, Advice.Answer.NOT_ACCEPTED.label),
        ],
    )
    reasons = ServiceCheckedCharField(
        label=_("Reasons for the answer"),
        max_length=10000,
        strip=True,
        help_text=_("Everyone can read the reasons on the public tracker."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    actions = forms.CharField(
        label=_("What the city will do"),
        required=False,
        max_length=10000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SignalForm(forms.Form):
    """A member files a signal for one of their own organisations."""

    organisation = forms.ChoiceField(
        label=_("For which organisation?"),
        choices=(),
        error_messages={
            "invalid_choice": _("Choose one of your own organisations."),
            "required": _("Choose one of your own organisations."),
        },
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What do you see?"),
        max_length=5000,
        help_text=_("Describe the need or the problem. Do not write names of people."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=[("", _("Choose …")), *Theme.choices],
        error_messages={"invalid_choice": _("Choose a theme from the list.")},
    )
    district = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("The whole city or no particular wijk"),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Choose a wijk from the list.")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        memberships = (
            Membership.objects.filter(user_id=user.pk)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.organisations: dict[str, Organisation] = {
            str(m.organisation_id): m.organisation for m in memberships
        }
        choices: list[tuple[str, Any]] = (
            [("", _("Choose …"))] if len(self.organisations) > 1 else []
        )
        choices += [(pk, o.name) for pk, o in self.organisations.items()]
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]

    def clean_organisation(self) -> Organisation:
        value = self.cleaned_data.get("organisation") or ""
        organisation = self.organisations.get(value)
        if organisation is None:
            raise forms.ValidationError(_("Choose one of your own organisations."))
        return organisation


class SignalSortForm(forms.Form):
    """Staff set the tags and the group of one signal (a group of the signal's year)."""

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=TAGS_MAX,
        help_text=_("Separate tags with a comma."),
    )
    group = forms.ChoiceField(
        label=_("Group"),
        required=False,
        choices=(),
        error_messages={"invalid_choice": _("Choose a group of the same year.")},
    )
    new_group = forms.CharField(
        label=_("Or make a new group with this title"), required=False, max_length=NEW_GROUP_MAX
    )

    def __init__(self, *args: Any, groups: list[SignalGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = {str(group.pk): group for group in groups}
        self.fields["group"].choices = [  # type: ignore[attr-defined]
            ("", _("No group")),
            *((pk, group.title) for pk, group in self.groups.items()),
        ]

    def clean_tags(self) -> list[str]:
        value = self.cleaned_data.get("tags") or ""
        return [part.strip() for part in value.split(",") if part.strip()]

    def clean_group(self) -> SignalGroup | None:
        return self.groups.get(self.cleaned_data.get("group") or "")

    def clean_new_group(self) -> str:
        return " ".join((self.cleaned_data.get("new_group") or "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("group") is not None and data.get("new_group"):
            self.add_error(
                "new_group", _("Choose an existing group or type a new title, not both.")
            )
        return data
