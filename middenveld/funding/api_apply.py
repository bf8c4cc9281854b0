"""Applications in the API: the same services as the applicant's pages.

Every path starts with ``/funding/applications``; the caller must be known (a personal
token, or a session with the CSRF token).

``POST /funding/applications`` (``call``: its slug, ``organisation``: its id) starts a
draft for an organisation the caller is a member of. ``GET /funding/applications/mine``
lists the applications of the caller's organisations. ``GET …/{reference}`` is one
application: for its organisation's members, city staff and the call's assessors
without a conflict; anyone else gets the same 404 as for a reference that does not
exist. ``PATCH …/{reference}`` saves some of ``title``, ``category``, ``activity_type``,
``activity_starts_on``, ``amount_requested`` (text such as ``"1.000,50"`` or a number),
``answers`` and ``budget``; any other field (``status``, ``organisation``,
``reference``, ``call``, a typo) is refused with 422 ``fields_not_changeable`` before
anything is looked at, and a submitted application gives 409. ``POST …/attachments``
(multipart: ``code``, ``file``) adds a document, checked by its content;
``DELETE …/attachments/{id}`` removes one. ``POST …/check`` lists every rule not met;
``POST …/submit`` submits (409 when the deadline passed or it was submitted already,
422 ``not_eligible`` with ``details.problems``); ``POST …/withdraw`` withdraws.
``POST …/return`` (city staff) sends a submitted application back with a message and
a deadline.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja import Status as Answer
from ninja.files import UploadedFile
from pydantic import ConfigDict, model_validator

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.pagination import paginate
from middenveld.api.permissions import require_rule
from middenveld.api.throttling import UserRateThrottle
from middenveld.core import rules
from middenveld.core.errors import Invalid, NotFound
from middenveld.funding.models import Application, Call
from middenveld.funding.services import applications as services
from middenveld.organisations.models import Organisation

router = Router(tags=["funding"], auth=AUTH_REQUIRED)

MAX_ID = 2**63 - 1


# --- Schemas --------------------------------------------------------------------------------


def _refuse_unknown(schema: type[Schema], data: Any, *, what: str) -> Any:
    if not isinstance(data, dict):
        return data
    unknown = sorted(str(name) for name in data if name not in schema.model_fields)
    if unknown:
        raise Invalid(
            _("These fields cannot be changed: %(fields)s. %(what)s")
            % {"fields": ", ".join(unknown), "what": what},
            code="fields_not_changeable",
            fields={name: [_("This field cannot be changed.")] for name in unknown},
        )
    return data


class ApplicationStartIn(Schema):
    model_config = ConfigDict(extra="forbid")

    call: str = Field(..., description="The call's slug.", max_length=80)
    organisation: int = Field(..., description="The id of your organisation.")
    title: str = Field("", description="A working title (at most 200 characters).")

    @model_validator(mode="before")
    @classmethod
    def _known_only(cls, data: Any) -> Any:
        return _refuse_unknown(
            cls, data, what=_("Send the call, your organisation and a title, nothing else.")
        )


class ApplicationPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    category: str | None = Field(None, description="A category code of the regulation.")
    activity_type: str | None = Field(None, description="A kind of activity of the regulation.")
    activity_starts_on: str | None = Field(None, description="YYYY-MM-DD (or DD/MM/YYYY).")
    amount_requested: Any = Field(
        None, description='Euros: "1250", "1.250,50", "1,250.50" or a number.'
    )
    answers: dict[str, Any] | None = Field(
        None, description="Answers by question key; an empty value clears the answer."
    )
    budget: list[dict[str, Any]] | None = Field(
        None, description="The whole budget table: [{category, description, amount}, …]."
    )

    @model_validator(mode="before")
    @classmethod
    def _known_only(cls, data: Any) -> Any:
        return _refuse_unknown(
            cls,
            data,
            what=_(
                "The status, the organisation, the call and the reference are not changed "
                "through this request."
            ),
        )


class ReturnIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(..., description="What is missing or must change.")
    deadline: str = Field(..., description="YYYY-MM-DD: the day it must be complete by.")


class OrganisationRefOut(Schema):
    id: int
    name: str


class AttachmentOut(Schema):
    id: int
    code: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class SnapshotOut(Schema):
    moment: str
    at: datetime
    sha256: str


class ApplicationBriefOut(Schema):
    reference: str
    title: str
    status: str
    call: str = Field(..., description="The call's slug.")
    organisation: OrganisationRefOut
    amount_requested: str | None
    updated_at: datetime
    submitted_at: datetime | None

    @staticmethod
    def resolve_call(obj: Any) -> str:
        return obj["call"] if isinstance(obj, dict) else obj.call.slug

    @staticmethod
    def resolve_amount_requested(obj: Any) -> str | None:
        value = obj["amount_requested"] if isinstance(obj, dict) else obj.amount_requested
        return str(value) if value is not None else None


class ApplicationOut(ApplicationBriefOut):
    call_title: str
    regulation_version: int | None
    category: str
    activity_type: str
    activity_starts_on: date | None
    answers: dict[str, Any]
    budget: list[dict[str, Any]]
    budget_total: str
    attachments: list[AttachmentOut]
    return_message: str
    return_deadline: date | None
    snapshot: SnapshotOut | None
    editable: bool


class CheckOut(Schema):
    ready: bool
    problems: list[str]


def _brief(application: Application) -> dict[str, Any]:
    return {
        "reference": application.reference,
        "title": application.title,
        "status": application.status,
        "call": application.call.slug,
        "organisation": {"id": application.organisation_id, "name": application.organisation.name},
        "amount_requested": (
            str(application.amount_requested) if application.amount_requested is not None else None
        ),
        "updated_at": application.updated_at,
        "submitted_at": application.submitted_at,
    }


def _out(application: Application) -> dict[str, Any]:
    snapshot = services.latest_snapshot(application)
    version = application.regulation_version
    return {
        **_brief(application),
        "call_title": application.call.title,
        "regulation_version": version.number if version is not None else None,
        "category": application.category,
        "activity_type": application.activity_type,
        "activity_starts_on": application.activity_starts_on,
        "answers": application.answers or {},
        "budget": application.budget or [],
        "budget_total": str(services.budget_total(application.budget)),
        "attachments": list(application.attachments.order_by("uploaded_at", "id")),
        "return_message": application.return_message,
        "return_deadline": application.return_deadline,
        "snapshot": snapshot,
        "editable": services.edit_refusal(application) is None,
    }


def _visible(request: HttpRequest, reference: str) -> Application:
    """The application, or the same 404 whether it does not exist or is not yours to see."""
    application = services.application_get(reference)
    if not rules.check("funding.view_application", request.user, application):
        raise NotFound(_("There is no application with this reference."))
    return application


# --- Endpoints ------------------------------------------------------------------------------


@router.post("/funding/applications", response={201: ApplicationOut})
def application_start(request: HttpRequest, payload: ApplicationStartIn) -> Any:
    call = (
        Call.objects.select_related("instrument", "regulation_version")
        .filter(slug=payload.call, published=True)
        .first()
    )
    if call is None:
        raise NotFound(_("There is no open call with this address."))
    if not 0 < payload.organisation <= MAX_ID:
        raise NotFound(_("There is no organisation with this id."))
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None:
        raise NotFound(_("There is no organisation with this id."))
    application = services.application_start(
        call=call, organisation=organisation, by=request.user, title=payload.title
    )
    return Answer(201, _out(services.application_get(application.reference)))


@router.get("/funding/applications/mine", response=list[ApplicationBriefOut])
@paginate
def application_mine(request: HttpRequest) -> Any:
    return services.applications_of(request.user)


@router.get("/funding/applications/{reference}", response=ApplicationOut)
def application_detail(request: HttpRequest, reference: str) -> Any:
    return _out(_visible(request, reference))


@router.patch("/funding/applications/{reference}", response=ApplicationOut)
def application_patch(request: HttpRequest, reference: str, payload: ApplicationPatchIn) -> Any:
    application = _visible(request, reference)
    data = payload.model_dump(exclude_unset=True)
    saved = services.application_save(application=application, by=request.user, data=data)
    return _out(saved)


@router.post(
    "/funding/applications/{reference}/attachments",
    response={201: AttachmentOut},
    throttle=[UserRateThrottle("120/h")],
)
def attachment_add(
    request: HttpRequest,
    reference: str,
    code: Form[str],
    file: File[UploadedFile],
) -> Any:
    application = _visible(request, reference)
    return Answer(
        201,
        services.attachment_add(application=application, code=code, upload=file, by=request.user),
    )


@router.delete(
    "/funding/applications/{reference}/attachments/{attachment_id}", response={204: None}
)
def attachment_remove(request: HttpRequest, reference: str, attachment_id: int) -> Any:
    application = _visible(request, reference)
    attachment = (
        application.attachments.filter(pk=attachment_id).first()
        if 0 < attachment_id <= MAX_ID
        else None
    )
    if attachment is None:
        raise NotFound(_("This document is not part of the application."))
    services.attachment_remove(attachment=attachment, by=request.user)
    return Answer(204, None)


@router.post("/funding/applications/{reference}/check", response=CheckOut)
def application_check(request: HttpRequest, reference: str) -> Any:
    problems = services.application_check(_visible(request, reference))
    return {"ready": not problems, "problems": problems}


@router.post("/funding/applications/{reference}/submit", response=ApplicationOut)
def application_submit(request: HttpRequest, reference: str) -> Any:
    application = _visible(request, reference)
    services.application_submit(application=application, by=request.user)
    return _out(services.application_get(reference))


@router.post("/funding/applications/{reference}/withdraw", response=ApplicationOut)
def application_withdraw(request: HttpRequest, reference: str) -> Any:
    application = _visible(request, reference)
    services.application_withdraw(application=application, by=request.user)
    return _out(services.application_get(reference))


@router.post("/funding/applications/{reference}/return", response=ApplicationOut)
def application_return(request: HttpRequest, reference: str, payload: ReturnIn) -> Any:
    require_rule(request, "funding.manage")
    application = _visible(request, reference)
    services.application_return(
        application=application,
        by=request.user,
        message=payload.message,
        deadline=payload.deadline,
    )
    return _out(services.application_get(reference))
