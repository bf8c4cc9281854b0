"""Funding for everyone (no sign-in): ``/subsidies/``.

* ``/subsidies/`` (``home``): the instruments in plain words, each regulation's rules,
  the open calls and the start of the eligibility self-check.
* ``/subsidies/zelftest/`` (``check``): the self-check. A GET form: the answers about the
  organisation (legal form, verified, recognition, wijk, self-organisation) and the
  request (category, kind of activity, day, amount, the capped cost lines). It lists
  every rule that fails, in plain words in the reader's language, or says you can apply
  with a link to the open call. The request rules are ``regulation.rules_check`` with
  ``Facts(organisation=None)``; the applicant rules are checked here against the answers,
  with the same sentences as ``eligibility_check``. A signed-in member may pick one of
  their organisations instead: then the register answers for it.
* ``/subsidies/<instrument>/`` (``instrument``): one instrument, its regulation now and
  every version (valid from, what changed), the rules as a file
  (``reglement.yaml`` / ``reglement.json``, ``?versie=N`` for an older version).
* ``/subsidies/oproepen/<call>/`` (``call``): a call: its period (Brussels time), line,
  what you can ask, the form's questions and the button to apply.
* ``/subsidies/toekenningen/`` (``awards``): the awards register with filters, totals per
  line and per year and the awards as JSON-LD; ``toekenningen.csv`` / ``.json``
  (360Giving) with the same filters; ``/subsidies/toekenningen/<identifier>/``
  (``award``) one award.

Unpublished instruments and calls are a 404. Anonymous answers are cached
(``@public_page``); pages that change with the clock (a call opens, the lead time before
an activity) at most ``CLOCK_SECONDS``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from middenveld.api.csv_export import csv_response
from middenveld.core.cache import public_page
from middenveld.core.errors import Invalid
from middenveld.core.models import District
from middenveld.funding import opendata
from middenveld.funding.models import (
    Award,
    AwardStatus,
    Budget,
    BudgetLine,
    Call,
    FieldType,
    Instrument,
    RegulationVersion,
)
from middenveld.funding.money import format_euros, parse_euros
from middenveld.funding.regulation import (
    Facts,
    RegulationFileError,
    describe,
    requirement,
    rules_check,
    rules_dump,
    rules_load,
)
from middenveld.organisations.eligibility import (  # the register's own sentences
    Requirement,
    _district_names,
    _join,
    _legal_labels,
    _recognition_names,
)
from middenveld.organisations.models import LegalForm, Membership, Organisation, Status

#: Anonymous copies of pages that change with the clock are kept at most this long.
CLOCK_SECONDS = 300
PER_PAGE = 50
PAST_CALLS = 20


# --- Small helpers --------------------------------------------------------------------------


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _euros(amount: Decimal | str) -> str:
    return format_euros(Decimal(amount), _language())


def _text(value: Any) -> str:
    """A label from a call's form or a regulation: ``{"nl": …, "en": …}`` or plain text."""
    if isinstance(value, dict):
        return str(value.get(_language()) or value.get("nl") or next(iter(value.values()), ""))
    return str(value or "")


def _param(request: HttpRequest, name: str, limit: int = 100) -> str:
    value = str(request.GET.get(name, ""))[: limit * 2]
    return "".join(ch for ch in value if ch.isprintable()).strip()[:limit]


def _never_cache_if_signed_in(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    return response


def normal_rules(version: RegulationVersion) -> dict[str, Any]:
    """The version's rules in their normal form (every rule with its default)."""
    try:
        return rules_load(json.dumps(version.rules), format="json")
    except RegulationFileError:
        # Stored rules were checked when saved; never let an old shape break a page.
        return dict(version.rules)


def _published_instrument(slug: str) -> Instrument:
    instrument = (
        Instrument.objects.filter(slug=slug[:60], published=True)
        .select_related("regulation")
        .first()
    )
    if instrument is None:
        raise Http404
    return instrument


def _apply_url(call: Call) -> str:
    """Where to start an application on ``call`` (``urls_apply``)."""
    return reverse("funding:application_start", args=[call.slug])


def _open_calls(now: Any = None) -> Any:
    now = now or timezone.now()
    return (
        Call.objects.filter(
            published=True, instrument__published=True, opens_at__lte=now, closes_at__gt=now
        )
        .select_related("instrument", "line__budget")
        .order_by("closes_at", "title")
    )


@dataclass
class RegulationView:
    """A regulation as the public sees it: the version in force and every version."""

    current: RegulationVersion | None
    sentences: list[str]
    versions: list[dict[str, Any]]
    rules: dict[str, Any] | None


#: The parts of a regulation's rules, in words (for "what changed").
RULE_PARTS: dict[str, Any] = {
    "applicants": gettext_lazy("who may apply"),
    "categories": gettext_lazy("categories and amounts"),
    "lead_time_days": gettext_lazy("how long before the activity a request must come in"),
    "rounds": gettext_lazy("deadline rounds"),
    "max_grants_per_year": gettext_lazy("grants per calendar year"),
    "cost_categories": gettext_lazy("cost categories"),
    "cost_caps": gettext_lazy("caps on cost categories"),
    "activity_types": gettext_lazy("kinds of activity"),
    "excluded_activity_types": gettext_lazy("kinds of activity that are not funded"),
    "attachments_required": gettext_lazy("required documents"),
}


def _changed_parts(previous: dict[str, Any] | None, rules: dict[str, Any]) -> list[str]:
    if previous is None:
        return []
    return [str(label) for key, label in RULE_PARTS.items() if previous.get(key) != rules.get(key)]


def _regulation_view(instrument: Instrument, today: date) -> RegulationView | None:
    regulation = getattr(instrument, "regulation", None)
    if regulation is None:
        return None
    versions = list(regulation.versions.order_by("valid_from", "number"))
    if not versions:
        return None
    current = None
    for version in versions:
        if version.valid_from <= today:
            current = version  # the latest that has started (ties: the highest number)
    rows: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for version in versions:
        rules = normal_rules(version)
        rows.append(
            {
                "version": version,
                "current": version is current,
                "future": version.valid_from > today,
                "changed": _changed_parts(previous, rules),
            }
        )
        previous = rules
    rows.reverse()
    in_force = normal_rules(current) if current else None
    return RegulationView(
        current=current,
        sentences=describe(in_force, _language()) if in_force else [],
        versions=rows,
        rules=in_force,
    )


# --- The self-check ---------------------------------------------------------------------------

YES, NO = "ja", "nee"


def _yes_no() -> list[tuple[str, str]]:
    return [("", _("Choose")), (YES, _("Yes")), (NO, _("No"))]


class SelfCheckForm(forms.Form):
    """The questions of the self-check for one regulation (built from its rules)."""

    instrument = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        rules: dict[str, Any],
        districts: list[District],
        organisations: list[Organisation],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "zelftest-%s")
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.capped = [cap["category"] for cap in rules.get("cost_caps", [])]
        names = {entry["code"]: _text(entry["name"]) for entry in rules.get("cost_categories", [])}
        self.uncapped = [code for code in names if code not in self.capped]
        if organisations:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Check for one of your organisations"),
                required=False,
                choices=[("", _("No, I answer the questions below myself"))]
                + [(str(o.pk), o.name) for o in organisations],
                help_text=_("Then we use what the register knows about the organisation."),
            )
        self.fields["legal_form"] = forms.ChoiceField(
            label=_("Legal form of your organisation"),
            required=False,
            choices=[("", _("Choose"))] + list(LegalForm.choices),
        )
        self.fields["verified"] = forms.ChoiceField(
            label=_("Is your organisation registered on this platform and verified by the city?"),
            required=False,
            choices=_yes_no(),
        )
        self.fields["recognised"] = forms.ChoiceField(
            label=_("Does your organisation have a valid recognition from the city?"),
            required=False,
            choices=_yes_no(),
        )
        self.fields["wijk"] = forms.ChoiceField(
            label=_("District (wijk) where your organisation is active"),
            required=False,
            choices=[("", _("Choose"))] + [(d.slug, d.name) for d in districts],
        )
        self.fields["self_organisation"] = forms.ChoiceField(
            label=_("Is your organisation a self-organisation?"),
            required=False,
            choices=_yes_no(),
        )
        self.fields["category"] = forms.ChoiceField(
            label=_("What do you ask for? (category)"),
            choices=[("", _("Choose"))]
            + [(entry["code"], _text(entry["name"])) for entry in rules["categories"]],
        )
        if rules.get("activity_types"):
            self.fields["activity_type"] = forms.ChoiceField(
                label=_("Kind of activity"),
                required=False,
                choices=[("", _("Choose"))]
                + [(entry["code"], _text(entry["name"])) for entry in rules["activity_types"]],
            )
        self.fields["activity_date"] = forms.DateField(
            label=_("Day the activity starts"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            error_messages={"invalid": _("Write the day as day/month/year, such as 15/09/2026.")},
        )
        self.fields["amount"] = forms.CharField(
            label=_("Amount you ask for, in euros"), required=False, max_length=40
        )
        for code in self.capped:
            self.fields[f"cost_{code}"] = forms.CharField(
                label=_("Cost for %(name)s in the budget of the activity, in euros")
                % {"name": names.get(code, code)},
                required=False,
                max_length=40,
            )
        if self.capped and self.uncapped:
            self.fields["total_budget"] = forms.CharField(
                label=_("Total budget of the activity, in euros"),
                required=False,
                max_length=40,
                help_text=_("All costs together, including the costs above."),
            )

    def _euros(self, name: str) -> Decimal | None:
        raw = str(self.cleaned_data.get(name) or "").strip()
        if not raw:
            return None
        try:
            return parse_euros(raw, field=name)
        except Invalid as error:
            self.add_error(name, str(error.message))
            return None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["amount_value"] = self._euros("amount")
        costs: dict[str, Decimal] = {}
        for code in self.capped:
            value = self._euros(f"cost_{code}")
            if value is not None:
                costs[code] = value
        total = self._euros("total_budget") if "total_budget" in self.fields else None
        if total is not None:
            listed = sum(costs.values(), Decimal(0))
            if total < listed:
                self.add_error(
                    "total_budget",
                    _("The total budget is less than the costs you listed: %(listed)s.")
                    % {"listed": _euros(listed)},
                )
            elif total > listed:
                # What is not a capped cost counts in the first other cost category.
                costs[self.uncapped[0]] = total - listed
        data["budget"] = costs
        return data


def _applicant_problems(need: Requirement, data: dict[str, Any], on: date) -> list[str]:
    """The applicant rules against the answers: the sentences of ``eligibility_check``."""
    problems: list[str] = []
    if need.verified and data.get("verified") != YES:
        problems.append(_("The organisation is not yet verified by the city."))
    form = data.get("legal_form") or ""
    if need.legal_forms and form not in need.legal_forms:
        if form:
            problems.append(
                _("This is only open to: %(forms)s. Your organisation is: %(form)s.")
                % {
                    "forms": _join(_legal_labels(need.legal_forms)),
                    "form": dict(LegalForm.choices).get(form, form),
                }
            )
        else:
            problems.append(
                _("This is only open to: %(forms)s. Choose the legal form of your organisation.")
                % {"forms": _join(_legal_labels(need.legal_forms))}
            )
    if need.recognitions and data.get("recognised") != YES:
        problems.append(
            _("This needs a recognition that is valid on %(day)s: %(names)s.")
            % {
                "day": on.strftime("%d/%m/%Y"),
                "names": _join(_recognition_names(need.recognitions)),
            }
        )
    if need.districts and data.get("wijk") not in need.districts:
        problems.append(
            _("This is only open to organisations active in: %(districts)s.")
            % {"districts": _join(_district_names(need.districts))}
        )
    if need.self_organisation and data.get("self_organisation") != YES:
        problems.append(_("This is only open to self-organisations."))
    return problems


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)
    organisation: Organisation | None = None

    @property
    def eligible(self) -> bool:
        return not self.problems


def self_check(
    *,
    instrument: Instrument,
    rules: dict[str, Any],
    data: dict[str, Any],
    organisation: Organisation | None = None,
    now: Any = None,
) -> CheckResult:
    """Every rule of ``rules`` that the answers (or ``organisation``) do not meet."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    grants = 0
    if organisation is not None:
        grants = (
            Award.objects.filter(
                organisation=organisation,
                line__budget__instrument=instrument,
                decided_on__year=today.year,
            )
            .exclude(status=AwardStatus.CANCELLED)
            .count()
        )
    facts = Facts(
        organisation=organisation,
        category=data.get("category") or "",
        submitted_at=now,
        activity_type=data.get("activity_type") or None,
        activity_starts_on=data.get("activity_date"),
        amount=data.get("amount_value"),
        budget=data.get("budget") or {},
        # Documents come with the application; the self-check is about eligibility.
        attachments=frozenset(entry["code"] for entry in rules.get("attachments_required", [])),
        grants_this_year=grants,
    )
    problems: list[str] = []
    if organisation is None:
        problems.extend(
            _applicant_problems(requirement(rules), data, data.get("activity_date") or today)
        )
    problems.extend(rules_check(rules, facts))
    return CheckResult(problems=problems, organisation=organisation)


def _regulation_instruments(today: date) -> list[tuple[Instrument, RegulationView]]:
    instruments = Instrument.objects.filter(published=True).select_related("regulation")
    found = []
    for instrument in instruments:
        view = _regulation_view(instrument, today)
        if view is not None and view.current is not None:
            found.append((instrument, view))
    return found


def _member_organisations(request: HttpRequest) -> list[Organisation]:
    if not request.user.is_authenticated:
        return []
    return [
        membership.organisation
        for membership in Membership.objects.filter(user_id=request.user.pk)
        .select_related("organisation")
        .order_by("organisation__name")
    ]


def _check_form(
    request: HttpRequest,
    instrument: Instrument,
    rules: dict[str, Any],
    *,
    bound: bool,
) -> SelfCheckForm:
    return SelfCheckForm(
        request.GET if bound else None,
        initial={"instrument": instrument.slug},
        rules=rules,
        districts=list(District.objects.order_by("name")),
        organisations=_member_organisations(request),
    )


# --- Pages ------------------------------------------------------------------------------------


@public_page(seconds=CLOCK_SECONDS)
@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    instruments = list(Instrument.objects.filter(published=True).select_related("regulation"))
    regulations = {}
    for instrument in instruments:
        view = _regulation_view(instrument, today)
        if view is not None:
            regulations[instrument.pk] = view
    checkable = [i for i in instruments if regulations.get(i.pk) and regulations[i.pk].current]
    context: dict[str, Any] = {
        "instruments": [(i, regulations.get(i.pk)) for i in instruments],
        "calls": list(_open_calls()),
        "checkable": checkable,
        "form": None,
    }
    if len(checkable) == 1:
        only = checkable[0]
        context["form"] = _check_form(request, only, regulations[only.pk].rules or {}, bound=False)
        context["form_instrument"] = only
    response = render(request, "funding/home.html", context)
    return _never_cache_if_signed_in(request, response)


@public_page(seconds=CLOCK_SECONDS)
@require_http_methods(["GET", "HEAD"])
def check(request: HttpRequest) -> HttpResponse:
    """The eligibility self-check (GET; nothing is stored)."""
    today = timezone.localdate()
    checkable = _regulation_instruments(today)
    slug = _param(request, "instrument", 60)
    chosen = next(((i, v) for i, v in checkable if i.slug == slug), None)
    context: dict[str, Any] = {"checkable": [i for i, _v in checkable], "chosen": None}
    status = 200
    if slug and chosen is None:
        context["unknown_instrument"] = True
        status = 404
    if chosen is None:
        response = render(request, "funding/public/check.html", context, status=status)
        return _never_cache_if_signed_in(request, response)
    instrument, view = chosen
    rules = view.rules or {}
    answered = "category" in request.GET
    form = _check_form(request, instrument, rules, bound=answered)
    context.update({"chosen": instrument, "regulation": view, "form": form})
    if answered:
        if form.is_valid():
            organisation = None
            picked = form.cleaned_data.get("organisation")
            if picked:
                organisation = next(
                    (o for o in _member_organisations(request) if str(o.pk) == picked), None
                )
            result = self_check(
                instrument=instrument,
                rules=rules,
                data=form.cleaned_data,
                organisation=organisation,
            )
            context["result"] = result
            context["calls"] = [
                {"call": call, "apply_url": _apply_url(call)}
                for call in _open_calls().filter(instrument=instrument)
            ]
        else:
            status = 400
    response = render(request, "funding/public/check.html", context, status=status)
    return _never_cache_if_signed_in(request, response)


@public_page(seconds=CLOCK_SECONDS)
@require_http_methods(["GET", "HEAD"])
def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = _published_instrument(slug)
    today = timezone.localdate()
    view = _regulation_view(instrument, today)
    now = timezone.now()
    calls = list(
        instrument.calls.filter(published=True)
        .select_related("line__budget")
        .order_by("-opens_at")[: PAST_CALLS + 20]
    )
    context: dict[str, Any] = {
        "instrument": instrument,
        "regulation": view,
        "open_calls": [c for c in calls if c.is_open(now)],
        "coming_calls": [c for c in calls if c.opens_at > now],
        "past_calls": [c for c in calls if c.closes_at <= now][:PAST_CALLS],
        "form": None,
    }
    if view is not None and view.current is not None and view.rules:
        context["form"] = _check_form(request, instrument, view.rules, bound=False)
    response = render(request, "funding/public/instrument.html", context)
    return _never_cache_if_signed_in(request, response)


def _version_for_file(request: HttpRequest, instrument: Instrument) -> RegulationVersion:
    regulation = getattr(instrument, "regulation", None)
    if regulation is None:
        raise Http404
    number = _param(request, "versie", 6)
    if number:
        if not number.isdigit():
            raise Http404
        version = regulation.versions.filter(number=int(number)).first()
    else:
        version = regulation.current()
    if version is None:
        raise Http404
    return version


@public_page
@require_http_methods(["GET", "HEAD"])
def regulation_file(request: HttpRequest, slug: str, format: str) -> HttpResponse:  # noqa: A002
    """The rules of the version in force (or ``?versie=N``) as YAML or JSON."""
    instrument = _published_instrument(slug)
    version = _version_for_file(request, instrument)
    rules = normal_rules(version)
    content_type = (
        "application/yaml; charset=utf-8" if format == "yaml" else "application/json; charset=utf-8"
    )
    text = rules_dump(rules, format="yaml" if format == "yaml" else "json")
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{instrument.slug}-versie-{version.number}.{format}"'
    )
    return response


def _call_questions(call: Call) -> list[dict[str, Any]]:
    labels = dict(FieldType.choices)
    questions = []
    for item in call.form or []:
        if not isinstance(item, dict):
            continue
        questions.append(
            {
                "label": _text(item.get("label")) or str(item.get("key", "")),
                "help": _text(item.get("help")),
                "type": str(labels.get(item.get("type", ""), item.get("type", ""))),
                "required": bool(item.get("required")),
                "choices": ", ".join(_text(choice) for choice in item.get("choices") or []),
            }
        )
    return questions


@public_page(seconds=CLOCK_SECONDS)
@require_http_methods(["GET", "HEAD"])
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = (
        Call.objects.filter(slug=slug[:80], published=True, instrument__published=True)
        .select_related("instrument", "line__budget", "regulation_version")
        .first()
    )
    if call is None:
        raise Http404
    now = timezone.now()
    version = call.regulation_version
    if version is None and hasattr(call.instrument, "regulation"):
        version = call.instrument.regulation.current()
    rules = normal_rules(version) if version is not None else None
    categories = []
    for entry in (rules or {}).get("categories", []):
        if "fixed_amount" in entry:
            amount = _("a fixed amount of %(amount)s") % {"amount": _euros(entry["fixed_amount"])}
        else:
            amount = _("at most %(amount)s") % {"amount": _euros(entry["max_amount"])}
        categories.append({"name": _text(entry["name"]), "amount": amount})
    context = {
        "call": call,
        "is_open": call.is_open(now),
        "not_yet": call.opens_at > now,
        "apply_url": _apply_url(call),
        "version": version,
        "sentences": describe(rules, _language()) if rules else [],
        "categories": categories,
        "questions": _call_questions(call),
    }
    response = render(request, "funding/public/call.html", context)
    return _never_cache_if_signed_in(request, response)


# --- The awards register ------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    instruments: list[Instrument]
    lines: list[BudgetLine]
    districts: list[District]
    years: list[int]


def _filter_options() -> FilterOptions:
    return FilterOptions(
        instruments=list(Instrument.objects.filter(budgets__isnull=False).distinct()),
        lines=list(
            BudgetLine.objects.select_related("budget__instrument").order_by(
                "-budget__year", "budget__instrument__order", "code"
            )
        ),
        districts=list(District.objects.order_by("name")),
        years=list(Budget.objects.order_by("-year").values_list("year", flat=True).distinct()),
    )


def _read_filters(
    request: HttpRequest, options: FilterOptions | None = None
) -> tuple[opendata.AwardFilters, opendata.FilterProblems]:
    if options is None:
        return opendata.award_filters_read(request.GET)
    return opendata.award_filters_read(
        request.GET,
        instruments=[i.slug for i in options.instruments],
        lines=[line.pk for line in options.lines],
        districts=[d.slug for d in options.districts],
    )


@public_page
@require_http_methods(["GET", "HEAD"])
def awards(request: HttpRequest) -> HttpResponse:
    options = _filter_options()
    filters, problems = _read_filters(request, options)
    totals = opendata.award_totals(filters)
    paginator = Paginator(opendata.award_list(filters, districts=True), PER_PAGE)
    # The totals already counted the rows: no second COUNT query.
    paginator.__dict__["count"] = totals.count
    page = paginator.get_page(_param(request, "pagina", 10))
    rows = list(page.object_list)
    language = _language()
    for award in rows:
        award.amount_text = format_euros(award.amount, language)  # type: ignore[attr-defined]
        award.recipient_public = award.organisation.status == Status.VERIFIED  # type: ignore[attr-defined]
    params = filters.as_params()
    context = {
        "page": page,
        "rows": rows,
        "totals": totals,
        "total_text": format_euros(totals.total, language),
        "line_totals": [(row, format_euros(row.total, language)) for row in totals.lines],
        "year_totals": [(row, format_euros(row.total, language)) for row in totals.years],
        "filters": filters,
        "options": options,
        "problems": problems.fields,
        "query_string": urlencode(params),
        "jsonld": opendata.jsonld_script(opendata.awards_jsonld(rows)),
    }
    status = 400 if problems else 200
    return render(request, "funding/public/awards.html", context, status=status)


def _download_refused(problems: opendata.FilterProblems) -> HttpResponse:
    text = "\n".join(problems.fields.values()) + "\n"
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


@require_http_methods(["GET", "HEAD"])
def awards_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The register as 360Giving CSV (every award matching the filters)."""
    filters, problems = _read_filters(request)
    if problems:
        return _download_refused(problems)
    awards = opendata.award_list(filters, districts=True)
    rows = (opendata.award_csv_row(award) for award in awards.iterator(chunk_size=1000))
    return csv_response("subsidies-toekenningen.csv", opendata.CSV_HEADER, rows)


@require_http_methods(["GET", "HEAD"])
def awards_json(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The register as a 360Giving JSON data package (``{"grants": [...]}``)."""
    filters, problems = _read_filters(request)
    if problems:
        return _download_refused(problems)
    awards = opendata.award_list(filters, districts=True)
    response = StreamingHttpResponse(
        opendata.awards_360_stream(awards), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="subsidies-toekenningen.json"'
    return response


@public_page
@require_http_methods(["GET", "HEAD"])
def award_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    award = opendata.award_get(identifier)
    if award is None:
        raise Http404
    context = {
        "award": award,
        "amount_text": _euros(award.amount),
        "reclaimed_text": _euros(award.reclaimed) if award.reclaimed else "",
        "recipient_public": award.organisation.status == Status.VERIFIED,
        "recipient_id": opendata.recipient_identifier(award.organisation),
        "districts": list(award.organisation.districts.all()),
        "jsonld": opendata.jsonld_script(opendata.award_jsonld(award)),
    }
    return render(request, "funding/public/award.html", context)
