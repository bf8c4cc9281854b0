"""Forms of the account pages. They check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from middenveld.accounts import services
from middenveld.accounts.models import User

# Long enough for any passphrase, short enough that hashing stays cheap.
PASSWORD_MAX_LENGTH = 1000


class EmailField(forms.EmailField):
    """An e-mail address without hidden characters, in its canonical form."""

    default_error_messages = {
        "invalid": _("Enter an e-mail address like name@example.org."),
        "hidden": _("The e-mail address contains spaces or invisible characters. Type it again."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("E-mail address"))
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if text and services.email_has_hidden_characters(text):
            raise forms.ValidationError(self.error_messages["hidden"], code="hidden")
        return text

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return services.email_canonical(text) if text else text


class NameField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Your name"))
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "name"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return services.text_clean(super().clean(value) or "")


def _password_field(label: Any, autocomplete: str, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def language_choices() -> list[tuple[str, str]]:
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class SignupForm(forms.Form):
    email = EmailField()
    name = NameField(help_text=_("How we address you. You may leave this empty."))
    password1 = _password_field(
        _("Password"), "new-password", password_validation.password_validators_help_text_html()
    )
    password2 = _password_field(
        _("Password again"), "new-password", _("Type the same password again.")
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords are not the same."))
            else:
                probe = User(email=data.get("email") or "", name=data.get("name") or "")
                try:
                    password_validation.validate_password(password1, probe)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data


class SigninForm(forms.Form):
    email = EmailField(widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = _password_field(_("Password"), "current-password")


class EmailOnlyForm(forms.Form):
    email = EmailField()


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form; the mail goes through our templated, queued mail."""

    email = EmailField()

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        services.password_reset_mail_send(
            user=context["user"], uidb64=context["uid"], token=context["token"]
        )


class PasswordSetForm(SetPasswordForm):
    """Django's new-password form with our labels and a length limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password2"].help_text = _("Type the same password again.")
        for name in ("new_password1", "new_password2"):
            self.fields[name].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class ProfileForm(forms.Form):
    name = NameField()
    language = forms.ChoiceField(
        label=_("Language of the website and of our e-mails"),
        choices=language_choices,
    )


class TokenCreateForm(forms.Form):
    """Shares the page with ProfileForm, so its ids differ (no duplicate ``id_name``)."""

    name = forms.CharField(
        label=_("Name of the new key"),
        max_length=100,
        help_text=_("So you recognise it later, for example the name of the program that uses it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_token_%s")
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = services.text_clean(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Give the key a name."))
        return name


class EraseForm(forms.Form):
    password = _password_field(_("Your password"), "current-password")
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        required=True,
    )
