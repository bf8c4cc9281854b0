"""Staff set a body's composition per mandate period as rules ("2 seats for each theme",
"4 seats drawn by lot in a stratum"), see how the seats and the register compare with
them, and make the seats (``parliament.manage``).

Every action is a POST to the same page with an ``action`` field; ``services`` decide and
refuse with a sentence, which the page shows (next to the field when it names one).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.errors import DomainError
from middenveld.core.models import District
from middenveld.parliament import services
from middenveld.parliament.forms import CompositionRuleForm
from middenveld.parliament.models import Body, CompositionRule, Term


def _term(request: HttpRequest, body: Body, terms: list[Term]) -> Term | None:
    wanted = str(request.POST.get("term") or request.GET.get("periode") or "")
    if wanted:
        if not wanted.isdigit() or len(wanted) > 18:
            return None
        return next((t for t in terms if t.pk == int(wanted)), None)
    return body.current_term() or (terms[0] if terms else None)


def _page(body: Body, term: Term | None) -> str:
    url = reverse("parliament:composition", args=[body.slug])
    return f"{url}?periode={term.pk}" if term else url


def _render(
    request: HttpRequest,
    body: Body,
    terms: list[Term],
    term: Term | None,
    form: CompositionRuleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    districts = list(District.objects.order_by("name"))
    context: dict[str, Any] = {
        "body": body,
        "terms": terms,
        "term": term,
        "form": form or CompositionRuleForm(districts=districts),
        "check": services.composition_check(term) if term else None,
        "term_open": term is not None and timezone.localdate() <= term.ends_on,
    }
    return render(request, "parliament/composition.html", context, status=status)


def _refused(request: HttpRequest, body: Body, term: Term | None, error: Any) -> HttpResponse:
    messages.error(request, str(getattr(error, "message", error)))
    return redirect(_page(body, term))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def composition(request: HttpRequest, slug: str) -> HttpResponse:
    body = Body.objects.filter(slug=slug).first()
    if body is None:
        raise Http404
    decision = rules.check("parliament.manage", request.user, body)
    if not decision:
        raise PermissionDenied(decision.reason)
    terms = list(body.terms.order_by("-starts_on"))
    term = _term(request, body, terms)
    if request.method != "POST":
        if term is None and (request.GET.get("periode") or "").strip():
            raise Http404
        return _render(request, body, terms, term)
    if term is None:
        return _refused(request, body, None, _("Choose a mandate period of this body."))
    action = str(request.POST.get("action", ""))
    if action == "add":
        return _add(request, body, terms, term)
    if action == "remove":
        return _remove(request, body, term)
    if action == "apply":
        return _apply(request, body, term)
    return _refused(request, body, term, _("This action is not known. Reload the page."))


def _add(request: HttpRequest, body: Body, terms: list[Term], term: Term) -> HttpResponse:
    form = CompositionRuleForm(request.POST, districts=list(District.objects.order_by("name")))
    if not form.is_valid():
        return _render(request, body, terms, term, form, status=422)
    data = form.cleaned_data
    try:
        rule = services.composition_rule_add(
            term=term,
            by=request.user,
            kind=data["kind"],
            value=form.value,
            seats=data["seats"],
            stratum=data["stratum"],
        )
    except DomainError as error:
        form.add_service_error(error)
        return _render(request, body, terms, term, form, status=422)
    messages.success(
        request,
        _("The rule “%(rule)s” is added. Make the seats when the rules are complete.")
        % {"rule": services.composition_rule_describe(rule)},
    )
    return redirect(_page(body, term))


def _remove(request: HttpRequest, body: Body, term: Term) -> HttpResponse:
    value = str(request.POST.get("rule", ""))
    rule = (
        CompositionRule.objects.filter(pk=int(value), term=term).first()
        if value.isdigit() and len(value) < 19
        else None
    )
    if rule is None:
        return _refused(request, body, term, _("This rule is not part of this mandate period."))
    description = services.composition_rule_describe(rule)
    try:
        services.composition_rule_remove(rule=rule, by=request.user)
    except DomainError as error:
        return _refused(request, body, term, error)
    messages.success(
        request,
        _("The rule “%(rule)s” is removed. Its seats stay until you make the seats again.")
        % {"rule": description},
    )
    return redirect(_page(body, term))


def _apply(request: HttpRequest, body: Body, term: Term) -> HttpResponse:
    try:
        result = services.composition_apply(term=term, by=request.user)
    except DomainError as error:
        return _refused(request, body, term, error)
    parts = [
        ngettext("%(count)s seat is made.", "%(count)s seats are made.", len(result.created))
        % {"count": len(result.created)},
        ngettext(
            "%(count)s empty seat is removed.",
            "%(count)s empty seats are removed.",
            len(result.removed),
        )
        % {"count": len(result.removed)},
    ]
    if result.kept:
        parts.append(
            ngettext(
                "%(count)s seat more than the rules ask for is kept: it holds a mandate.",
                "%(count)s seats more than the rules ask for are kept: they hold a mandate.",
                len(result.kept),
            )
            % {"count": len(result.kept)}
        )
    messages.success(request, " ".join(parts))
    return redirect(_page(body, term))
