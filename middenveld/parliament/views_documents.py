"""Documents of a body and of agenda items: the secretary, the chair and city staff add
them (``parliament.run_session``); everyone who may see the body downloads them.

Files are checked by their content (``core.uploads.document_check``, in the service) and
kept in ``private_storage``: a download goes through ``body_document`` /
``agenda_document``, which check ``parliament.view_body`` each time, so the files of an
unpublished body stay with staff, and a file is always saved, never shown as a page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.errors import DomainError
from middenveld.core.storage import private_file_response
from middenveld.organisations.forms import add_domain_error
from middenveld.parliament import services
from middenveld.parliament.forms import AgendaDocumentForm, BodyDocumentForm
from middenveld.parliament.models import (
    DOCUMENT_CONTENT_TYPES,
    AgendaDocument,
    Body,
    BodyDocument,
    Session,
)


def _download(document: Any) -> HttpResponseBase:
    filename = f"{slugify(document.title) or 'document'}.{document.kind}"
    return private_file_response(
        document.file,
        filename=filename,
        content_type=DOCUMENT_CONTENT_TYPES.get(document.kind, ""),
    )


@require_http_methods(["GET", "HEAD"])
def body_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = BodyDocument.objects.select_related("body").filter(pk=pk).first()
    if (
        document is None
        or not document.file
        or not rules.check("parliament.view_body", request.user, document.body)
    ):
        raise Http404
    return _download(document)


@require_http_methods(["GET", "HEAD"])
def agenda_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = AgendaDocument.objects.select_related("item__session__body").filter(pk=pk).first()
    if document is None or not rules.check(
        "parliament.view_body", request.user, document.item.session.body
    ):
        raise Http404
    return _download(document)


def _may_run(request: HttpRequest, obj: Any) -> None:
    decision = rules.check("parliament.run_session", request.user, obj)
    if not decision:
        raise PermissionDenied(decision.reason)


def _posted_pk(request: HttpRequest) -> int | None:
    value = str(request.POST.get("document", "")).strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


# --- A body's documents ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def body_documents(request: HttpRequest, slug: str) -> HttpResponse:
    body = Body.objects.filter(slug=slug).first()
    if body is None or not rules.check("parliament.view_body", request.user, body):
        raise Http404
    _may_run(request, body)
    form = BodyDocumentForm()
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            document = body.documents.filter(pk=_posted_pk(request) or 0).first()
            if document is None:
                messages.error(request, _("This document is not one of this body."))
                return redirect("parliament:body_documents", slug=body.slug)
            try:
                services.body_document_remove(document=document, by=request.user)
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("“%(title)s” is removed.") % {"title": document.title})
            return redirect("parliament:body_documents", slug=body.slug)
        form = BodyDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = services.body_document_add(
                    body=body,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                    link=form.cleaned_data["link"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request, _("“%(title)s” is added to the documents.") % {"title": document.title}
                )
                return redirect("parliament:body_documents", slug=body.slug)
        status = 422
    context = {"body": body, "documents": list(body.documents.all()), "form": form}
    return render(request, "parliament/body_documents.html", context, status=status)


# --- Documents on a session's agenda --------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_documents(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.select_related("body").filter(pk=pk).first()
    if session is None or not rules.check("parliament.view_body", request.user, session.body):
        raise Http404
    _may_run(request, session)
    items = list(session.items.prefetch_related("documents"))
    form = AgendaDocumentForm(items=items)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            document = (
                AgendaDocument.objects.select_related("item__session__body")
                .filter(pk=_posted_pk(request) or 0, item__session=session)
                .first()
            )
            if document is None:
                messages.error(request, _("This document is not on the agenda of this session."))
                return redirect("parliament:session_documents", pk=session.pk)
            try:
                services.agenda_document_remove(document=document, by=request.user)
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("“%(title)s” is removed.") % {"title": document.title})
            return redirect("parliament:session_documents", pk=session.pk)
        form = AgendaDocumentForm(request.POST, request.FILES, items=items)
        if form.is_valid():
            try:
                document = services.agenda_document_add(
                    item=form.cleaned_data["item"],
                    by=request.user,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is added to agenda item %(position)s.")
                    % {"title": document.title, "position": document.item.position},
                )
                return redirect("parliament:session_documents", pk=session.pk)
        status = 422
    context = {"session": session, "body": session.body, "items": items, "form": form}
    return render(request, "parliament/session_documents.html", context, status=status)
