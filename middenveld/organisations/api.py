"""The register of organisations in the API: the public directory, profiles, and
everything an organisation's people do through the pages.

Reading
    ``GET /organisations`` lists verified organisations only, with the directory's
    filters (also as CSV). ``GET /organisations/{id}`` shows a profile to whoever
    may see it (rule ``organisations.view``): a draft, submitted or rejected
    registration is visible only to its members and to city staff; for anyone else
    it is a 404, never a 403, so that its existence is not revealed.

What is public
    Names, identifiers (KBO number, vCode), legal form, what the organisation does,
    districts, target groups, languages, the activity address, the public e-mail,
    phone and website, the logo and the recognitions. The correspondence address is
    often someone's home (an informal association has no office): it is shown only
    to the organisation's members and to city staff, as on the profile page.

People (personal data)
    Members and requests to join are shown only to those the rules allow
    (``organisations.view_people``, ``organisations.manage_members``). Every time a
    city employee who is not an admin of the organisation reads its members, that
    is logged (``privacy.personal_data_access_log``).

Acting
    Every write goes through the same service as the page (``services``,
    ``membership``); they check the rules and raise domain errors, which the API
    answers in its error shape. Before acting, an endpoint first checks that the
    caller may see the organisation (404 otherwise), and looks up members and
    requests only inside that organisation, so an id from another one is a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.decorators import decorate_view

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.csv_export import CSV_OPENAPI, CsvFormat, csv_response
from middenveld.api.pagination import paginate
from middenveld.api.permissions import require_rule
from middenveld.api.schemas import TranslatedOut, absolute_url
from middenveld.core import rules
from middenveld.core.cache import public_read
from middenveld.core.errors import Invalid, NotFound
from middenveld.core.rules import is_city_staff
from middenveld.organisations import membership, selectors, services
from middenveld.organisations.models import (
    WORKING_FORMS,
    Address,
    AddressKind,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Organisation,
    Recognition,
)
from middenveld.organisations.privacy import personal_data_access_log
from middenveld.organisations.rules import is_member

router = Router(tags=["organisations"])

#: Who may see an organisation's correspondence address.
sees_private_contact = is_member | is_city_staff


# --- look-ups ----------------------------------------------------------------------------


def _not_found() -> NotFound:
    return NotFound(_("This organisation was not found."))


def _visible(request: HttpRequest, organisation_id: int) -> Organisation:
    """The organisation if the caller may see it; a 404 otherwise (never reveal a draft)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not rules.check("organisations.view", request.user, organisation):
        raise _not_found()
    return organisation


def _profile(organisation: Organisation) -> Organisation:
    """The organisation again, with everything its profile shows fetched up front."""
    return selectors.organisation_profile(organisation.pk)


def _join_request(organisation: Organisation, request_id: int) -> JoinRequest:
    join_request = (
        JoinRequest.objects.select_related("organisation", "user")
        .filter(organisation=organisation, pk=request_id)
        .first()
    )
    if join_request is None:
        raise NotFound(_("This request to join was not found."))
    return join_request


def _logo_url(organisation: Organisation, context: Any) -> str | None:
    return absolute_url(context, organisation.logo.url) if organisation.logo else None


def _address(organisation: Organisation, kind: str) -> Address | None:
    # Uses the prefetched addresses of organisation_profile().
    return next((a for a in organisation.addresses.all() if a.kind == kind), None)


# --- schemas: public --------------------------------------------------------------------


class DistrictOut(Schema):
    slug: str
    name: str


class TargetGroupOut(TranslatedOut):
    code: str
    name: str


class LanguageOut(TranslatedOut):
    code: str = Field(..., description="ISO 639 code.")
    name: str


class WorkingFormOut(Schema):
    code: str = Field(..., description="ontmoeting, basiswerk, belangenbehartiging or emancipatie.")
    label: str


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    alternative_name: str
    legal_form: str = Field(..., description="FV, VZER, VZW, IVZW, STICHTING or OTHER.")
    legal_form_label: str
    description: str
    working_forms: list[WorkingFormOut]
    is_self_organisation: bool
    districts: list[DistrictOut]
    target_groups: list[TargetGroupOut]
    logo: str | None = Field(None, description="The logo's address, if there is one.")
    url: str = Field(..., description="The public profile page.")
    jsonld: str = Field(..., description="The profile as JSON-LD (OSLO Organisatie).")
    verified_at: datetime | None

    @staticmethod
    def resolve_legal_form_label(obj: Organisation) -> str:
        return str(obj.get_legal_form_display())

    @staticmethod
    def resolve_working_forms(obj: Organisation) -> list[dict[str, str]]:
        return [
            {"code": code, "label": str(label)}
            for code, field, label in WORKING_FORMS
            if getattr(obj, field)
        ]

    @staticmethod
    def resolve_districts(obj: Organisation) -> list[Any]:
        return list(obj.districts.all())

    @staticmethod
    def resolve_target_groups(obj: Organisation) -> list[Any]:
        return list(obj.target_groups.all())

    @staticmethod
    def resolve_logo(obj: Organisation, context: Any) -> str | None:
        return _logo_url(obj, context)

    @staticmethod
    def resolve_url(obj: Organisation, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())

    @staticmethod
    def resolve_jsonld(obj: Organisation, context: Any) -> str:
        return absolute_url(context, reverse("organisations:jsonld", kwargs={"slug": obj.slug}))


class AddressOut(Schema):
    street: str
    number: str
    box: str
    postal_code: str
    municipality: str
    text: str = Field(..., description="The address on one line.")

    @staticmethod
    def resolve_text(obj: Address) -> str:
        return str(obj)


class RecognitionTypeOut(TranslatedOut):
    code: str
    name: str
    description: str


class RecognitionOut(Schema):
    type: RecognitionTypeOut
    valid_from: date
    valid_until: date | None
    state: str = Field(..., description="upcoming, valid or expired (today).")
    state_label: str

    @staticmethod
    def resolve_state(obj: Recognition) -> str:
        return str(obj.state.value)

    @staticmethod
    def resolve_state_label(obj: Recognition) -> str:
        return str(obj.state.label)


class OrganisationDetailOut(OrganisationOut):
    status: str = Field(
        ..., description="draft, submitted, verified or rejected (only verified ones are public)."
    )
    status_label: str
    kbo_number: str | None = Field(None, description="Enterprise number (KBO), 10 digits.")
    vcode: str | None = Field(None, description="Verenigingsregister code: V and 7 digits.")
    public_email: str
    public_phone: str
    website: str
    languages: list[LanguageOut]
    activity_address: AddressOut | None = Field(
        None, description="Where the organisation is active."
    )
    correspondence_address: AddressOut | None = Field(
        None,
        description="Address for letters: only for the organisation's members and city staff "
        "(null for everyone else).",
    )
    recognitions: list[RecognitionOut]

    @staticmethod
    def resolve_status_label(obj: Organisation) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_languages(obj: Organisation) -> list[Any]:
        return list(obj.languages.all())

    @staticmethod
    def resolve_activity_address(obj: Organisation) -> Address | None:
        return _address(obj, AddressKind.ACTIVITY)

    @staticmethod
    def resolve_correspondence_address(obj: Organisation, context: Any) -> Address | None:
        request = (context or {}).get("request")
        if request is None or not sees_private_contact(request.user, obj):
            return None
        return _address(obj, AddressKind.CORRESPONDENCE)

    @staticmethod
    def resolve_recognitions(obj: Organisation) -> list[Recognition]:
        return list(obj.recognitions.all())


class DirectoryQuery(CsvFormat):
    q: str = Field(
        "", max_length=200, description="Words to search for (accents and case ignored)."
    )
    district: str = Field("", max_length=120, description="A district's slug.")
    working_form: str = Field(
        "", max_length=40, description="ontmoeting, basiswerk, belangenbehartiging or emancipatie."
    )
    target_group: str = Field("", max_length=60, description="A target group's code.")
    language: str = Field("", max_length=10, description="A language's code.")
    legal_form: str = Field(
        "", max_length=10, description="FV, VZER, VZW, IVZW, STICHTING or OTHER."
    )
    self_organisation: bool = Field(False, description="Only self-organisations.")
    sort: str = Field(
        selectors.DEFAULT_SORT,
        max_length=10,
        description="naam (A–Z, the default), -naam (Z–A) or nieuw (recently verified first).",
    )


# --- schemas: acting ----------------------------------------------------------------------


class RegisterIn(Schema):
    name: str = Field(..., max_length=200)
    legal_form: str = Field(
        ..., max_length=10, description="FV, VZER, VZW, IVZW, STICHTING or OTHER."
    )
    alternative_name: str = Field("", max_length=200)
    kbo_number: str = Field("", max_length=30, description="Enterprise number, any usual notation.")
    vcode: str = Field("", max_length=20)


class IdentityIn(RegisterIn):
    confirm_similar: bool = Field(
        False, description="Save even though a very similar name exists in the same district."
    )


class WorkIn(Schema):
    working_forms: list[str] = Field(..., description="At least one working form code.")
    target_groups: list[str] = Field(default_factory=list, description="Target group codes.")
    districts: list[str] = Field(default_factory=list, description="District slugs.")
    languages: list[str] = Field(default_factory=list, description="Language codes.")
    is_self_organisation: bool = False
    description: str = Field("", max_length=6000)
    confirm_similar: bool = Field(
        False, description="Save even though a very similar name exists in a new district."
    )


class AddressIn(Schema):
    street: str = Field(..., max_length=200)
    number: str = Field(..., max_length=40)
    box: str = Field("", max_length=40)
    postal_code: str = Field(..., max_length=20)
    municipality: str = Field(..., max_length=120)

    def service_value(self) -> services.AddressIn:
        return services.AddressIn(
            street=self.street,
            number=self.number,
            box=self.box,
            postal_code=self.postal_code,
            municipality=self.municipality,
        )


class ContactIn(Schema):
    """The whole contact step: an address left out (or null) is removed."""

    activity_address: AddressIn | None = None
    correspondence_address: AddressIn | None = None
    public_email: str = Field("", max_length=254)
    public_phone: str = Field("", max_length=60)
    website: str = Field("", max_length=400)


class RejectIn(Schema):
    reason: str = Field(..., max_length=4000, description="Sent to the applicant by e-mail.")


class PersonOut(Schema):
    name: str
    email: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.get_full_name())


class MemberOut(Schema):
    id: int = Field(..., description="The membership's id.")
    role: str = Field(..., description="member or admin.")
    since: datetime
    person: PersonOut

    @staticmethod
    def resolve_since(obj: Membership) -> datetime:
        return obj.created_at

    @staticmethod
    def resolve_person(obj: Membership) -> Any:
        return obj.user


class RoleIn(Schema):
    role: Literal["member", "admin"]


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    role: Literal["member", "admin"] = "member"


class InvitationOut(Schema):
    """An invitation; its secret link goes only to the invited address, by e-mail."""

    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime


class AcceptIn(Schema):
    token: str = Field(..., max_length=200, description="The secret from the invitation link.")


class JoinIn(Schema):
    message: str = Field("", max_length=2000)


class JoinRequestOut(Schema):
    id: int
    status: str = Field(..., description="pending, approved, refused or withdrawn.")
    message: str
    created_at: datetime
    decided_at: datetime | None
    person: PersonOut

    @staticmethod
    def resolve_person(obj: JoinRequest) -> Any:
        return obj.user


class JoinRequestQuery(Schema):
    status: JoinRequestStatus = Field(
        JoinRequestStatus.PENDING, description="Requests with this status (pending by default)."
    )


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str
    status: str


class MyMembershipOut(Schema):
    id: int = Field(..., description="The membership's id.")
    role: str
    since: datetime
    organisation: OrganisationRef

    @staticmethod
    def resolve_since(obj: Membership) -> datetime:
        return obj.created_at


# --- the directory and profiles ----------------------------------------------------------
# Public reads: anonymous answers come from the page cache, per language, and are never
# stale after an edit (middenveld.core.cache; organisations/signals.py).


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="Verified organisations, with the directory's filters",
    openapi_extra=CSV_OPENAPI,
)
@decorate_view(public_read)
@paginate
def organisation_list(request: HttpRequest, filters: Query[DirectoryQuery]) -> Any:
    directory = selectors.DirectoryFilters(
        q=filters.q,
        district=filters.district,
        working_form=filters.working_form,
        target_group=filters.target_group,
        language=filters.language,
        legal_form=filters.legal_form,
        self_organisation=filters.self_organisation,
        sort=filters.sort or selectors.DEFAULT_SORT,
    )
    organisations = selectors.directory_page_prefetch(selectors.organisation_directory(directory))
    if directory.unknown:
        # Django's own sentence, already translated in every language Django speaks.
        message = _("Select a valid choice. That choice is not one of the available choices.")
        raise Invalid(fields={name: [message] for name in directory.unknown})
    if filters.format == "csv":
        return csv_response(
            "organisations.csv", ORGANISATION_COLUMNS, _organisation_rows(request, organisations)
        )
    return organisations


@router.get(
    "/organisations/{id}",
    response=OrganisationDetailOut,
    summary="One organisation's profile",
    description="A registration that is not verified yet is a 404 for anyone but its "
    "members and city staff.",
)
@decorate_view(public_read)
def organisation_detail(request: HttpRequest, id: int) -> Any:
    return _profile(_visible(request, id))


# --- registering and editing ---------------------------------------------------------------


@router.post(
    "/organisations",
    response={201: OrganisationDetailOut},
    auth=AUTH_REQUIRED,
    summary="Register an organisation (a draft; you become its admin)",
)
def organisation_register(request: HttpRequest, payload: RegisterIn) -> Any:
    organisation = services.organisation_register(user=request.user, **payload.dict())
    return Answer(201, _profile(organisation))


@router.put(
    "/organisations/{id}/identity",
    response=OrganisationDetailOut,
    auth=AUTH_REQUIRED,
    summary="Change names, legal form and identifiers",
)
def organisation_identity_update(request: HttpRequest, id: int, payload: IdentityIn) -> Any:
    organisation = services.organisation_identity_update(
        organisation=_visible(request, id), user=request.user, **payload.dict()
    )
    return _profile(organisation)


@router.put(
    "/organisations/{id}/work",
    response=OrganisationDetailOut,
    auth=AUTH_REQUIRED,
    summary="Change what the organisation does, for whom, where and in which languages",
)
def organisation_work_update(request: HttpRequest, id: int, payload: WorkIn) -> Any:
    organisation = services.organisation_work_update(
        organisation=_visible(request, id), user=request.user, **payload.dict()
    )
    return _profile(organisation)


@router.put(
    "/organisations/{id}/contact",
    response=OrganisationDetailOut,
    auth=AUTH_REQUIRED,
    summary="Change addresses and public contact channels",
    description="Replaces the whole step: an address that is left out is removed.",
)
def organisation_contact_update(request: HttpRequest, id: int, payload: ContactIn) -> Any:
    organisation = services.organisation_contact_update(
        organisation=_visible(request, id),
        user=request.user,
        activity_address=(
            payload.activity_address.service_value() if payload.activity_address else None
        ),
        correspondence_address=(
            payload.correspondence_address.service_value()
            if payload.correspondence_address
            else None
        ),
        public_email=payload.public_email,
        public_phone=payload.public_phone,
        website=payload.website,
    )
    return _profile(organisation)


@router.post(
    "/organisations/{id}/submit",
    response=OrganisationDetailOut,
    auth=AUTH_REQUIRED,
    summary="Send the registration to the city for verification (admins)",
)
def organisation_submit(request: HttpRequest, id: int) -> Any:
    organisation = services.organisation_submit(
        organisation=_visible(request, id), user=request.user
    )
    return _profile(organisation)


@router.post(
    "/organisations/{id}/verify",
    response=OrganisationDetailOut,
    auth=AUTH_REQUIRED,
    summary="Verify a submitted registration (city staff)",
)
def organisation_verify(request: HttpRequest, id: int) -> Any:
    organisation = services.organisation_verify(
        organisation=_visible(request, id), staff=request.user
    )
    return _profile(organisation)


@router.post(
    "/organisations/{id}/reject",
    response=OrganisationDetailOut,
    auth=AUTH_REQUIRED,
    summary="Reject a submitted registration, with the reason (city staff)",
)
def organisation_reject(request: HttpRequest, id: int, payload: RejectIn) -> Any:
    organisation = services.organisation_reject(
        organisation=_visible(request, id), staff=request.user, reason=payload.reason
    )
    return _profile(organisation)


# --- people -------------------------------------------------------------------------------


def _members(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "created_at", "id")  # admins first
    )


@router.get(
    "/organisations/{id}/members",
    response=list[MemberOut],
    auth=AUTH_REQUIRED,
    summary="The organisation's members (its admins and city staff)",
    description="Personal data: every look by a city employee is logged.",
)
@paginate
def member_list(request: HttpRequest, id: int) -> Any:
    organisation = _visible(request, id)
    require_rule(request, "organisations.view_people", organisation)
    if getattr(request.user, "is_city_staff", False) and not rules.check(
        "organisations.manage_members", request.user, organisation
    ):
        personal_data_access_log(
            viewer=request.user, organisation=organisation, what="members (API)", path=request.path
        )
    return _members(organisation)


@router.patch(
    "/organisations/{id}/members/{membership_id}",
    response=MemberOut,
    auth=AUTH_REQUIRED,
    summary="Make a member admin, or an admin member (admins)",
)
def member_role_update(request: HttpRequest, id: int, membership_id: int, payload: RoleIn) -> Any:
    organisation = _visible(request, id)
    # Refuse before looking the member up: a guessed id says nothing to a non-admin.
    require_rule(request, "organisations.manage_members", organisation)
    found = membership.membership_get(organisation=organisation, membership_id=membership_id)
    return membership.membership_set_role(membership=found, by=request.user, role=payload.role)


@router.delete(
    "/organisations/{id}/members/{membership_id}",
    response={204: None},
    auth=AUTH_REQUIRED,
    summary="Remove a member (admins)",
)
def member_remove(request: HttpRequest, id: int, membership_id: int) -> Any:
    organisation = _visible(request, id)
    require_rule(request, "organisations.manage_members", organisation)
    found = membership.membership_get(organisation=organisation, membership_id=membership_id)
    membership.membership_remove(membership=found, by=request.user)
    return Answer(204, None)


@router.post(
    "/organisations/{id}/leave",
    response={204: None},
    auth=AUTH_REQUIRED,
    summary="Leave the organisation",
)
def member_leave(request: HttpRequest, id: int) -> Any:
    membership.membership_leave(organisation=_visible(request, id), user=request.user)
    return Answer(204, None)


@router.post(
    "/organisations/{id}/invitations",
    response={201: InvitationOut},
    auth=AUTH_REQUIRED,
    summary="Invite someone by e-mail (admins)",
    description="The invitation link is sent by e-mail only; the answer never contains it.",
)
def invitation_create(request: HttpRequest, id: int, payload: InvitationIn) -> Any:
    invitation, _token = membership.invitation_create(
        organisation=_visible(request, id), by=request.user, email=payload.email, role=payload.role
    )
    return Answer(201, invitation)


@router.post(
    "/invitations/accept",
    response=MyMembershipOut,
    auth=AUTH_REQUIRED,
    summary="Accept an invitation (each link works once)",
)
def invitation_accept(request: HttpRequest, payload: AcceptIn) -> Any:
    return membership.invitation_accept(token=payload.token, user=request.user)


@router.post(
    "/organisations/{id}/join-requests",
    response={201: JoinRequestOut},
    auth=AUTH_REQUIRED,
    summary="Ask to join the organisation",
)
def join_request_create(request: HttpRequest, id: int, payload: JoinIn) -> Any:
    join_request = membership.join_request_create(
        organisation=_visible(request, id), user=request.user, message=payload.message
    )
    return Answer(201, join_request)


@router.get(
    "/organisations/{id}/join-requests",
    response=list[JoinRequestOut],
    auth=AUTH_REQUIRED,
    summary="Requests to join (admins)",
)
@paginate
def join_request_list(request: HttpRequest, id: int, filters: Query[JoinRequestQuery]) -> Any:
    organisation = _visible(request, id)
    require_rule(request, "organisations.manage_members", organisation)
    return (
        JoinRequest.objects.filter(organisation=organisation, status=filters.status)
        .select_related("user")
        .order_by("created_at", "id")
    )


def _decide(request: HttpRequest, organisation_id: int, request_id: int, approve: bool) -> Any:
    organisation = _visible(request, organisation_id)
    require_rule(request, "organisations.manage_members", organisation)
    join_request = _join_request(organisation, request_id)
    return membership.join_request_decide(
        join_request=join_request, by=request.user, approve=approve
    )


@router.post(
    "/organisations/{id}/join-requests/{request_id}/approve",
    response=JoinRequestOut,
    auth=AUTH_REQUIRED,
    summary="Approve a request to join (admins)",
)
def join_request_approve(request: HttpRequest, id: int, request_id: int) -> Any:
    return _decide(request, id, request_id, approve=True)


@router.post(
    "/organisations/{id}/join-requests/{request_id}/refuse",
    response=JoinRequestOut,
    auth=AUTH_REQUIRED,
    summary="Refuse a request to join (admins)",
)
def join_request_refuse(request: HttpRequest, id: int, request_id: int) -> Any:
    return _decide(request, id, request_id, approve=False)


@router.get(
    "/me/organisations",
    response=list[MyMembershipOut],
    auth=AUTH_REQUIRED,
    summary="The organisations I belong to, with my role",
)
@paginate
def my_organisations(request: HttpRequest) -> Any:
    return selectors.memberships_of(request.user)


# --- CSV ------------------------------------------------------------------------------------

ORGANISATION_COLUMNS = (
    "id",
    "slug",
    "name",
    "alternative_name",
    "legal_form",
    "working_forms",
    "self_organisation",
    "districts",
    "target_groups",
    "url",
    "verified_at",
)


def _organisation_rows(
    request: HttpRequest, organisations: QuerySet[Organisation]
) -> Iterator[list[Any]]:
    # chunk_size: the prefetches (districts, target groups) run once per chunk.
    for organisation in organisations.iterator(chunk_size=1000):
        yield [
            organisation.pk,
            organisation.slug,
            organisation.name,
            organisation.alternative_name,
            organisation.legal_form,
            ";".join(organisation.working_form_codes),
            organisation.is_self_organisation,
            ";".join(d.slug for d in organisation.districts.all()),
            ";".join(g.code for g in organisation.target_groups.all()),
            request.build_absolute_uri(organisation.get_absolute_url()),
            organisation.verified_at.isoformat() if organisation.verified_at else "",
        ]
