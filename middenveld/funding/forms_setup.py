"""Forms of the staff set-up pages: budgets and lines, regulations, calls, agreements and
distributions. They read what a person types; the services decide (``services/setup.py``,
``services/budget.py``, ``services/agreements.py``, ``services/distribution.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.ballots.models import Ballot
from middenveld.funding.models import (
    Budget,
    BudgetLine,
    FieldType,
    Indicator,
    Instrument,
    InstrumentKind,
    RegulationVersion,
)
from middenveld.organisations.models import Organisation

MAX_UPLOAD = 200_000


def _lines():  # type: ignore[no-untyped-def]
    return BudgetLine.objects.select_related("budget__instrument").order_by(
        "-budget__year", "budget__instrument__name", "code"
    )


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetLine) -> str:
        return f"{obj.budget.year} · {obj.budget.instrument.name} · {obj.name} ({obj.code})"


class BudgetForm(forms.Form):
    """Ids start with ``budget_``: the overview has three forms on one page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "budget_%s")
        super().__init__(*args, **kwargs)

    instrument = forms.ModelChoiceField(
        label=gettext_lazy("Instrument"), queryset=Instrument.objects.all()
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)


class LineForm(forms.Form):
    budget = forms.ModelChoiceField(label=gettext_lazy("Budget"), queryset=Budget.objects.none())
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("Short, without spaces, for example basis."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=160)
    amount = forms.CharField(
        label=gettext_lazy("Budgeted amount in euros"),
        max_length=40,
        help_text=gettext_lazy("For example 25000 or 25.000,00."),
    )

    def __init__(self, *args: Any, budgets: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "line_%s")
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets  # type: ignore[attr-defined]


class TransferForm(forms.Form):
    from_line = LineChoiceField(label=gettext_lazy("From line"), queryset=BudgetLine.objects.none())
    to_line = LineChoiceField(label=gettext_lazy("To line"), queryset=BudgetLine.objects.none())
    amount = forms.CharField(label=gettext_lazy("Amount in euros"), max_length=40)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required: it is kept with the transfer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "transfer_%s")
        super().__init__(*args, **kwargs)
        self.fields["from_line"].queryset = _lines()  # type: ignore[attr-defined]
        self.fields["to_line"].queryset = _lines()  # type: ignore[attr-defined]


class BallotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.process.title})" if getattr(obj, "process", None) else obj.title


class LineDecisionForm(forms.Form):
    ballot = BallotChoiceField(
        label=gettext_lazy("Participation decision (ballot)"),
        queryset=Ballot.objects.none(),
        required=False,
        empty_label=gettext_lazy("No ballot"),
    )
    note = forms.CharField(
        label=gettext_lazy("How this amount was decided"), max_length=300, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ballot"].queryset = Ballot.objects.select_related("process").order_by(  # type: ignore[attr-defined]
            "-opens_at"
        )


class RegulationImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (YAML or JSON)"),
        required=False,
        help_text=gettext_lazy("Or paste the text below."),
    )
    text = forms.CharField(
        label=gettext_lazy("Text of the file"),
        required=False,
        max_length=MAX_UPLOAD,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("", gettext_lazy("From the file name")), ("yaml", "YAML"), ("json", "JSON")],
        required=False,
    )
    valid_from = forms.DateField(
        label=gettext_lazy("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        content = data.get("text") or ""
        chosen = data.get("format") or ""
        if upload:
            if upload.size > MAX_UPLOAD:
                self.add_error("file", _("The file is too large."))
                return data
            content = upload.read()
            name = (upload.name or "").lower()
            if not chosen:
                chosen = "json" if name.endswith(".json") else "yaml"
        elif not content.strip():
            self.add_error("text", _("Choose a file or paste its text."))
            return data
        if not chosen:
            chosen = "json" if str(content).lstrip().startswith("{") else "yaml"
        data["content"] = content
        data["chosen_format"] = chosen
        return data


# --- Calls -------------------------------------------------------------------------------


class CallForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    slug = forms.CharField(
        label=gettext_lazy("Address"),
        max_length=80,
        help_text=gettext_lazy("Lower-case letters, digits and -, for example buurtfeesten-2026."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    instrument = forms.ModelChoiceField(
        label=gettext_lazy("Instrument"), queryset=Instrument.objects.all()
    )
    line = LineChoiceField(label=gettext_lazy("Budget line"), queryset=BudgetLine.objects.none())
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on (date)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    opens_time = forms.TimeField(
        label=gettext_lazy("Opens at (time, Brussels)"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closes on (date)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_time = forms.TimeField(
        label=gettext_lazy("Closes at (time, Brussels)"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    regulation_version = forms.ModelChoiceField(
        label=gettext_lazy("Regulation version"),
        queryset=RegulationVersion.objects.none(),
        required=False,
        empty_label=gettext_lazy("The version in force now"),
    )
    published = forms.BooleanField(label=gettext_lazy("Published"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = _lines()  # type: ignore[attr-defined]
        self.fields["regulation_version"].queryset = RegulationVersion.objects.select_related(  # type: ignore[attr-defined]
            "regulation__instrument"
        ).order_by("regulation__instrument__name", "-number")


class FieldRowForm(forms.Form):
    key = forms.CharField(label=gettext_lazy("Key"), max_length=40, required=False)
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[("", "—"), *FieldType.choices],
        required=False,
    )
    label_nl = forms.CharField(label=gettext_lazy("Label in Dutch"), max_length=200, required=False)
    label_en = forms.CharField(
        label=gettext_lazy("Label in English"), max_length=200, required=False
    )
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    choices = forms.CharField(
        label=gettext_lazy("Options, separated by commas"), max_length=5000, required=False
    )
    attachment = forms.CharField(
        label=gettext_lazy("Attachment code (files)"), max_length=40, required=False
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("key") or data.get("type") or data.get("label_nl"))


class CriterionRowForm(forms.Form):
    key = forms.CharField(label=gettext_lazy("Key"), max_length=40, required=False)
    label_nl = forms.CharField(label=gettext_lazy("Label in Dutch"), max_length=200, required=False)
    label_en = forms.CharField(
        label=gettext_lazy("Label in English"), max_length=200, required=False
    )
    weight = forms.CharField(label=gettext_lazy("Weight"), max_length=5, required=False)
    scale = forms.CharField(label=gettext_lazy("Scale (2 to 10)"), max_length=5, required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("key") or data.get("label_nl"))


FieldRows = forms.formset_factory(FieldRowForm, extra=3, max_num=60, absolute_max=60)
CriterionRows = forms.formset_factory(CriterionRowForm, extra=2, max_num=20, absolute_max=20)


def rows_of(formset: Any) -> list[dict[str, Any]]:
    """The rows a person filled in (blank rows left out), in order."""
    return [
        dict(form.cleaned_data) for form in formset.forms if form.is_valid() and not form.is_blank()
    ]


# --- Agreements --------------------------------------------------------------------------


class AgreementForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=gettext_lazy("Instrument"),
        queryset=Instrument.objects.filter(kind=InstrumentKind.AGREEMENT),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.order_by("name").only("pk", "name"),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=40)
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Ends on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_on = forms.DateField(
        label=gettext_lazy("Signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    years = forms.CharField(
        label=gettext_lazy("Amount per year"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One year per line: year, amount and optionally the code of the budget line, "
            "separated by semicolons. For example 2026; 40.000; basis."
        ),
    )

    def clean_years(self) -> list[tuple[int, str, str]]:
        rows = []
        for number, raw in enumerate(self.cleaned_data["years"].splitlines(), 1):
            if not raw.strip():
                continue
            parts = [part.strip() for part in raw.split(";")]
            if len(parts) not in (2, 3) or not parts[0].isdigit() or len(parts[0]) != 4:
                raise forms.ValidationError(
                    _("Line %(line)s: write year; amount; line code (optional).") % {"line": number}
                )
            rows.append((int(parts[0]), parts[1], parts[2] if len(parts) == 3 else ""))
        if not rows:
            raise forms.ValidationError(_("Give the amount for at least one year."))
        return rows


class CommitYearForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    line = LineChoiceField(
        label=gettext_lazy("Budget line"), queryset=BudgetLine.objects.none(), required=False
    )
    decision_reference = forms.CharField(label=gettext_lazy("Decision reference"), max_length=60)
    decided_on = forms.DateField(
        label=gettext_lazy("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, lines: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines if lines is not None else _lines()  # type: ignore[attr-defined]


class AmendmentForm(forms.Form):
    signed_on = forms.DateField(
        label=gettext_lazy("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=gettext_lazy("What changes"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amounts = forms.CharField(
        label=gettext_lazy("New yearly amounts"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: year; amount. Only years not yet committed."),
    )

    def clean_amounts(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for number, raw in enumerate(self.cleaned_data["amounts"].splitlines(), 1):
            if not raw.strip():
                continue
            parts = [part.strip() for part in raw.split(";")]
            if len(parts) != 2 or not parts[0].isdigit() or len(parts[0]) != 4:
                raise forms.ValidationError(
                    _("Line %(line)s: write year; amount.") % {"line": number}
                )
            result[parts[0]] = parts[1]
        return result


class IndicatorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Indicator"), max_length=200)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=40, required=False)
    target = forms.CharField(label=gettext_lazy("Target per year"), max_length=20)


class IndicatorReportForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator"), queryset=Indicator.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    value = forms.CharField(label=gettext_lazy("Value"), max_length=20)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, agreement: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = agreement.indicators.all()  # type: ignore[attr-defined]


# --- Distribution ------------------------------------------------------------------------


class DistributionForm(forms.Form):
    SOURCES = [
        ("reports", gettext_lazy("Accepted activity reports of the previous year")),
        ("csv", gettext_lazy("A CSV file")),
    ]
    base = forms.CharField(label=gettext_lazy("Base amount per organisation"), max_length=40)
    tiers = forms.CharField(
        label=gettext_lazy("Amounts per activity, in tiers"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One tier per line: up to how many activities; amount per activity. Leave the "
            "number empty on the last line for all the rest. For example 10; 50 and ; 25."
        ),
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Number of activities from"),
        choices=SOURCES,
        widget=forms.RadioSelect,
        initial="reports",
    )
    csv_file = forms.FileField(
        label=gettext_lazy("CSV file"),
        required=False,
        help_text=gettext_lazy(
            "One organisation per line: its id or KBO number; the number of activities."
        ),
    )
    csv_text = forms.CharField(
        label=gettext_lazy("Or paste the CSV"),
        required=False,
        max_length=MAX_UPLOAD,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_tiers(self) -> list[dict[str, Any]]:
        tiers = []
        for number, raw in enumerate(self.cleaned_data["tiers"].splitlines(), 1):
            if not raw.strip():
                continue
            parts = [part.strip() for part in raw.split(";")]
            if len(parts) != 2:
                raise forms.ValidationError(
                    _("Line %(line)s: write up to; amount per activity.") % {"line": number}
                )
            tiers.append({"up_to": parts[0] or None, "per_activity": parts[1]})
        return tiers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == "csv":
            upload = data.get("csv_file")
            if upload:
                if upload.size > MAX_UPLOAD:
                    self.add_error("csv_file", _("The file is too large."))
                else:
                    data["csv"] = upload.read()
            elif (data.get("csv_text") or "").strip():
                data["csv"] = data["csv_text"]
            else:
                self.add_error("csv_file", _("Choose a CSV file or paste its lines."))
        return data


class DistributionCommitForm(forms.Form):
    decision_reference = forms.CharField(label=gettext_lazy("Decision reference"), max_length=60)
    decided_on = forms.DateField(
        label=gettext_lazy("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
