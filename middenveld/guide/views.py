"""Pages of the starter's guide (/wegwijzer/) and the personal checklist.

The guide itself is public (and cached for anonymous visitors). A signed-in
person also sees a checklist: their organisation's or their own, chosen with
``?voor=<organisation slug>`` or ``?voor=mij``. A checklist that is not theirs
is a 404, never a hint that it exists.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from middenveld.core.cache import public_page
from middenveld.core.errors import BadRequest, DomainError, NotFound
from middenveld.core.i18n import missing_translation
from middenveld.guide import selectors, services
from middenveld.guide.models import Step, Tick
from middenveld.guide.owners import ME, ChecklistOwner
from middenveld.guide.printing import checklist_pdf, owner_label
from middenveld.guide.text import render as render_body


def _untranslated(steps: list[Step], with_body: bool = False) -> bool:
    for step in steps:
        fields = Step.TRANSLATED if with_body else ("title", "intro")
        if missing_translation(step, fields):
            return True
        if with_body and any(missing_translation(t, t.TRANSLATED) for t in step.tasks.all()):
            return True
    return False


def _owner(request: HttpRequest, organisations: list[Any] | None = None) -> ChecklistOwner:
    try:
        return selectors.checklist_owner_get(
            user=request.user, key=request.GET.get("voor"), organisations=organisations
        )
    except NotFound:
        raise Http404 from None


def _owner_links(
    request: HttpRequest, organisations: list[Any], owner: ChecklistOwner, url: str
) -> list[dict[str, Any]]:
    """The choice of checklist: each organisation, then "just me"."""
    links = [
        {
            "label": o.name,
            "url": f"{url}?{urlencode({'voor': o.slug})}",
            "current": o == owner.organisation,
        }
        for o in organisations
    ]
    links.append(
        {
            "label": _("Just me (I have no organisation yet)"),
            "url": f"{url}?{urlencode({'voor': ME})}",
            "current": owner.is_personal,
        }
    )
    return links


@public_page
@require_http_methods(["GET", "HEAD"])
def overview(request: HttpRequest) -> HttpResponse:
    steps = list(selectors.step_list())
    context: dict[str, Any] = {"steps": steps, "untranslated": _untranslated(steps)}
    if request.user.is_authenticated:
        organisations = selectors.checklist_organisations(request.user)
        total = sum(len(s.tasks.all()) for s in steps)
        counts = dict(
            Tick.objects.filter(organisation__in=organisations)
            .values_list("organisation_id")
            .annotate(n=Count("id"))
            .values_list("organisation_id", "n")
        )
        mine = Tick.objects.filter(user_id=request.user.pk).count()
        url = reverse("guide:checklist")
        progress = [
            {
                "label": o.name,
                "done": counts.get(o.pk, 0),
                "url": f"{url}?{urlencode({'voor': o.slug})}",
            }
            for o in organisations
        ]
        progress.append(
            {"label": _("Just me"), "done": mine, "url": f"{url}?{urlencode({'voor': ME})}"}
        )
        context.update(progress=progress, total=total)
    return render(request, "guide/overview.html", context)


@public_page
@require_http_methods(["GET", "HEAD"])
def step_detail(request: HttpRequest, slug: str) -> HttpResponse:
    steps = list(selectors.step_list())
    index = next((i for i, s in enumerate(steps) if s.slug == slug), None)
    if index is None:
        raise Http404
    step = steps[index]
    context: dict[str, Any] = {
        "step": step,
        "body": render_body(step.body, title=step.title, language=get_language()),
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "number": index + 1,
        "count": len(steps),
        "tasks": [(task, None) for task in step.tasks.all()],
        "untranslated": _untranslated([step], with_body=True),
    }
    if request.user.is_authenticated:
        organisations = selectors.checklist_organisations(request.user)
        owner = _owner(request, organisations)
        checklist = selectors.checklist_get(owner, [step])
        context.update(
            owner=owner,
            owner_name=owner_label(checklist),
            owner_links=_owner_links(request, organisations, owner, step.get_absolute_url()),
            tasks=checklist.steps[0].tasks,
            state=checklist.steps[0],
            here=f"{step.get_absolute_url()}?{urlencode({'voor': owner.key})}",
        )
    return render(request, "guide/step.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def checklist(request: HttpRequest) -> HttpResponse:
    organisations = selectors.checklist_organisations(request.user)
    owner = _owner(request, organisations)
    state = selectors.checklist_get(owner)
    url = reverse("guide:checklist")
    return render(
        request,
        "guide/checklist.html",
        {
            "checklist": state,
            "owner": owner,
            "owner_name": owner_label(state),
            "owner_links": _owner_links(request, organisations, owner, url),
            "here": f"{url}?{urlencode({'voor': owner.key})}",
            "pdf_url": f"{reverse('guide:checklist_pdf')}?{urlencode({'voor': owner.key})}",
            "untranslated": _untranslated([s.step for s in state.steps], with_body=False),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def checklist_download(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    state = selectors.checklist_get(owner)
    language = get_language() or "nl"
    response = HttpResponse(checklist_pdf(state, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="wegwijzer-checklist-{owner.key}.pdf"'
    return response


def _back(request: HttpRequest, owner_key: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return f"{reverse('guide:checklist')}?{urlencode({'voor': owner_key})}"


@never_cache
@login_required
@require_POST
def tick(request: HttpRequest) -> HttpResponse:
    """Tick a task off (done=1) or take the tick away (done=0). Works without JavaScript."""
    key = request.POST.get("voor", "")[:220]
    try:
        owner = selectors.checklist_owner_get(user=request.user, key=key or ME)
        task = services.task_get(task_id=request.POST.get("task"))
    except NotFound:
        raise Http404 from None
    back = _back(request, owner.key)
    done = request.POST.get("done")
    try:
        if done == "1":
            services.task_tick(user=request.user, task=task, owner=owner)
            messages.success(request, _("“%(task)s” is ticked off.") % {"task": task.title})
        elif done == "0":
            services.task_untick(user=request.user, task=task, owner=owner)
            messages.success(
                request, _("“%(task)s” is no longer ticked off.") % {"task": task.title}
            )
        else:
            raise BadRequest(_("Choose whether the task is done or not."))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(f"{back.split('#')[0]}#task-{task.pk}")
