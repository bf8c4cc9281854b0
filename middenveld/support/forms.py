from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.support.services import MAX_QUESTION_LENGTH


class QuestionForm(forms.Form):
    name = forms.CharField(label=_("Your name (if you want)"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send our answer to this address. We use it for nothing else."),
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Write in your own language if that is easier for you."),
    )
    # A field people never see; automated form fillers do fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
