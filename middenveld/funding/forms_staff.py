"""Forms of the staff review and the assessors' pages, and of the reports an organisation
files. They read what a person types; the services decide (``services/assessment.py``,
``services/decisions.py``, ``services/reports.py``) and their refusals are shown next to
the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.funding.models import Decision
from middenveld.funding.selectors import label_of
from middenveld.funding.services.assessment import COMMENT_LIMIT, GENERAL


class ServiceCheckedCharField(forms.CharField):
    """Marked as required on the page; an empty value goes on to the service, which says
    what is missing in its own words."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class ServiceCheckedChoiceField(forms.ChoiceField):
    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class DateInput(forms.DateInput):
    input_type = "date"


class DecisionForm(forms.Form):
    outcome = ServiceCheckedChoiceField(
        label=_("Decision"),
        choices=[(Decision.AWARD, _("Award")), (Decision.REJECT, _("Do not award"))],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose: award or do not award.")},
    )
    amount = forms.CharField(
        label=_("Amount awarded in euros"),
        required=False,
        max_length=40,
        help_text=_("Only for an award. For example 1250 or 1.250,00."),
    )
    reasons = ServiceCheckedCharField(
        label=_("Reasons"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The organisation reads these in the decision letter."),
    )
    reference = ServiceCheckedCharField(
        label=_("Decision reference"),
        max_length=60,
        help_text=_("The number of the executive's decision, for example 2026_CBS_01234."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DateInput,
        error_messages={
            "required": _("Give the date of the decision."),
            "invalid": _("Give a date as year-month-day, for example 2026-03-31."),
        },
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for an award: what the organisation must do or keep to."),
    )


class AssessorAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the assessor"),
        max_length=254,
        help_text=_("The person must already have an account on the platform."),
        error_messages={
            "required": _("Give the e-mail address of the assessor."),
            "invalid": _("This is not an e-mail address."),
        },
    )


def score_field(key: str) -> str:
    return f"score_{key}"


def comment_field(key: str) -> str:
    return f"comment_{key}"


class ScoreForm(forms.Form):
    """One whole-number score (0 up to the criterion's scale) and a comment per criterion of
    the call's rubric, and a general comment. Empty scores are allowed in a draft."""

    def __init__(self, *args: Any, rubric: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria: list[dict[str, Any]] = []
        for row in rubric:
            key = str(row["key"])
            scale = int(row.get("scale") or 0)
            label = label_of(row.get("label")) or key
            self.fields[score_field(key)] = ServiceCheckedChoiceField(
                label=_("Score for “%(criterion)s” (0 to %(scale)s)")
                % {"criterion": label, "scale": scale},
                choices=[(str(n), str(n)) for n in range(scale + 1)],
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Give a whole number from 0 to %(scale)s.")
                    % {"scale": scale}
                },
            )
            self.fields[comment_field(key)] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": label},
                required=False,
                max_length=COMMENT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.criteria.append(
                {
                    "key": key,
                    "label": label,
                    "weight": row.get("weight"),
                    "scale": scale,
                    "score": score_field(key),
                    "comment": comment_field(key),
                }
            )
        self.fields[comment_field(GENERAL)] = forms.CharField(
            label=_("General comment"),
            required=False,
            max_length=COMMENT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def scores(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {c["key"]: data.get(c["score"]) or None for c in self.criteria}

    def comments(self) -> dict[str, str]:
        data = self.cleaned_data
        found = {c["key"]: data.get(c["comment"], "") for c in self.criteria}
        found[GENERAL] = data.get(comment_field(GENERAL), "")
        return {key: value for key, value in found.items() if value}


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Why (only the city sees this)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PaymentForm(forms.Form):
    """The day one payment was made; the payment's id comes with the POST as ``payment``
    and the form is prefixed per payment (several on one page)."""

    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=DateInput,
        error_messages={
            "required": _("Give the date of the payment."),
            "invalid": _("Give a date as year-month-day, for example 2026-03-31."),
        },
    )


class ReclaimForm(forms.Form):
    amount = ServiceCheckedCharField(
        label=_("Amount to reclaim in euros"),
        max_length=40,
        help_text=_("For example 250 or 250,00."),
    )
    reason = ServiceCheckedCharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)


class ReportForm(forms.Form):
    text = ServiceCheckedCharField(
        label=_("Your report"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    activities = forms.CharField(label=_("Number of activities"), required=False, max_length=10)
    spent = forms.CharField(
        label=_("Amount spent in euros"),
        required=False,
        max_length=40,
        help_text=_("For example 1250 or 1.250,00."),
    )
    upload = forms.FileField(
        label=_("A file with the report"),
        required=False,
        help_text=_("Optional: a PDF, ODT or DOCX file."),
    )

    def __init__(self, *args: Any, financial: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The service requires one of the two; the page says which.
        if financial:
            del self.fields["activities"]
            self.fields["spent"] = ServiceCheckedCharField(
                label=_("Amount spent in euros"),
                max_length=40,
                help_text=_("For example 1250 or 1.250,00."),
            )
        else:
            del self.fields["spent"]
            self.fields["activities"] = ServiceCheckedCharField(
                label=_("Number of activities"), max_length=10
            )
        self.order_fields(["text", "activities", "spent", "upload"])
