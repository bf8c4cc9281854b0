"""Forms of the participation pages and back office. They read the input; the services
decide (length, empty text, rules), so a refusal always says the same words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Membership, Organisation, Status
from middenveld.participation.models import ProposalStatus
from middenveld.participation.services import (
    COMMENT_MAX,
    NOTE_MAX,
    PROPOSAL_TEXT_MAX,
    PROPOSAL_TITLE_MAX,
    REASON_MAX,
)

# No max_length on the fields: the service says how long the text was and what the limit
# is. The browser gets a maxlength hint.


def member_organisations(user: Any, *, verified_only: bool = False) -> list[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = (
        Membership.objects.filter(user_id=user.pk)
        .select_related("organisation")
        .only("organisation__id", "organisation__name", "organisation__status")
    )
    organisations = [m.organisation for m in memberships]
    if verified_only:
        organisations = [o for o in organisations if o.status == Status.VERIFIED]
    return sorted(organisations, key=lambda o: o.name.casefold())


class OrganisationChoiceMixin:
    fields: dict[str, Any]

    def _organisations(self, organisations: list[Organisation], *, personal: str | None) -> None:
        self._known = {str(o.pk): o for o in organisations}
        choices = [(str(o.pk), o.name) for o in organisations]
        if personal is not None:
            choices = [("", personal), *choices]
        self.fields["organisation"].choices = choices

    def clean_organisation(self) -> Organisation | None:
        value = self.cleaned_data.get("organisation")  # type: ignore[attr-defined]
        return self._known.get(value) if value else None


class CommentForm(OrganisationChoiceMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX}),
        strip=False,
        help_text=_("Plain text. Web addresses become links. At most 5,000 characters."),
        error_messages={"required": _("Write your comment first.")},
    )
    organisation = forms.ChoiceField(
        label=_("Write as"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "You can only write on behalf of an organisation you are a member of."
            )
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._organisations(member_organisations(user), personal=str(_("Myself")))
        if len(self.fields["organisation"].choices) == 1:  # type: ignore[attr-defined]
            self.fields["organisation"].widget = forms.HiddenInput()


class ProposalForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.ChoiceField(
        label=_("For which organisation?"),
        error_messages={
            "required": _("Choose the organisation you send this proposal for."),
            "invalid_choice": _(
                "You can only send a proposal for a verified organisation you are a member of."
            ),
        },
    )
    title = forms.CharField(
        label=_("Title of your proposal"),
        widget=forms.TextInput(attrs={"maxlength": PROPOSAL_TITLE_MAX}),
        strip=False,
        help_text=_("A short title that says what you propose."),
        error_messages={"required": _("Give your proposal a title.")},
    )
    text = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": PROPOSAL_TEXT_MAX}),
        strip=False,
        help_text=_("What do you propose, for whom, and why? At most 10,000 characters."),
        error_messages={"required": _("Describe your proposal in a few sentences.")},
    )

    def __init__(self, *args: Any, user: Any = None, personal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        personal_label = str(_("Myself (as a resident)")) if personal else None
        self._organisations(member_organisations(user, verified_only=True), personal=personal_label)
        self.fields["organisation"].required = not personal


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a moderator look at this comment?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
        help_text=_("For example: it insults someone, or it is advertising."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown where the comment was"),
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX}),
        help_text=_("Everyone reads this in place of the comment. Keep it short and neutral."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
        help_text=_("Only moderators read this."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
        help_text=_("Only moderators read this."),
    )


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ProposalStatus.ACCEPTED, _("Accept")),
            (ProposalStatus.REJECTED, _("Do not accept")),
            (ProposalStatus.SUBMITTED, _("Undecided again")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you do not accept it. The organisation reads this."),
    )
