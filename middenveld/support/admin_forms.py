"""Forms of the support desk in the back office (/beheer/support/).

The forms only collect input; every change goes through ``support.services``,
which checks the rules and says what is wrong in a sentence.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.utils.translation import gettext_lazy as _

from middenveld.accounts.models import Role, User
from middenveld.city.models import Team
from middenveld.organisations.models import Organisation
from middenveld.support.forms import MultipleFileField
from middenveld.support.models import Question, RoutingRule, Topic
from middenveld.support.services import MAX_QUESTION_LENGTH

ATTACHMENT_HELP = _("At most 5 files: PDF, ODT, DOCX, PNG, JPEG or WebP.")


def _text_field(label: Any, empty: Any, rows: int = 6, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_QUESTION_LENGTH,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": empty,
            "max_length": _("Your text is too long. Keep it under 20,000 characters."),
        },
    )


class ReplyForm(forms.Form):
    body = _text_field(_("Your answer"), _("Write your answer."), rows=8)
    attachments = MultipleFileField(label=_("Files (if you want)"), help_text=ATTACHMENT_HELP)


class NoteForm(forms.Form):
    body = _text_field(_("Internal note"), _("Write your note."), rows=3)


def staff_people() -> Any:
    return User.objects.filter(role__in=[Role.STAFF, Role.ADMINISTRATOR], is_active=True).order_by(
        "name", "email"
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class AssignForm(forms.Form):
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("department"),
        required=False,
        empty_label=_("Keep the current team"),
    )
    assignee = StaffChoiceField(
        label=_("Handled by"),
        queryset=staff_people(),
        required=False,
        empty_label=_("Nobody yet: the whole team"),
    )


_NUMBER = re.compile(r"#?\s*(\d{1,18})")


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Number of the question it repeats"),
        max_length=20,
        help_text=_("For example #1234. This question closes; its messages show there."),
        error_messages={"required": _("Give the number of the other question.")},
    )

    def clean_into(self) -> int:
        match = _NUMBER.fullmatch(self.cleaned_data["into"].strip())
        if match is None:
            raise forms.ValidationError(_("Give a question number, for example #1234."))
        return int(match[1])


LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class PhoneForm(forms.Form):
    """A phone call, logged by the employee who took it."""

    name = forms.CharField(label=_("Name of the caller"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        help_text=_("If you give it, the caller gets a receipt or your answer by e-mail."),
    )
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("For which organisation? (number)"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Leave empty when the caller asks for themselves."),
        error_messages={"invalid_choice": _("There is no organisation with this number.")},
    )
    topic: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.filter(active=True),
        required=False,
        empty_label=_("No topic"),
    )
    language = forms.ChoiceField(label=_("Language of the caller"), choices=LANGUAGE_CHOICES)
    subject = forms.CharField(
        label=_("Subject (if you want)"),
        max_length=200,
        required=False,
        help_text=_("Without one, the first line of the question is used."),
    )
    question = _text_field(_("What was asked"), _("Write what the caller asked."), rows=6)
    answer = _text_field(
        _("The answer you gave on the phone (if you did)"), "", rows=6, required=False
    )
    close = forms.BooleanField(
        label=_("The caller has their answer: close the question"), required=False, initial=True
    )

    def __init__(self, *args: Any, admin_site: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if admin_site is not None:
            self.fields["organisation"].widget = ForeignKeyRawIdWidget(
                Question._meta.get_field("organisation").remote_field, admin_site
            )
        self.fields["language"].initial = settings.LANGUAGE_CODE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reachable = (data.get("phone") or "").strip() or data.get("email")
        if not reachable and "phone" not in self.errors and "email" not in self.errors:
            self.add_error(
                "phone", _("Give a phone number or an e-mail address, so we can answer.")
            )
        return data


class TopicAdminForm(forms.ModelForm):
    """Plain sentences for the database constraints; a field with an error is left out of
    the constraint check (Django), so staff never see a constraint's technical name."""

    class Meta:
        model = Topic
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, resolution = data.get("first_answer_days"), data.get("resolution_days")
        if first is not None and first < 1:
            self.add_error("first_answer_days", _("Give at least 1 working day."))
        if resolution is not None and resolution < 1:
            self.add_error("resolution_days", _("Give at least 1 working day."))
        elif first is not None and resolution is not None and resolution < first:
            self.add_error(
                "resolution_days",
                _("The time to resolve cannot be shorter than the time to a first answer."),
            )
        return data


class RoutingRuleAdminForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("team") and not data.get("to_contact_person"):
            self.add_error(
                "team",
                _(
                    "Choose a team, or tick that the question goes to the organisation's "
                    "fixed contact person."
                ),
            )
        return data
