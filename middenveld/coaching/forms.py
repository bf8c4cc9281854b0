"""Forms of the coaching pages and back office. They read the input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.accounts.models import Role, User
from middenveld.coaching.models import GoalStatus, Theme
from middenveld.coaching.services import AVAILABILITY_MAX, GOAL_MAX, TEXT_MAX
from middenveld.organisations.models import Language

# A little room above the services' limits, so that the service says how long it was.
SLACK = 100


def staff_people() -> Any:
    return User.objects.filter(role__in=[Role.STAFF, Role.ADMINISTRATOR], is_active=True).order_by(
        "name", "email"
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name()


class RequestForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("What do you need help with?"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more themes."),
        error_messages={"required": _("Choose at least one theme you need help with.")},
    )
    text = forms.CharField(
        label=_("Tell us more about your question"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX + SLACK,
        help_text=_("Where do you stand, and what would you like to reach?"),
        error_messages={"required": _("Tell us in a few words what you need.")},
    )
    language = forms.ChoiceField(
        label=_("In which language would you like the coaching?"),
        required=False,
    )
    availability = forms.CharField(
        label=_("When are you available?"),
        required=False,
        max_length=AVAILABILITY_MAX + SLACK,
        help_text=_("For example: weekday evenings, or Saturday morning."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("No preference (Dutch is fine)")),
            *((lang.code, lang.name) for lang in Language.objects.order_by("order", "code")),
        ]


class AcceptForm(forms.Form):
    coach = StaffChoiceField(label=_("Coach"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = staff_people()  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX + SLACK,
        help_text=_("The organisation receives this by e-mail. Say where else they can go."),
    )


class GoalForm(forms.Form):
    text = forms.CharField(label=_("New goal"), max_length=GOAL_MAX + SLACK)


class SessionForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the session"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=1, max_value=24 * 60)
    summary = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX + SLACK,
        help_text=_("The organisation's admins can read this."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX + SLACK,
        required=False,
        help_text=_("Only city staff can read this."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX + SLACK
    )
    shared = forms.BooleanField(
        label=_("The organisation's admins may read this note"), required=False
    )


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX + SLACK,
        help_text=_("What was reached, and what comes next. The organisation reads this."),
    )


class GoalStatusForm(forms.Form):
    goal = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=GoalStatus.choices)
