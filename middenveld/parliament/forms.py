"""Forms of the session and vote pages. They only offer what the person may choose from
(people on a current mandate, the person's own organisations, motions of this agenda);
the services check everything again. An id that is not in the list gives a clear error
on the field, never a server error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Organisation
from middenveld.parliament.models import (
    AgendaItem,
    ConfirmationAnswer,
    Majority,
    MandatePerson,
    Motion,
    MotionKind,
    Session,
)

NOT_IN_LIST = _("Choose an option from the list.")
NOT_YOUR_ORGANISATION = _("Choose one of your own organisations with a seat in this body.")


def _choice_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=(),
        help_text=help_text,
        error_messages={"invalid_choice": NOT_IN_LIST, "required": _("Choose an option.")},
    )


class _LookupForm(forms.Form):
    """A form whose choice fields stand for objects: ``self.lookup[field][value]``."""

    lookup: dict[str, dict[str, Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = {}

    def _offer(self, field: str, rows: list[tuple[Any, Any, Any]], *, empty: Any = None) -> None:
        """``rows``: (value, label, object)."""
        self.lookup[field] = {str(value): obj for value, _label, obj in rows}
        choices: list[tuple[str, Any]] = [("", empty)] if empty is not None else []
        choices += [(str(value), label) for value, label, _obj in rows]
        self.fields[field].choices = choices  # type: ignore[attr-defined]

    def _object(self, field: str) -> Any:
        value = self.cleaned_data.get(field) or ""
        return self.lookup[field].get(str(value)) if value else None


def person_label(row: MandatePerson) -> str:
    return str(
        _("%(name)s, %(organisation)s (%(role)s, seat %(seat)s)")
        % {
            "name": row.user.name or row.user.email,
            "organisation": row.mandate.organisation.name,
            "role": row.get_role_display().lower(),
            "seat": row.mandate.seat.number,
        }
    )


class AttendanceForm(_LookupForm):
    person = _choice_field(_("Who is present?"))

    def __init__(self, *args: Any, people: list[MandatePerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offer(
            "person",
            [(row.user_id, person_label(row), row.user) for row in people],
            empty=_("Choose a person"),
        )

    def clean_person(self) -> Any:
        value = self.cleaned_data["person"]
        return self.lookup["person"][value]


class VoteOpenForm(_LookupForm):
    motion = _choice_field(_("Vote on this text"), required=False)
    question = forms.CharField(
        label=_("Question"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to use the title of the text or of the agenda item."),
    )
    secret = forms.BooleanField(label=_("Secret vote"), required=False)
    majority = forms.ChoiceField(label=_("Majority needed"), choices=Majority.choices)

    def __init__(self, *args: Any, item: AgendaItem, motions: list[Motion], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"majority": item.majority})
        super().__init__(*args, **kwargs)
        self.item = item
        self._offer(
            "motion",
            [(m.pk, f"{m.get_kind_display()}: {m.title}", m) for m in motions],
            empty=_("No text: vote on the question"),
        )

    def clean_motion(self) -> Motion | None:
        return self._object("motion")


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Draft minutes"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("The next session approves them. After that they are public."),
    )


class ApproveMinutesForm(_LookupForm):
    earlier = _choice_field(_("Minutes of which session?"))

    def __init__(self, *args: Any, sessions: list[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offer(
            "earlier",
            [(s.pk, f"{s.title} ({s.starts_at:%d/%m/%Y})", s) for s in sessions],
            empty=_("Choose a session"),
        )

    def clean_earlier(self) -> Session:
        return self.lookup["earlier"][self.cleaned_data["earlier"]]


class _OrganisationMixin(_LookupForm):
    def _offer_organisations(self, organisations: list[Organisation]) -> None:
        self.fields["organisation"].error_messages["invalid_choice"] = NOT_YOUR_ORGANISATION
        self.fields["organisation"].error_messages["required"] = NOT_YOUR_ORGANISATION
        self._offer("organisation", [(o.pk, o.name, o) for o in organisations])
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_organisation(self) -> Organisation:
        return self.lookup["organisation"][self.cleaned_data["organisation"]]


class MotionForm(_OrganisationMixin):
    organisation = _choice_field(_("On behalf of"))
    item = _choice_field(_("Agenda item"))
    kind = forms.ChoiceField(
        label=_("Kind of text"),
        choices=MotionKind.choices,
        error_messages={"invalid_choice": NOT_IN_LIST},
    )
    amends = _choice_field(
        _("Text you want to change"),
        required=False,
        help_text=_("Only for an amendment."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        items: list[AgendaItem],
        amendable: list[Motion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._offer_organisations(organisations)
        self._offer("item", [(i.pk, str(i), i) for i in items])
        if len(items) == 1:
            self.fields["item"].initial = str(items[0].pk)
        self._offer(
            "amends",
            [(m.pk, f"{m.get_kind_display()}: {m.title}", m) for m in amendable],
            empty=_("Not an amendment"),
        )

    def clean_item(self) -> AgendaItem:
        return self.lookup["item"][self.cleaned_data["item"]]

    def clean_amends(self) -> Motion | None:
        return self._object("amends")


class OrganisationForm(_OrganisationMixin):
    """Co-sign a motion: for which of your organisations."""

    organisation = _choice_field(_("On behalf of"))

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offer_organisations(organisations)


class ConfirmationForm(_LookupForm):
    answer = forms.ChoiceField(
        label=_("Who comes to this session?"),
        choices=ConfirmationAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": NOT_IN_LIST, "required": _("Choose an answer.")},
    )
    substitute = _choice_field(_("Which substitute comes?"), required=False)

    def __init__(self, *args: Any, substitutes: list[MandatePerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offer(
            "substitute",
            [(row.user_id, row.user.name or row.user.email, row.user) for row in substitutes],
            empty=_("No substitute"),
        )

    def clean_substitute(self) -> Any:
        return self._object("substitute")


# --- Composition rules and documents (staff, officers) -------------------------------------


class CompositionRuleForm(forms.Form):
    """A rule for a mandate period. The service checks every value again; an error it
    names ``value`` goes to the field of the chosen kind (``VALUE_FIELDS``)."""

    VALUE_FIELDS = {"theme": "theme", "district": "district", "size": "size"}

    kind = forms.ChoiceField(
        label=_("Kind of seat"),
        choices=(),
        error_messages={"invalid_choice": NOT_IN_LIST, "required": _("Choose an option.")},
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        required=False,
        choices=(),
        help_text=_("Only for seats for a theme."),
        error_messages={"invalid_choice": NOT_IN_LIST},
    )
    district = forms.ChoiceField(
        label=_("Wijk"),
        required=False,
        choices=(),
        help_text=_("Only for seats for a wijk."),
        error_messages={"invalid_choice": NOT_IN_LIST},
    )
    size = forms.ChoiceField(
        label=_("Size of organisation"),
        required=False,
        choices=(),
        help_text=_("Only for seats for a size of organisation."),
        error_messages={"invalid_choice": NOT_IN_LIST},
    )
    stratum = forms.CharField(
        label=_("Stratum"),
        required=False,
        max_length=100,
        help_text=_("Only for seats drawn by lot: the group the seats are drawn in."),
    )
    seats = forms.CharField(
        label=_("Number of seats"),
        max_length=6,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("For a rule for each theme, wijk or size: the number of seats for each."),
        error_messages={"required": _("Give a number of seats.")},
    )

    def __init__(self, *args: Any, districts: list[Any], **kwargs: Any) -> None:
        from middenveld.parliament.models import OrganisationSize, SeatKind, Theme

        super().__init__(*args, **kwargs)
        each = "each"
        self.fields["kind"].choices = [("", _("Choose a kind of seat")), *SeatKind.choices]  # type: ignore[attr-defined]
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a theme")),
            (each, _("Each theme")),
            *Theme.choices,
        ]
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a wijk")),
            (each, _("Each wijk")),
            *[(d.slug, d.name) for d in districts],
        ]
        self.fields["size"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a size")),
            (each, _("Each size of organisation")),
            *OrganisationSize.choices,
        ]

    @property
    def value(self) -> str:
        field = self.VALUE_FIELDS.get(self.cleaned_data.get("kind", ""))
        return str(self.cleaned_data.get(field) or "") if field else ""

    def add_service_error(self, error: Any) -> None:
        from middenveld.organisations.forms import add_domain_error

        fields = error.details.get("fields") or {}
        if "value" in fields:
            target = self.VALUE_FIELDS.get(self.cleaned_data.get("kind", ""), "kind")
            fields = {target if k == "value" else k: v for k, v in fields.items()}
            error.details["fields"] = fields
        add_domain_error(self, error)


class BodyDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A PDF, ODT or DOCX file. Or give a link below instead."),
    )
    link = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        widget=forms.URLInput(),
        help_text=_("A web address, for a document that is elsewhere."),
    )


class AgendaDocumentForm(_LookupForm):
    item = _choice_field(_("Agenda item"))
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A PDF, ODT or DOCX file."),
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offer("item", [(i.pk, str(i), i) for i in items], empty=_("Choose an agenda item"))

    def clean_item(self) -> AgendaItem:
        return self.lookup["item"][self.cleaned_data["item"]]
