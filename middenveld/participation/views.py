"""Participation pages: the processes (/inspraak/), one process with its phases, events,
ballots, proposals and comments, the proposals, sending a proposal, reporting a comment;
and the participation figures in the back office.

Anonymous answers are cached whole (``@public_page``); any change to a process, phase,
proposal or comment makes them fresh (apps.py). Signed-in people see the forms. Every
flow works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.admin_site import staff_site
from middenveld.core.cache import public_page
from middenveld.core.errors import DomainError
from middenveld.core.i18n import missing_translation
from middenveld.organisations.forms import add_domain_error
from middenveld.participation import selectors, services
from middenveld.participation.figures import participation_figures
from middenveld.participation.forms import CommentForm, ProposalForm, ReportForm
from middenveld.participation.models import Audience, Comment, Process, Proposal

PROCESSES_PER_PAGE = 20
PROPOSALS_PER_PAGE = 20
COMMENTS_PER_PAGE = 50
PROPOSALS_ON_PROCESS = 5


def _process(request: HttpRequest, slug: str) -> Process:
    process = selectors.process_get(slug, request.user)
    if process is None:
        raise Http404
    return process


def _phases(process: Process) -> list[dict[str, Any]]:
    """The phases with their state in words (now, done, coming) for the ordered list."""
    today = timezone.localdate()
    labels = {"current": _("now"), "past": _("done"), "upcoming": _("coming")}
    return [
        {"phase": phase, "state": phase.state(today), "state_label": labels[phase.state(today)]}
        for phase in process.phases.all()
    ]


def _with_process(rows: list[Any], process: Process) -> list[Any]:
    """Hang the process (already loaded) on each row: their links need its slug."""
    for row in rows:
        row.process = process
    return rows


def _comment_status(error: DomainError) -> int:
    return 429 if error.http_status == 429 else 409 if error.http_status == 409 else 422


def _thread_page(request: HttpRequest, process: Process, proposal: Proposal | None) -> Any:
    paginator = Paginator(selectors.thread(process, proposal), COMMENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    return page


def _comment_form_and_status(
    request: HttpRequest, process: Process, proposal: Proposal | None
) -> tuple[CommentForm | None, int, Any]:
    """Handle a posted comment. Returns the form to show, the status and a redirect."""
    user = request.user
    if not user.is_authenticated:
        return None, 200, None
    replying_to = request.GET.get("antwoord")
    initial = {"parent": replying_to} if replying_to and replying_to.isdigit() else {}
    if request.method != "POST":
        return CommentForm(user=user, initial=initial), 200, None
    form = CommentForm(request.POST, user=user)
    if not form.is_valid():
        return form, 422, None
    data = form.cleaned_data
    parent = None
    if data.get("parent"):
        parent = Comment.objects.filter(pk=data["parent"]).first()
        if parent is None:
            form.add_error(None, _("The comment you reply to was not found."))
            return form, 422, None
    try:
        comment = services.comment_post(
            process=process,
            by=user,
            text=data["text"],
            proposal=proposal,
            parent=parent,
            organisation=data.get("organisation"),
        )
    except DomainError as error:
        if error.http_status == 403:
            raise PermissionDenied(str(error.message)) from None
        add_domain_error(form, error)
        return form, _comment_status(error), None
    messages.success(request, _("Thank you. Your comment is online."))
    target = proposal.get_absolute_url() if proposal else process.get_absolute_url()
    return None, 302, redirect(f"{target}#reactie-{comment.pk}")


@public_page
@require_http_methods(["GET", "HEAD"])
def process_list(request: HttpRequest) -> HttpResponse:
    staff = bool(rules.check("participation.manage", request.user))
    paginator = Paginator(selectors.process_list(include_drafts=staff), PROCESSES_PER_PAGE)
    page = paginator.get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    rows = []
    untranslated = False
    for process in page.object_list:
        phase = process.current_phase(today)
        rows.append(
            {
                "process": process,
                "standing": selectors.standing_of(process),
                "phase": phase,
                "phase_is_now": phase is not None and phase.state(today) == "current",
            }
        )
        untranslated = untranslated or missing_translation(process, ("title", "summary"))
    return render(
        request,
        "participation/process_list.html",
        {"page": page, "rows": rows, "untranslated": untranslated},
    )


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process(request, slug)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form, status, done = _comment_form_and_status(request, process, None)
    if done is not None:
        return done
    today = timezone.localdate()
    current = process.current_phase(today)
    proposals = (
        Proposal.objects.filter(process=process)
        .select_related("organisation")
        .only("id", "process_id", "title", "status", "created_at", "organisation__name")
    )
    return render(
        request,
        "participation/process_detail.html",
        {
            "process": process,
            "phases": _phases(process),
            "current": current,
            "current_is_now": current is not None and current.state(today) == "current",
            "proposals_phase": services.proposals_phase(process, today),
            "next_proposals_phase": services.next_proposals_phase(process, today),
            "proposals": _with_process(
                list(proposals.order_by("-created_at", "-id")[:PROPOSALS_ON_PROCESS]), process
            ),
            "proposal_total": proposals.count(),
            "events": selectors.process_events(process),
            "ballots": selectors.process_ballots(process),
            "comments": _thread_page(request, process, None),
            "comments_open": services.comments_open(process, today),
            "form": form,
            "untranslated": missing_translation(process, Process.TRANSLATED),
        },
        status=status,
    )


@public_page
@require_http_methods(["GET", "HEAD"])
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process(request, slug)
    paginator = Paginator(selectors.proposal_list(process), PROPOSALS_PER_PAGE)
    page = paginator.get_page(request.GET.get("pagina"))
    return render(
        request,
        "participation/proposal_list.html",
        {
            "process": process,
            "page": page,
            "proposals_phase": services.proposals_phase(process),
        },
    )


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = _process(request, slug)
    proposal = selectors.proposal_get(process, pk)
    if proposal is None:
        raise Http404
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form, status, done = _comment_form_and_status(request, process, proposal)
    if done is not None:
        return done
    return render(
        request,
        "participation/proposal_detail.html",
        {
            "process": process,
            "proposal": proposal,
            "comments": _thread_page(request, process, proposal),
            "comments_open": services.comments_open(process),
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_new(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process(request, slug)
    if not process.published:
        raise Http404
    personal = process.audience == Audience.RESIDENTS
    phase = services.proposals_phase(process)
    form = ProposalForm(request.POST or None, user=request.user, personal=personal)
    status = 200
    if request.method == "POST" and phase is not None:
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = services.proposal_submit(
                    process=process,
                    by=request.user,
                    title=data["title"],
                    text=data["text"],
                    organisation=data.get("organisation"),
                )
            except DomainError as error:
                if error.http_status == 403:
                    raise PermissionDenied(str(error.message)) from None
                add_domain_error(form, error)
                status = 409 if error.http_status == 409 else 422
            else:
                messages.success(
                    request,
                    _("Thank you. Your proposal is sent. The city will look at it."),
                )
                return redirect(proposal.get_absolute_url())
        else:
            status = 422
    elif request.method == "POST":
        status = 409
    return render(
        request,
        "participation/proposal_new.html",
        {
            "process": process,
            "form": form,
            "phase": phase,
            "next_phase": services.next_proposals_phase(process),
            "personal": personal,
            "has_organisations": len(form.fields["organisation"].choices) > (1 if personal else 0),  # type: ignore[attr-defined]
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get(pk)
    if comment is None or not rules.check(
        "participation.view_process", request.user, comment.process
    ):
        raise Http404
    back = comment.get_absolute_url()
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_report(
                    comment=comment, by=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                if error.http_status == 409:
                    messages.info(request, str(error.message))
                    return redirect(back)
                add_domain_error(form, error)
                status = 422
            else:
                messages.success(request, _("Thank you. A moderator will look at this comment."))
                return redirect(back)
        else:
            status = 422
    return render(
        request,
        "participation/comment_report.html",
        {"comment": comment, "form": form, "back": back},
        status=status,
    )


def staff_figures(request: HttpRequest, slug: str) -> HttpResponse:
    """Who took part in a process (back office; ``staff_site.admin_view`` wraps it)."""
    if not rules.check("participation.view_figures", request.user):
        raise PermissionDenied
    process = Process.objects.filter(slug=slug).first()
    if process is None:
        raise Http404
    return TemplateResponse(
        request,
        "participation/admin/figures.html",
        {
            **staff_site.page_context(request),
            "title": _("Who took part in “%(title)s”") % {"title": process.title},
            "process": process,
            "figures": participation_figures(process),
        },
    )
