"""The public advice tracker and the signals pages of the middenveldparlement.

* ``/middenveldparlement/adviezen/``: every advice to the city with its answer, or how many
  days the answer is overdue. Anonymous answers are cached for at most an hour: the days
  overdue change with the date, not only with an edit.
* ``/middenveldparlement/adviezen/<number>/``: one advice; city staff answer it there.
* ``/middenveldparlement/signalen/``: signed in. City staff see, tag and group all signals;
  a member sees the signals of their own organisations.
* ``/middenveldparlement/signalen/nieuw/``: a member files a signal for their organisation.
* ``/middenveldparlement/signalen/bundel/<year>/`` (and ``.pdf``): the public yearly report,
  counts and titles only, never people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.cache import content_version, public_page
from middenveld.core.errors import DomainError
from middenveld.core.models import District
from middenveld.organisations.forms import add_domain_error
from middenveld.parliament import report as pdf_report
from middenveld.parliament import selectors, services
from middenveld.parliament.forms_advice import AdviceAnswerForm, SignalForm, SignalSortForm
from middenveld.parliament.models import Advice, Signal, SignalGroup, SignalTag, Theme

PER_PAGE = 50
SIGNALS_PER_PAGE = 50
# The tracker shows days overdue: an anonymous copy is kept at most this long.
TRACKER_SECONDS = 3600
PDF_SECONDS = 3600
UNGROUPED = "geen"


def _param(request: HttpRequest, name: str) -> str:
    value = request.GET.get(name, "")[:100]
    return "".join(ch for ch in value if ch.isprintable()).strip()


def _year(value: str) -> int | None:
    """A year from a filter, or None when empty, not a number or out of range."""
    if not value.isdigit() or len(value) != 4:
        return None
    year = int(value)
    return year if selectors.year_in_range(year) else None


def _page_number(request: HttpRequest) -> str:
    return _param(request, "pagina")


# --- The advice tracker --------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceRow:
    """One line of the tracker: the advice and where its answer stands today."""

    advice: Advice
    state: str  # "answered", "overdue", "due_today" or "due"
    days: int


def _row(advice: Advice, today: date) -> AdviceRow:
    if advice.answer != Advice.Answer.WAITING:
        return AdviceRow(advice, "answered", 0)
    overdue = advice.days_overdue(today)
    if overdue:
        return AdviceRow(advice, "overdue", overdue)
    left = (advice.answer_due - today).days
    return AdviceRow(advice, "due_today" if left == 0 else "due", left)


@public_page(seconds=TRACKER_SECONDS)  # "N days overdue" changes with the date
@require_http_methods(["GET", "HEAD"])
def advice_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    answer_param, year_param, theme_param = (
        _param(request, "antwoord"),
        _param(request, "jaar"),
        _param(request, "thema"),
    )
    answer = answer_param if answer_param in selectors.ANSWER_FILTERS else ""
    year = _year(year_param)
    theme = theme_param if theme_param in Theme.values else ""
    unknown_filter = bool(
        (answer_param and not answer)
        or (year_param and year is None)
        or (theme_param and not theme)
    )

    counts = selectors.advice_counts(year=year, theme=theme, today=today)
    paginator = Paginator(
        selectors.advice_list(answer=answer, year=year, theme=theme, today=today), PER_PAGE
    )
    # The aggregate already counted the rows: no second COUNT query.
    paginator.__dict__["count"] = counts.for_filter(answer)
    page = paginator.get_page(_page_number(request))
    rows = [_row(advice, today) for advice in page.object_list]

    kept = {"antwoord": answer, "jaar": str(year) if year else "", "thema": theme}
    kept = {key: value for key, value in kept.items() if value}
    scope = {key: value for key, value in kept.items() if key != "antwoord"}
    list_url = reverse("parliament:advice_list")

    def link(answer_value: str) -> str:
        query = {**scope, **({"antwoord": answer_value} if answer_value else {})}
        return f"{list_url}?{urlencode(query)}" if query else list_url

    statuses = [
        ("", _("All advice"), counts.total),
        (Advice.Answer.WAITING.value, _("Waiting for an answer"), counts.waiting),
        (selectors.OVERDUE, _("Overdue"), counts.overdue),
        (Advice.Answer.ACCEPTED.value, _("Accepted"), counts.accepted),
        (Advice.Answer.PARTLY.value, _("Partly accepted"), counts.partly),
        (Advice.Answer.NOT_ACCEPTED.value, _("Not accepted"), counts.not_accepted),
    ]
    return render(
        request,
        "parliament/advice_list.html",
        {
            "page": page,
            "rows": rows,
            "counts": counts,
            "statuses": [
                {"value": value, "label": label, "count": count, "url": link(value)}
                for value, label, count in statuses
            ],
            "answer": answer,
            "year": year,
            "theme": theme,
            "years": counts.years,
            "themes": Theme.choices,
            "unknown_filter": unknown_filter,
            "filtered": bool(kept),
            "query_string": urlencode(kept),
            "today": today,
        },
    )


def _advice(number: str) -> Advice:
    try:
        return selectors.advice_get(number[:20])
    except Advice.DoesNotExist:
        raise Http404 from None


def _advice_page(
    request: HttpRequest,
    advice: Advice,
    *,
    may_answer: bool,
    form: AdviceAnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    if may_answer and form is None:
        initial = {}
        if advice.answer != Advice.Answer.WAITING:
            initial = {
                "answer": advice.answer,
                "reasons": advice.answer_reasons,
                "actions": advice.answer_actions,
            }
        form = AdviceAnswerForm(initial=initial)
    motion = advice.motion
    response = render(
        request,
        "parliament/advice_detail.html",
        {
            "advice": advice,
            "row": _row(advice, today),
            "motion": motion,
            "session": motion.item.session if motion is not None else None,
            "form": form if may_answer else None,
        },
        status=status,
    )
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    return response


@public_page(seconds=TRACKER_SECONDS)  # "N days overdue" changes with the date
@require_http_methods(["GET", "HEAD", "POST"])
def advice_detail(request: HttpRequest, number: str) -> HttpResponse:
    advice = _advice(number)
    decision = rules.check("parliament.answer_advice", request.user, advice)
    if request.method != "POST":
        return _advice_page(request, advice, may_answer=bool(decision))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not decision:
        raise PermissionDenied(str(decision.reason))
    form = AdviceAnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.advice_answer(
                advice=advice,
                by=request.user,
                answer=data["answer"],
                reasons=data["reasons"],
                actions=data["actions"],
            )
        except DomainError as error:
            if error.http_status == 403:
                raise PermissionDenied(str(error.message)) from None
            add_domain_error(form, error)
        else:
            messages.success(request, _("The answer is saved. The public tracker shows it."))
            return redirect(advice.get_absolute_url())
    return _advice_page(request, advice, may_answer=True, form=form, status=422)


# --- Signals -------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signal_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignalForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.signal_file(
                    organisation=data["organisation"],
                    by=request.user,
                    title=data["title"],
                    text=data["text"],
                    theme=data["theme"],
                    district=data["district"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your signal is sent. The city reads it and sorts it."),
                )
                return redirect("parliament:signals")
        status = 422
    else:
        form = SignalForm(user=request.user)
        status = 200
    return render(
        request,
        "parliament/signal_new.html",
        {"form": form, "has_organisations": bool(form.organisations)},
        status=status,
    )


def _signal_year(signal: Signal) -> int:
    return timezone.localtime(signal.filed_at).year


def _sort(request: HttpRequest) -> HttpResponse:
    """Staff set the tags and the group of one signal, then go back to the same list."""
    back = request.get_full_path()
    signal_id = request.POST.get("signal", "")
    signal = (
        Signal.objects.filter(pk=int(signal_id)).first()
        if signal_id.isdigit() and len(signal_id) < 19
        else None
    )
    if signal is None:
        messages.error(request, _("This signal does not exist (any more)."))
        return redirect(back)
    back = f"{back}#signal-{signal.pk}"
    year = _signal_year(signal)
    form = SignalSortForm(request.POST, groups=selectors.signal_groups({year}))
    if not form.is_valid():
        problems = " ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(
            request,
            _("The signal “%(title)s” was not changed. %(problems)s")
            % {"title": signal.title, "problems": problems},
        )
        return redirect(back)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            group = data["group"]
            if data["new_group"]:
                # Made in the same transaction: undone when sorting fails.
                group = services.signal_group_create(
                    by=request.user, title=data["new_group"], year=year
                )
            services.signal_sort(signal=signal, by=request.user, tags=data["tags"], group=group)
    except DomainError as error:
        if error.http_status == 403:
            raise PermissionDenied(str(error.message)) from None
        messages.error(
            request,
            _("The signal “%(title)s” was not changed. %(problems)s")
            % {"title": signal.title, "problems": error.message},
        )
        return redirect(back)
    messages.success(request, _("The signal “%(title)s” is sorted.") % {"title": signal.title})
    return redirect(back)


def _by_pk(model: Any, value: str) -> Any:
    if not value.isdigit() or len(value) > 18:
        return None
    return model.objects.filter(pk=int(value)).first()


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    manage = bool(rules.check("parliament.manage_signals", user))
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("Only city staff can sort signals."))
        return _sort(request)

    filters: dict[str, Any] = {}
    kept: dict[str, str] = {}
    unknown_filter = False
    context: dict[str, Any] = {"manage": manage}
    if manage:
        year_param, theme_param = _param(request, "jaar"), _param(request, "thema")
        district_param, tag_param = _param(request, "wijk"), _param(request, "label")
        group_param = _param(request, "groep")
        year = _year(year_param)
        theme = theme_param if theme_param in Theme.values else ""
        district = District.objects.filter(slug=district_param).first() if district_param else None
        tag = _by_pk(SignalTag, tag_param) if tag_param else None
        ungrouped = group_param == UNGROUPED
        group = None if ungrouped or not group_param else _by_pk(SignalGroup, group_param)
        unknown_filter = bool(
            (year_param and year is None)
            or (theme_param and not theme)
            or (district_param and district is None)
            or (tag_param and tag is None)
            or (group_param and not ungrouped and group is None)
        )
        filters = {
            "year": year,
            "theme": theme,
            "district": district,
            "tag": tag,
            "group": group,
            "ungrouped": ungrouped,
        }
        kept = {
            "jaar": str(year) if year else "",
            "thema": theme,
            "wijk": district.slug if district else "",
            "label": str(tag.pk) if tag else "",
            "groep": UNGROUPED if ungrouped else (str(group.pk) if group else ""),
        }
        kept = {key: value for key, value in kept.items() if value}
        context.update(
            {
                "filters": filters,
                "years": selectors.signal_years(),
                "themes": Theme.choices,
                "districts": list(District.objects.only("slug", "name")),
                "tags": list(SignalTag.objects.all()),
                "all_groups": selectors.signal_groups(),
                "ungrouped_value": UNGROUPED,
            }
        )

    rows = selectors.signal_list(user=user, everything=manage, **filters)
    page = Paginator(rows, SIGNALS_PER_PAGE).get_page(_page_number(request))
    signals = list(page.object_list)
    if not manage:
        # The query already keeps to the person's organisations; the rule says so too.
        signals = [s for s in signals if rules.check("parliament.view_signal", user, s)]
    else:
        years = {_signal_year(signal) for signal in signals}
        by_year: dict[int, list[SignalGroup]] = {year: [] for year in years}
        for group_row in selectors.signal_groups(years):
            by_year.setdefault(group_row.year, []).append(group_row)
        for signal in signals:
            signal.year_groups = by_year.get(_signal_year(signal), [])  # type: ignore[attr-defined]
            signal.tag_text = ", ".join(t.name for t in signal.tags.all())  # type: ignore[attr-defined]
    context.update(
        {
            "page": page,
            "signals": signals,
            "unknown_filter": unknown_filter,
            "filtered": bool(kept),
            "query_string": urlencode(kept),
            "here": request.get_full_path(),
        }
    )
    return render(request, "parliament/signal_list.html", context)


# --- The yearly report ---------------------------------------------------------------------


def _report_year(year: int) -> int:
    if not selectors.year_in_range(year):
        raise Http404
    return year


@public_page
@require_http_methods(["GET", "HEAD"])
def signal_report(request: HttpRequest, year: int) -> HttpResponse:
    report = selectors.signal_report(_report_year(year))
    today = timezone.localdate()
    context = {
        "report": report,
        "total_sentence": pdf_report.total_sentence(report.total, report.year),
        "organisations_sentence": pdf_report.organisations_sentence(report.organisations),
        "groups": [
            {
                "group": group,
                "sentence": (
                    f"{pdf_report.signals_sentence(len(group.titles))} "
                    f"{pdf_report.organisations_sentence(group.organisations)}"
                ),
            }
            for group in report.groups
        ],
        "previous_year": year - 1 if selectors.year_in_range(year - 1, today) else None,
        "next_year": year + 1 if year + 1 <= today.year else None,
    }
    return render(request, "parliament/signal_report.html", context)


@require_http_methods(["GET", "HEAD"])
def signal_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    year = _report_year(year)
    language = get_language() or "nl"
    # The same for everyone: kept under the public content version, like the page.
    key = f"parliament:signal-report-pdf:{language}:{year}:{content_version()}"
    data = cache.get(key)
    if data is None:
        data = pdf_report.signal_report_pdf(selectors.signal_report(year), language=language)
        cache.set(key, data, PDF_SECONDS)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_report.report_filename(year)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
