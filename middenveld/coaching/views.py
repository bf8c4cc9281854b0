"""The organisation's coaching page: ask for coaching, follow the request and the trajectory.

Only the organisation's members and city staff see it; for everyone else the page
does not exist (404), whether the organisation is public or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from middenveld.coaching import selectors, services
from middenveld.coaching.forms import RequestForm
from middenveld.core import rules
from middenveld.core.errors import DomainError
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.models import Organisation


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not rules.check("coaching.view", request.user, organisation):
        raise Http404
    return organisation


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_coaching(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    user = request.user
    may_ask = rules.check("coaching.request", user, organisation)
    form: RequestForm | None = None
    status = 200
    if request.method == "POST":
        if not may_ask:
            raise PermissionDenied(may_ask.reason)
        form = RequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.coaching_request(
                    organisation=organisation,
                    by=user,
                    themes=data["themes"],
                    text=data["text"],
                    language=data["language"],
                    availability=data["availability"],
                )
            except DomainError as error:
                if error.http_status == 403:
                    raise PermissionDenied(str(error.message)) from None
                add_domain_error(form, error)
                status = error.http_status if error.http_status == 409 else 422
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your request is sent. The city answers within five "
                        "working days."
                    ),
                )
                return redirect("coaching:organisation", slug=organisation.slug)
        else:
            status = 422
    state = selectors.coaching_for_organisation(organisation)
    if form is not None and form.errors and not state.can_ask:
        # Someone else asked in the meantime: say why, there is no form to show any more.
        for problem in form.non_field_errors():
            messages.error(request, str(problem))
        form = None
    if form is None and may_ask and state.can_ask:
        form = RequestForm()
    return render(
        request,
        "coaching/organisation.html",
        {
            "organisation": organisation,
            "state": state,
            "form": form,
            "sees_details": bool(rules.check("coaching.view_details", user, organisation)),
        },
        status=status,
    )
