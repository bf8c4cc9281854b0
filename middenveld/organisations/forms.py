"""Forms of the organisation pages. They only read the input; the services
check it (identifiers, names, duplicates) and the view shows their sentences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.core.errors import DomainError
from middenveld.core.models import District
from middenveld.organisations.models import (
    WORKING_FORMS,
    Language,
    LegalForm,
    MemberRole,
    TargetGroup,
)


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its fields when it names them."""
    fields = error.details.get("fields") or {}
    placed = False
    for name, messages in fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=10_000, strip=False)
    alternative_name = forms.CharField(
        label=_("Other name or abbreviation"), max_length=10_000, required=False, strip=False
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"),
        choices=[("", _("Choose …")), *LegalForm.choices],
        help_text=_(
            "Not sure? A group without statutes at the court is an informal association "
            "(feitelijke vereniging)."
        ),
    )
    kbo_number = forms.CharField(
        label=_("Enterprise number (KBO)"),
        required=False,
        max_length=40,
        help_text=_("Only if you have one. For example 0440.966.354."),
    )
    vcode = forms.CharField(
        label=_("Verenigingsregister code (vCode)"),
        required=False,
        max_length=40,
        help_text=_("Only if you have one. For example V0001234."),
    )
    confirm_similar = forms.BooleanField(
        label=_("Yes, this is another organisation. Save anyway."), required=False
    )


class _CodeCheckboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class WorkForm(forms.Form):
    working_forms = _CodeCheckboxes(
        label=_("What does your organisation do?"),
        choices=[(code, label) for code, _field, label in WORKING_FORMS],
        help_text=_("Choose one or more."),
        required=False,
    )
    target_groups = _CodeCheckboxes(label=_("For whom?"), required=False)
    districts = _CodeCheckboxes(label=_("In which districts are you active?"), required=False)
    languages = _CodeCheckboxes(label=_("In which languages do you work?"), required=False)
    is_self_organisation = forms.BooleanField(
        label=_("We are a self-organisation: people organising themselves as a group."),
        required=False,
    )
    description = forms.CharField(
        label=_("What do you do, in a few sentences?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=100_000,
    )
    confirm_similar = forms.BooleanField(
        label=_("Yes, this is another organisation. Save anyway."), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, str]]] = {
            "target_groups": [(g.code, g.name) for g in TargetGroup.objects.all()],
            "districts": [(d.slug, d.name) for d in District.objects.only("slug", "name")],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        languages = self.fields["languages"]
        assert isinstance(languages, forms.ChoiceField)
        languages.choices = [(lang.code, lang.name) for lang in Language.objects.all()]


ADDRESS_PARTS = (
    ("street", _("Street")),
    ("number", _("House number")),
    ("box", _("Box")),
    ("postal_code", _("Postal code")),
    ("municipality", _("Municipality")),
)


class ContactForm(forms.Form):
    public_email = forms.CharField(label=_("Public e-mail address"), required=False, max_length=254)
    public_phone = forms.CharField(label=_("Public phone number"), required=False, max_length=40)
    website = forms.CharField(label=_("Website"), required=False, max_length=400)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in ("activity", "correspondence"):
            for part, label in ADDRESS_PARTS:
                self.fields[f"{kind}_{part}"] = forms.CharField(
                    label=label, required=False, max_length=200
                )

    def address_fields(self, kind: str) -> list[forms.BoundField]:
        return [self[f"{kind}_{part}"] for part, _label in ADDRESS_PARTS]


class FilesForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("A PNG, JPEG or WebP picture, at most 2 MB.")
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    statutes = forms.FileField(
        label=_("Statutes"),
        required=False,
        help_text=_("Optional. A PDF, ODT or DOCX file, at most 10 MB."),
    )
    remove_statutes = forms.BooleanField(label=_("Remove the statutes"), required=False)


class InviteForm(forms.Form):
    email = forms.CharField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the admins"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say who you are, so they know you."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("The applicant receives this by e-mail. Say what they can do."),
    )
