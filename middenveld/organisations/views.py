"""Organisation pages: the directory, profiles, registration, members.

Views translate HTTP; the services decide. A refusal (``DomainError``) is shown
on the form or as a message, never as a 500.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from middenveld.core import rules
from middenveld.core.cache import public_page
from middenveld.core.errors import DomainError, NotFound
from middenveld.organisations import membership as members_service
from middenveld.organisations import selectors, services
from middenveld.organisations.forms import (
    ContactForm,
    FilesForm,
    IdentityForm,
    InviteForm,
    JoinForm,
    WorkForm,
    add_domain_error,
)
from middenveld.organisations.models import (
    WORKING_FORMS,
    AddressKind,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Organisation,
    Status,
)
from middenveld.organisations.privacy import personal_data_access_log
from middenveld.organisations.selectors import DirectoryFilters
from middenveld.organisations.timeline import event_sentence, timeline_for

PER_PAGE = 20
FILTER_PARAMS = (
    "q", "district", "working_form", "target_group", "language", "legal_form",
    "self_organisation", "sort",
)  # fmt: skip
STEPS = (
    ("identiteit", _("Name and identity")),
    ("werking", _("What you do")),
    ("contact", _("Addresses and contact")),
    ("bestanden", _("Logo and statutes")),
)


def _filters(request: HttpRequest) -> DirectoryFilters:
    get = request.GET
    return DirectoryFilters(
        q=get.get("q", "")[:200],
        district=get.get("district", "")[:120],
        working_form=get.get("working_form", "")[:40],
        target_group=get.get("target_group", "")[:60],
        language=get.get("language", "")[:10],
        legal_form=get.get("legal_form", "")[:10],
        self_organisation=get.get("self_organisation") in ("1", "on", "true", "ja"),
        sort=get.get("sort", selectors.DEFAULT_SORT)[:10] or selectors.DEFAULT_SORT,
    )


@public_page
@require_http_methods(["GET", "HEAD"])
def directory(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    organisations = selectors.organisation_directory(filters)
    paginator = Paginator(selectors.directory_page_prefetch(organisations), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    kept = {k: request.GET[k] for k in FILTER_PARAMS if request.GET.get(k)}
    return render(
        request,
        "organisations/directory.html",
        {
            "page": page,
            "filters": filters,
            "choices": selectors.filter_choices(),
            "working_forms": [(code, label) for code, _f, label in WORKING_FORMS],
            "sorts": [
                ("naam", _("Name A–Z")),
                ("-naam", _("Name Z–A")),
                ("nieuw", _("Newest first")),
            ],
            "query_string": urlencode(kept),
            "searched": any(kept.get(k) for k in FILTER_PARAMS if k != "sort"),
        },
    )


def _visible(request: HttpRequest, slug: str) -> Organisation:
    try:
        return services.organisation_get(slug=slug, user=request.user)
    except NotFound:
        raise Http404 from None


def _context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    user = request.user
    return {
        "organisation": organisation,
        "can_edit": bool(rules.check("organisations.edit", user, organisation))
        and not user_is_staff_only(user, organisation),
        "is_admin": bool(rules.check("organisations.manage_members", user, organisation)),
        "is_member": bool(rules.check("organisations.leave", user, organisation)),
        "sees_private": bool(rules.check("organisations.leave", user, organisation))
        or bool(rules.is_city_staff(user)),
        "steps": STEPS,
    }


def user_is_staff_only(user: Any, organisation: Organisation) -> bool:
    """City staff edit in /beheer/; the public pages' edit links are for the organisation."""
    return not rules.check("organisations.manage_members", user, organisation)


@public_page
@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _visible(request, slug)
    organisation = selectors.organisation_profile(organisation.pk)
    context = _context(request, organisation)
    if context["is_member"]:
        context["timeline"] = [
            (event, event_sentence(event))
            for event in timeline_for(organisation, limit=10, members_only=True)
        ]
        context["problems"] = (
            services.submission_problems(organisation)
            if organisation.status in (Status.DRAFT, Status.REJECTED)
            else []
        )
    context["can_join"] = (
        organisation.status == Status.VERIFIED
        and request.user.is_authenticated
        and bool(rules.check("organisations.request_join", request.user, organisation))
    )
    return render(request, "organisations/detail.html", context)


def jsonld(request: HttpRequest, slug: str) -> HttpResponse:
    """The public profile as JSON-LD (OSLO Organisatie); see ``jsonld.py``."""
    from middenveld.organisations.jsonld import organisation_jsonld_view

    return organisation_jsonld_view(request, slug)


# --- Registration and editing ----------------------------------------------------------


def _identity_initial(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "alternative_name": organisation.alternative_name,
        "legal_form": organisation.legal_form,
        "kbo_number": organisation.kbo_number or "",
        "vcode": organisation.vcode or "",
    }


def _duplicate_offer(request: HttpRequest, error: DomainError) -> dict[str, Any]:
    if isinstance(error, services.DuplicateIdentifier):
        if rules.check("organisations.request_join", request.user, error.organisation) and (
            rules.check("organisations.view", request.user, error.organisation)
        ):
            return {"join_offer": error.organisation}
        return {"duplicate": True}
    if isinstance(error, services.SimilarName):
        return {"similar": error.similar}
    return {}


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register_start(request: HttpRequest) -> HttpResponse:
    form = IdentityForm(request.POST or None)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = services.organisation_register(
                user=request.user,
                name=data["name"],
                alternative_name=data["alternative_name"],
                legal_form=data["legal_form"],
                kbo_number=data["kbo_number"],
                vcode=data["vcode"],
            )
        except DomainError as error:
            add_domain_error(form, error)
            extra = _duplicate_offer(request, error)
        else:
            messages.success(
                request,
                _("Your organisation is saved as a draft. You can come back to it at any time."),
            )
            return redirect("organisations:edit", slug=organisation.slug, step="werking")
    status = 200
    if request.method == "POST":
        status = 409 if extra.get("join_offer") or extra.get("duplicate") else 422
    return render(
        request,
        "organisations/register.html",
        {"form": form, "steps": STEPS, "current": "identiteit", **extra},
        status=status,
    )


def _editable(request: HttpRequest, slug: str) -> Organisation:
    organisation = _visible(request, slug)
    decision = rules.check("organisations.edit", request.user, organisation)
    if not decision or user_is_staff_only(request.user, organisation):
        raise PermissionDenied(
            decision.reason or _("Only an admin of this organisation can do this.")
        )
    return organisation


def _contact_initial(organisation: Organisation) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "public_email": organisation.public_email,
        "public_phone": organisation.public_phone,
        "website": organisation.website,
    }
    for address in organisation.addresses.all():
        for part in ("street", "number", "box", "postal_code", "municipality"):
            initial[f"{address.kind}_{part}"] = getattr(address, part)
    return initial


def _address(data: dict[str, Any], kind: str) -> services.AddressIn:
    return services.AddressIn(
        street=data[f"{kind}_street"],
        number=data[f"{kind}_number"],
        box=data[f"{kind}_box"],
        postal_code=data[f"{kind}_postal_code"],
        municipality=data[f"{kind}_municipality"],
    )


def _save_step(request: HttpRequest, organisation: Organisation, step: str, form: Any) -> None:
    data = form.cleaned_data
    user = request.user
    if step == "identiteit":
        services.organisation_identity_update(
            organisation=organisation,
            user=user,
            confirm_similar=data["confirm_similar"],
            **{
                k: data[k]
                for k in ("name", "alternative_name", "legal_form", "kbo_number", "vcode")
            },
        )
    elif step == "werking":
        services.organisation_work_update(organisation=organisation, user=user, **data)
    elif step == "contact":
        services.organisation_contact_update(
            organisation=organisation,
            user=user,
            activity_address=_address(data, AddressKind.ACTIVITY),
            correspondence_address=_address(data, AddressKind.CORRESPONDENCE),
            public_email=data["public_email"],
            public_phone=data["public_phone"],
            website=data["website"],
        )
    else:
        services.organisation_files_update(organisation=organisation, user=user, **data)


def _step_form(step: str, organisation: Organisation, request: HttpRequest) -> Any:
    bound = request.method == "POST"
    if step == "identiteit":
        return IdentityForm(
            request.POST if bound else None, initial=_identity_initial(organisation)
        )
    if step == "werking":
        initial = {
            "working_forms": organisation.working_form_codes,
            "target_groups": [g.code for g in organisation.target_groups.all()],
            "districts": [d.slug for d in organisation.districts.all()],
            "languages": [lang.code for lang in organisation.languages.all()],
            "is_self_organisation": organisation.is_self_organisation,
            "description": organisation.description,
        }
        return WorkForm(request.POST if bound else None, initial=initial)
    if step == "contact":
        return ContactForm(request.POST if bound else None, initial=_contact_initial(organisation))
    return FilesForm(request.POST if bound else None, request.FILES if bound else None)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_step(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    names = [name for name, _label in STEPS]
    if step not in names:
        raise Http404
    organisation = _editable(request, slug)
    form = _step_form(step, organisation, request)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            _save_step(request, organisation, step, form)
        except DomainError as error:
            add_domain_error(form, error)
            extra = _duplicate_offer(request, error)
        else:
            index = names.index(step)
            if "next" in request.POST and index + 1 < len(names):
                return redirect("organisations:edit", slug=organisation.slug, step=names[index + 1])
            messages.success(request, _("Saved."))
            if "next" in request.POST:
                return redirect(organisation.get_absolute_url())
            return redirect("organisations:edit", slug=organisation.slug, step=step)
    return render(
        request,
        f"organisations/edit_{step}.html",
        {**_context(request, organisation), "form": form, "current": step, **extra},
        status=422 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _visible(request, slug)
    try:
        services.organisation_submit(organisation=organisation, user=request.user)
    except DomainError as error:
        if error.http_status == 403:
            raise PermissionDenied(str(error.message)) from None
        for problem in error.details.get("problems") or [error.message]:
            messages.error(request, str(problem))
    else:
        messages.success(
            request,
            _(
                "Thank you. The city checks your registration and lets you know by e-mail. "
                "Until then, only your members can see the organisation."
            ),
        )
    return redirect(organisation.get_absolute_url())


# --- Members -----------------------------------------------------------------------------


def _members_page(
    request: HttpRequest,
    organisation: Organisation,
    invite_form: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if request.user.is_city_staff and not rules.check(  # type: ignore[union-attr]
        "organisations.manage_members", request.user, organisation
    ):
        personal_data_access_log(
            viewer=request.user, organisation=organisation, what="members page", path=request.path
        )
    return render(
        request,
        "organisations/members.html",
        {
            **_context(request, organisation),
            "memberships": organisation.memberships.select_related("user").order_by(
                "role", "created_at"
            ),
            "join_requests": organisation.join_requests.filter(
                status=JoinRequestStatus.PENDING
            ).select_related("user"),
            "invitations": [
                i
                for i in organisation.invitations.filter(accepted_at=None, revoked_at=None)
                if i.is_open
            ],
            "invite_form": invite_form or InviteForm(),
        },
        status=status,
    )


def _run(request: HttpRequest, action: Any, success: str) -> bool:
    try:
        action()
    except DomainError as error:
        if error.http_status == 403:
            raise PermissionDenied(str(error.message)) from None
        messages.error(request, str(error.message))
        return False
    messages.success(request, success)
    return True


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _visible(request, slug)
    decision = rules.check("organisations.view_people", request.user, organisation)
    if not decision:
        raise PermissionDenied(decision.reason)
    if request.method != "POST":
        return _members_page(request, organisation)
    action = request.POST.get("action", "")
    user = request.user
    if action == "invite":
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                members_service.invitation_create(
                    organisation=organisation, by=user, **form.cleaned_data
                )
            except DomainError as error:
                if error.http_status == 403:
                    raise PermissionDenied(str(error.message)) from None
                add_domain_error(form, error)
            else:
                messages.success(request, _("The invitation is sent."))
                return redirect("organisations:members", slug=slug)
        return _members_page(request, organisation, invite_form=form, status=422)
    target = request.POST.get("id", "")
    if not target.isdigit():
        raise Http404
    if action in ("approve", "refuse"):
        join_request = JoinRequest.objects.filter(organisation=organisation, pk=int(target)).first()
        if join_request is None:
            raise Http404
        _run(
            request,
            lambda: members_service.join_request_decide(
                join_request=join_request, by=user, approve=action == "approve"
            ),
            _("The request is approved.") if action == "approve" else _("The request is refused."),
        )
    elif action == "revoke":
        invitation = Invitation.objects.filter(organisation=organisation, pk=int(target)).first()
        if invitation is None:
            raise Http404
        _run(
            request,
            lambda: members_service.invitation_revoke(invitation=invitation, by=user),
            _("The invitation no longer works."),
        )
    elif action in ("make_admin", "make_member", "remove"):
        try:
            membership = members_service.membership_get(
                organisation=organisation, membership_id=int(target)
            )
        except NotFound:
            raise Http404 from None
        if action == "remove":
            _run(
                request,
                lambda: members_service.membership_remove(membership=membership, by=user),
                _("The member is removed."),
            )
        else:
            role = "admin" if action == "make_admin" else "member"
            _run(
                request,
                lambda: members_service.membership_set_role(
                    membership=membership, by=user, role=role
                ),
                _("The role is changed."),
            )
    else:
        raise Http404
    return redirect("organisations:members", slug=slug)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _visible(request, slug)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            members_service.join_request_create(
                organisation=organisation, user=request.user, message=form.cleaned_data["message"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your request is sent. The admins of the organisation will answer you.")
            )
            return redirect("organisations:mine")
    return render(
        request,
        "organisations/join.html",
        {"organisation": organisation, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _visible(request, slug)
    if _run(
        request,
        lambda: members_service.membership_leave(organisation=organisation, user=request.user),
        _("You have left %(name)s.") % {"name": organisation.name},
    ):
        return redirect("organisations:mine")
    return redirect("organisations:mine")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = members_service.invitation_get(token=token)
    except DomainError as error:
        return render(
            request, "organisations/invitation.html", {"error": error.message}, status=410
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return HttpResponseRedirect(
                f"{reverse('accounts:login')}?{urlencode({'next': request.path})}"
            )
        try:
            members_service.invitation_accept(token=token, user=request.user)
        except DomainError as error:
            return render(
                request,
                "organisations/invitation.html",
                {"invitation": invitation, "error": error.message},
                status=error.http_status,
            )
        messages.success(
            request,
            _("Welcome! You are now a member of %(name)s.")
            % {"name": invitation.organisation.name},
        )
        return redirect(invitation.organisation.get_absolute_url())
    return render(request, "organisations/invitation.html", {"invitation": invitation})


@never_cache
@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/mine.html",
        {
            "memberships": selectors.memberships_of(request.user),
            "join_requests": JoinRequest.objects.filter(
                user_id=request.user.pk or 0, status=JoinRequestStatus.PENDING
            ).select_related("organisation"),
        },
    )
