"""Seats drawn by lot, in public: every draw with its seed, its method in plain words,
its inputs and its result, so anyone can check it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.cache import public_page
from middenveld.core.errors import DomainError
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.models import Organisation, Status
from middenveld.parliament import services
from middenveld.parliament.models import LotDraw, Term


@require_http_methods(["GET", "HEAD"])
@public_page
def draw_list(request: HttpRequest) -> HttpResponse:
    draws = LotDraw.objects.filter(term__body__published=True).select_related("term__body")
    return render(request, "parliament/draw_list.html", {"draws": draws[:200]})


@require_http_methods(["GET", "HEAD"])
@public_page
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draw = (
        LotDraw.objects.filter(pk=pk, term__body__published=True)
        .select_related("term__body")
        .first()
    )
    if draw is None:
        raise Http404
    drawn = {row["name"]: set(row["drawn"]) for row in draw.result.get("strata", [])}
    strata = [
        {
            "name": stratum["name"],
            "seats": stratum["seats"],
            "candidates": [
                {
                    "name": c["name"],
                    "rank": rank,
                    "drawn": c["id"] in drawn.get(stratum["name"], set()),
                }
                for rank, c in _ranked(draw.seed, stratum)
            ],
        }
        for stratum in draw.inputs.get("strata", [])
    ]
    return render(
        request,
        "parliament/draw.html",
        {"draw": draw, "strata": strata, "verified": services.lot_draw_verify(draw)},
    )


def _ranked(seed: str, stratum: dict) -> list[tuple[int, dict]]:
    by_id = {c["id"]: c for c in stratum["candidates"]}
    order = services.lot_rank(seed, stratum["name"], list(by_id))
    return [(rank, by_id[organisation_id]) for rank, organisation_id in enumerate(order, 1)]


# --- Staff: make a draw -------------------------------------------------------------------


class DrawForm(forms.Form):
    term = forms.ModelChoiceField(
        label=gettext_lazy("Mandate period"),
        queryset=Term.objects.select_related("body").order_by("body__name", "-starts_on"),
    )
    seed = forms.CharField(
        label=gettext_lazy("Seed"),
        max_length=100,
        help_text=gettext_lazy(
            "Announce it before the draw, for example the date and a number drawn in public."
        ),
    )
    strata = forms.CharField(
        label=gettext_lazy("Strata and candidates"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=gettext_lazy(
            "One line per stratum: name | number of seats | candidate organisations, "
            "separated by a semicolon. Use the names as in the register."
        ),
    )

    def clean_strata(self) -> list[services.Stratum]:
        text = self.cleaned_data["strata"]
        strata = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not parts[1].isdigit():
                raise forms.ValidationError(
                    _("Line %(line)s: write name | number of seats | candidates.")
                    % {"line": number}
                )
            names = [n.strip() for n in parts[2].split(";") if n.strip()]
            found = {
                o.name.casefold(): o
                for o in Organisation.objects.filter(status=Status.VERIFIED, name__in=names)
            }
            unknown = [n for n in names if n.casefold() not in found]
            if unknown:
                raise forms.ValidationError(
                    _("Line %(line)s: %(name)s is not a verified organisation in the register.")
                    % {"line": number, "name": unknown[0]}
                )
            strata.append(
                services.Stratum(parts[0], int(parts[1]), [found[n.casefold()] for n in names])
            )
        return strata


@login_required
@require_http_methods(["GET", "POST"])
def draw_new(request: HttpRequest) -> HttpResponse:
    decision = rules.check("parliament.manage", request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw = services.lot_draw(
                term=form.cleaned_data["term"],
                by=request.user,
                seed=form.cleaned_data["seed"],
                strata=form.cleaned_data["strata"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draw is done and published."))
            return redirect(draw.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "parliament/draw_new.html", {"form": form}, status=status)
