from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from middenveld.support.models import Topic
from middenveld.support.services import MAX_ATTACHMENTS, MAX_QUESTION_LENGTH


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to ``MAX_ATTACHMENTS`` files; each is checked by content in the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("You can add at most 5 files."))
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class QuestionForm(forms.Form):
    name = forms.CharField(label=_("Your name (if you want)"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send our answer to this address. We use it for nothing else."),
    )
    organisation = forms.ChoiceField(label=_("For which organisation?"), required=False)
    topic: forms.ModelChoiceField[Topic] = forms.ModelChoiceField(
        label=_("What is your question about?"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("I don't know"),
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=MAX_QUESTION_LENGTH,
        # While typing, knowledge-base articles that may answer it appear below (HTMX);
        # without JavaScript they appear when the form is shown again.
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "hx-get": format_lazy("{}?fragment=1", reverse_lazy("knowledge:suggestions")),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#kb-suggestions",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        ),
        help_text=_("Write in your own language if that is easier for you."),
    )
    attachments = MultipleFileField(
        label=_("Files (if you want)"),
        help_text=_("At most 5 files: PDF, ODT, DOCX, PNG, JPEG or WebP."),
    )
    # A field people never see; automated form fillers do fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, user: Any = None, organisations: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(active=True)  # type: ignore[attr-defined]
        self.organisations = {str(o.pk): o for o in organisations}
        if self.organisations:
            self.fields["organisation"].choices = [("", _("Only for myself"))] + [  # type: ignore[attr-defined]
                (pk, o.name) for pk, o in self.organisations.items()
            ]
        else:
            del self.fields["organisation"]
        if user is not None and user.is_authenticated:
            self.fields["email"].required = False
            self.fields["email"].help_text = _(
                "We answer you by e-mail and on your page 'My questions'."
            )

    def clean_organisation(self) -> Any:
        value = self.cleaned_data.get("organisation") or ""
        return self.organisations.get(value)


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label=_("Files (if you want)"),
        help_text=_("At most 5 files: PDF, ODT, DOCX, PNG, JPEG or WebP."),
    )
