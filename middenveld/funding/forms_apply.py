"""Forms of the applicant's pages. They only carry what a person typed: the services
(``services.applications``) read the amounts and dates and check everything, and the
form shows their answer next to the field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.core.errors import DomainError
from middenveld.funding.models import Application, FieldType
from middenveld.funding.receipt import _name
from middenveld.funding.services.applications import ANSWERED, application_rules


class ServiceCheckedField(forms.CharField):
    """Marked as required on the page, but empty goes on to the service: a draft may be
    incomplete, and the check before submitting says what is missing."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class ServiceCheckedChoice(forms.ChoiceField):
    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class StartForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("For which organisation do you apply?"),
        choices=(),
        error_messages={
            "invalid_choice": _("Choose one of your own organisations."),
            "required": _("Choose one of your own organisations."),
        },
    )
    title = forms.CharField(
        label=_("A working title for your application"),
        required=False,
        max_length=200,
        help_text=_("You can change it later."),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        choices = [(str(o.pk), o.name) for o in organisations]
        if len(choices) != 1:
            choices = [("", _("Choose …")), *choices]
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]


@dataclass
class BudgetRow:
    index: int
    category: str
    name: str
    description: forms.BoundField
    amount: forms.BoundField


class ApplicationForm(forms.Form):
    """The edit form of one application: the fixed fields, the call's questions (by type)
    and the budget table with a line for each cost category of the regulation."""

    def __init__(
        self, *args: Any, application: Application, hx_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        rules = application_rules(application) or {}
        self.rules = rules
        categories = [
            (e["code"], _name(e.get("name"), e["code"])) for e in rules.get("categories", [])
        ]
        types = [
            (e["code"], _name(e.get("name"), e["code"])) for e in rules.get("activity_types", [])
        ]
        self.fields["title"] = ServiceCheckedField(
            label=_("Title of your application"), strip=False
        )
        self.fields["category"] = ServiceCheckedChoice(
            label=_("Category"), choices=[("", _("Choose …")), *categories]
        )
        self.fields["activity_type"] = ServiceCheckedChoice(
            label=_("Kind of activity"),
            choices=[("", _("Choose …")), *types],
            required=bool(types),
        )
        self.fields["activity_starts_on"] = ServiceCheckedField(
            label=_("The activity starts on"),
            widget=forms.DateInput(attrs={"type": "date"}),
            help_text=_("For example 30/06/2025."),
        )
        self.fields["amount_requested"] = ServiceCheckedField(
            label=_("Amount you ask for, in euros"),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            help_text=_("For example 1250 or 1.250,50."),
        )
        self.questions: list[str] = []
        self.has_budget = False
        for question in application.call.form or []:
            kind = question.get("type")
            if kind == FieldType.BUDGET:
                self.has_budget = True
                self.budget_label = _name(question.get("label"), str(question.get("key")))
                continue
            if kind not in ANSWERED:
                continue
            name = f"answer_{question.get('key')}"
            label = _name(question.get("label"), str(question.get("key")))
            help_text = _name(question.get("help"), "")
            required = bool(question.get("required"))
            if kind == FieldType.CHOICE:
                choices = [
                    (
                        str(c.get("value")) if isinstance(c, Mapping) else str(c),
                        _name(c.get("label"), str(c.get("value")))
                        if isinstance(c, Mapping)
                        else str(c),
                    )
                    for c in question.get("choices") or []
                ]
                field: forms.Field = ServiceCheckedChoice(
                    label=label, choices=[("", _("Choose …")), *choices], required=required
                )
            elif kind == FieldType.TEXT:
                field = ServiceCheckedField(
                    label=label, required=required, widget=forms.Textarea(attrs={"rows": 4})
                )
            elif kind == FieldType.DATE:
                field = ServiceCheckedField(
                    label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
                )
            elif kind == FieldType.MONEY:
                field = ServiceCheckedField(
                    label=label,
                    required=required,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
            else:
                field = ServiceCheckedField(
                    label=label,
                    required=required,
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                )
            field.help_text = help_text
            self.fields[name] = field
            self.questions.append(name)
        self.budget_rows: list[tuple[int, str, str]] = []
        if self.has_budget:
            self._budget_fields()
        if not self.is_bound:
            self.initial.update(self._initial())
        if hx_url:
            # Each field saves itself when it changes (the form's values go along; the
            # view saves only the one named in HX-Trigger-Name).
            for bound in self.visible_fields():
                bound.field.widget.attrs["hx-post"] = hx_url

    # The budget: one line per cost category, plus the extra lines already saved.
    def _budget_fields(self) -> None:
        costs = [
            (e["code"], _name(e.get("name"), e["code"]))
            for e in self.rules.get("cost_categories", [])
        ]
        saved = list(self.application.budget or [])
        rows: list[tuple[str, str]] = []
        if costs:
            for code, name in costs:
                mine = [row for row in saved if row.get("category") == code] or [{}]
                rows.extend((code, name) for _row in mine)
        else:
            rows = [("", "")] * max(5, len(saved) + 2)
        for index, (code, name) in enumerate(rows):
            self.fields[f"budget_{index}_category"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=code
            )
            self.fields[f"budget_{index}_description"] = forms.CharField(
                label=_("Description"), required=False, strip=False
            )
            self.fields[f"budget_{index}_amount"] = ServiceCheckedField(
                label=_("Amount in euros"),
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.budget_rows.append((index, code, name))

    def _initial(self) -> dict[str, Any]:
        application = self.application
        initial: dict[str, Any] = {
            "title": application.title,
            "category": application.category,
            "activity_type": application.activity_type,
            "activity_starts_on": (
                application.activity_starts_on.isoformat() if application.activity_starts_on else ""
            ),
            "amount_requested": (
                str(application.amount_requested).replace(".", ",")
                if application.amount_requested is not None
                else ""
            ),
        }
        for name in self.questions:
            value = (application.answers or {}).get(name.removeprefix("answer_"), "")
            initial[name] = value
        by_category: dict[str, list[dict[str, Any]]] = {}
        for row in application.budget or []:
            by_category.setdefault(str(row.get("category")), []).append(row)
        loose = list(application.budget or [])
        for index, code, _label in self.budget_rows:
            pool = by_category.get(code) if code else loose
            row = pool.pop(0) if pool else {}
            initial[f"budget_{index}_category"] = row.get("category", code)
            initial[f"budget_{index}_description"] = row.get("description", "")
            amount = row.get("amount")
            initial[f"budget_{index}_amount"] = str(amount).replace(".", ",") if amount else ""
        return initial

    def rows(self) -> list[BudgetRow]:
        return [
            BudgetRow(
                index=index,
                category=code,
                name=name,
                description=self[f"budget_{index}_description"],
                amount=self[f"budget_{index}_amount"],
            )
            for index, code, name in self.budget_rows
        ]

    def category_fields(self) -> list[forms.BoundField]:
        return [self[f"budget_{index}_category"] for index, _code, _name_ in self.budget_rows]

    # What goes to the service.
    def service_data(self, only: str | None = None) -> dict[str, Any]:
        """The raw values for ``application_save``; ``only``: the one field that changed
        (the name of an input), for saving as the person goes."""
        data = self.data
        result: dict[str, Any] = {}
        for name in (
            "title",
            "category",
            "activity_type",
            "activity_starts_on",
            "amount_requested",
        ):
            if name in data:
                result[name] = data.get(name, "")
        answers = {
            name.removeprefix("answer_"): data.get(name, "")
            for name in self.questions
            if name in data
        }
        if answers:
            result["answers"] = answers
        if self.has_budget and any(
            f"budget_{i}_category" in data for i, _c, _n in self.budget_rows
        ):
            result["budget"] = [
                {
                    "category": data.get(f"budget_{i}_category", code) or code,
                    "description": data.get(f"budget_{i}_description", ""),
                    "amount": data.get(f"budget_{i}_amount", ""),
                }
                for i, code, _name_ in self.budget_rows
            ]
        if only is None:
            return result
        if only.startswith("budget_"):
            return {"budget": result["budget"]} if "budget" in result else {}
        if only.startswith("answer_"):
            key = only.removeprefix("answer_")
            return {"answers": {key: answers[key]}} if key in answers else {}
        return {only: result[only]} if only in result else {}

    def form_field(self, service_field: str) -> str | None:
        """The input that shows the service's message about ``service_field``."""
        if service_field in self.fields:
            return service_field
        if service_field.startswith("answers."):
            name = f"answer_{service_field.removeprefix('answers.')}"
            return name if name in self.fields else None
        if service_field.startswith("budget."):
            parts = service_field.split(".")
            if len(parts) == 3 and parts[2] in ("amount", "description"):
                name = f"budget_{parts[1]}_{parts[2]}"
                return name if name in self.fields else None
            if len(parts) >= 2:
                name = f"budget_{parts[1]}_amount"
                return name if name in self.fields else None
        return None

    def show(self, error: DomainError) -> None:
        fields = error.details.get("fields") or {}
        placed = False
        for name, messages in fields.items():
            target = self.form_field(str(name))
            for message in messages:
                self.add_error(target, str(message))
                placed = True
        if not placed:
            self.add_error(None, str(error.message))


class ReturnForm(forms.Form):
    message = ServiceCheckedField(
        label=_("What is missing or must change"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The organisation receives this by e-mail."),
    )
    deadline = ServiceCheckedField(
        label=_("Complete by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For example 30/06/2025."),
    )
