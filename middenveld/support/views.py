"""The asker's side: the question form, 'my questions' and one question's thread."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.errors import DomainError, Invalid, NotFound
from middenveld.core.storage import private_file_response
from middenveld.knowledge.selectors import article_suggestions
from middenveld.organisations.selectors import memberships_of
from middenveld.support import selectors, services
from middenveld.support.forms import FollowUpForm, QuestionForm
from middenveld.trajectory.selectors import contact_get


def _form_error(form: Any, error: DomainError) -> None:
    fields = error.details.get("fields") or {}
    placed = False
    for name, errors in fields.items():
        target = {"body": "question"}.get(name, name)
        if target in form.fields:
            for message in errors:
                form.add_error(target, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisations = [m.organisation for m in memberships_of(user)] if user.is_authenticated else []
    initial = {}
    if user.is_authenticated:
        initial = {"email": user.email, "name": user.get_full_name()}
    form = QuestionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=user,
        organisations=organisations,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                return redirect("support:sent")
            try:
                question = services.question_ask(
                    body=data["question"],
                    user=user,
                    email=data["email"],
                    name=data["name"],
                    organisation=data.get("organisation"),
                    topic=data["topic"],
                    language=get_language(),
                    attachments=data["attachments"],
                )
            except DomainError as error:
                _form_error(form, error)
                status = getattr(error, "http_status", 422)
            else:
                if user.is_authenticated:
                    messages.success(
                        request,
                        _("Your question has been sent. We answer by e-mail and on this page."),
                    )
                    return redirect("support:question", pk=question.pk)
                return redirect("support:sent")
        else:
            status = 422
    suggestions = []
    if request.method == "POST" and form.data.get("question"):
        suggestions = article_suggestions(
            str(form.data.get("question"))[:2000], language=get_language()
        )
    return render(
        request,
        "support/ask.html",
        {"form": form, "contact": contact_get(), "suggestions": suggestions},
        status=status if status in (200, 422, 429) else 422,
    )


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "support/sent.html", {"contact": contact_get()})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.questions_of(request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "support/mine.html", {"page": page})


def _question(request: HttpRequest, pk: int) -> Any:
    try:
        return services.question_get(pk=pk, user=request.user)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, pk: int) -> HttpResponse:
    item = _question(request, pk)
    if item.merged_into_id:
        return redirect("support:question", pk=services.thread_target(item).pk)
    form = FollowUpForm(request.POST or None, request.FILES or None)
    can_follow_up = bool(rules.check("support.follow_up", request.user, item))
    status = 200
    if request.method == "POST":
        if not can_follow_up:
            raise Http404
        if form.is_valid():
            try:
                services.question_follow_up(
                    question=item,
                    user=request.user,
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                )
            except DomainError as error:
                _form_error(form, error)
                status = 422
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect("support:question", pk=item.pk)
        else:
            status = 422
    return render(
        request,
        "support/question.html",
        {
            "question": item,
            "thread": selectors.thread_for_asker(item),
            "form": form,
            "can_follow_up": can_follow_up,
        },
        status=status,
    )


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    item = _question(request, pk)
    found = selectors.question_attachment(
        question=item, pk=attachment_pk, staff=bool(rules.check("support.handle", request.user))
    )
    if found is None:
        raise Http404
    return private_file_response(
        found.file, filename=found.filename, content_type=found.content_type
    )


__all__ = ["Invalid", "ask", "attachment", "mine", "question", "sent"]
