"""The voting form, one shape per method, working without JavaScript.

* approval: a checkbox per option (at most ``max_choices``);
* budget: a checkbox per project with its cost (a small script may add a running total);
* ranking: for each option a list "not ranked, 1, 2, …": the numbers give the order;
* points: a number per option; together exactly ``total_points``.

``content()`` gives the vote in the shape ``services.cast_ballot`` takes; the service
checks it with the counting engine's rules and its messages come back on the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from middenveld.ballots.models import Ballot, Method, Option
from middenveld.ballots.presenters import euros

MAX_FIELD = 10_000


def _option_label(option: Option, with_cost: bool) -> str:
    if with_cost and option.cost is not None:
        return _("%(title)s (%(cost)s)") % {"title": option.title, "cost": euros(option.cost)}
    return option.title


class CastForm(forms.Form):
    organisation = forms.CharField(widget=forms.HiddenInput, required=False, max_length=220)

    def __init__(
        self, *args: Any, ballot: Ballot, options: list[Option], vote: dict | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.ballot = ballot
        self.options = options
        method = ballot.method
        vote = vote or {}
        if method in (Method.APPROVAL, Method.BUDGET):
            if method == Method.BUDGET:
                help_text = _(
                    "Choose the projects you want. Together they may cost at most %(budget)s."
                ) % {"budget": euros(ballot.budget)}
            elif ballot.max_choices:
                help_text = ngettext(
                    "Choose at most %(max)d option.",
                    "Choose at most %(max)d options.",
                    ballot.max_choices,
                ) % {"max": ballot.max_choices}
            else:
                help_text = _("Choose every option you support.")
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your choice"),
                choices=[(o.code, _option_label(o, method == Method.BUDGET)) for o in options],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=help_text,
                initial=vote.get("choices", []),
            )
        elif method == Method.RANKING:
            places = [("", _("Not ranked"))] + [
                (str(n), str(n)) for n in range(1, len(options) + 1)
            ]
            ranking = vote.get("ranking", [])
            for option in options:
                initial = str(ranking.index(option.code) + 1) if option.code in ranking else ""
                self.fields[f"rank_{option.code}"] = forms.ChoiceField(
                    label=option.title, choices=places, required=False, initial=initial
                )
        else:
            given = vote.get("points", {})
            for option in options:
                self.fields[f"points_{option.code}"] = forms.IntegerField(
                    label=option.title,
                    min_value=0,
                    max_value=ballot.total_points,
                    required=False,
                    initial=given.get(option.code, 0),
                )

    def rank_fields(self) -> list[Any]:
        return [self[f"rank_{o.code}"] for o in self.options if f"rank_{o.code}" in self.fields]

    def points_fields(self) -> list[Any]:
        return [self[f"points_{o.code}"] for o in self.options if f"points_{o.code}" in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.ballot.method == Method.RANKING and not self.errors:
            by_place: dict[int, list[Option]] = {}
            for option in self.options:
                value = data.get(f"rank_{option.code}")
                if value:
                    by_place.setdefault(int(value), []).append(option)
            for place, options in sorted(by_place.items()):
                if len(options) > 1:
                    raise forms.ValidationError(
                        _(
                            "You gave place %(place)d to more than one option: %(names)s. "
                            "Give each option its own place."
                        )
                        % {"place": place, "names": ", ".join(o.title for o in options)}
                    )
        return data

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        method = self.ballot.method
        if method in (Method.APPROVAL, Method.BUDGET):
            return {"choices": list(data.get("choices") or [])}
        if method == Method.RANKING:
            placed = [
                (int(data[f"rank_{o.code}"]), o.code)
                for o in self.options
                if data.get(f"rank_{o.code}")
            ]
            return {"ranking": [code for _place, code in sorted(placed)]}
        return {
            "points": {
                o.code: data.get(f"points_{o.code}") or 0
                for o in self.options
                if data.get(f"points_{o.code}")
            }
        }


class PbUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Pabulib file (.pb)"),
        help_text=gettext_lazy(
            "A ballot in the Pabulib format (pabulib.org). It is counted and shown here; "
            "nothing is stored."
        ),
    )
