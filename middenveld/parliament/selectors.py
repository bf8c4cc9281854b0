"""The parliament's read side for the advice tracker and the signals pages.

Pages and the yearly report read through these functions, so what a template touches is
fetched up front, in a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from middenveld.organisations.models import Membership
from middenveld.parliament.models import Advice, Signal, SignalGroup, SignalTag, Theme
from middenveld.parliament.services import advice_overdue_filter, signals_of_year

# The answer filter of the tracker: the stored answers plus "overdue" (waiting, past due).
OVERDUE = "overdue"
ANSWER_FILTERS = (*Advice.Answer.values, OVERDUE)
FIRST_YEAR = 2000

# Only what the tracker shows: the text of an advice stays on its own page.
_ADVICE_LIST_FIELDS = (
    "id",
    "number",
    "title",
    "theme",
    "sent_on",
    "answer_due",
    "answer",
    "answered_on",
    "body__name",
)


def year_in_range(year: int, today: date | None = None) -> bool:
    """Years a report or filter may ask for: 2000 up to next year."""
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year + 1


def _year_bounds(year: int) -> Q:
    # A range on the column itself, so an index on sent_on can serve it.
    return Q(sent_on__gte=date(year, 1, 1), sent_on__lt=date(year + 1, 1, 1))


# --- Advice --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceCounts:
    total: int
    waiting: int
    overdue: int
    accepted: int
    partly: int
    not_accepted: int
    first_year: int | None
    last_year: int | None

    @property
    def answered(self) -> int:
        return self.accepted + self.partly + self.not_accepted

    def for_filter(self, answer: str) -> int:
        """How many rows the list shows with this answer filter ("" for all)."""
        if not answer:
            return self.total
        return int(getattr(self, answer))

    @property
    def years(self) -> list[int]:
        if self.first_year is None or self.last_year is None:
            return []
        return list(range(self.last_year, self.first_year - 1, -1))


def advice_counts(
    *, year: int | None = None, theme: str = "", today: date | None = None
) -> AdviceCounts:
    """Counts per answer for the year and theme chosen, and the span of years, in one query."""
    today = today or timezone.localdate()
    scope = Q()
    if year is not None:
        scope &= _year_bounds(year)
    if theme:
        scope &= Q(theme=theme)
    found = Advice.objects.aggregate(
        total=Count("id", filter=scope),
        waiting=Count("id", filter=scope & Q(answer=Advice.Answer.WAITING)),
        overdue=Count("id", filter=scope & advice_overdue_filter(today)),
        accepted=Count("id", filter=scope & Q(answer=Advice.Answer.ACCEPTED)),
        partly=Count("id", filter=scope & Q(answer=Advice.Answer.PARTLY)),
        not_accepted=Count("id", filter=scope & Q(answer=Advice.Answer.NOT_ACCEPTED)),
        first=Min("sent_on"),
        last=Max("sent_on"),
    )
    return AdviceCounts(
        total=found["total"],
        waiting=found["waiting"],
        overdue=found["overdue"],
        accepted=found["accepted"],
        partly=found["partly"],
        not_accepted=found["not_accepted"],
        first_year=found["first"].year if found["first"] else None,
        last_year=found["last"].year if found["last"] else None,
    )


def advice_list(
    *, answer: str = "", year: int | None = None, theme: str = "", today: date | None = None
) -> QuerySet[Advice]:
    """The tracker's rows, newest first; the overdue ones with the longest wait first.

    Only the columns the list shows. ``answer`` is one of ``ANSWER_FILTERS`` or "".
    """
    today = today or timezone.localdate()
    rows = Advice.objects.select_related("body").only(*_ADVICE_LIST_FIELDS)
    if answer == OVERDUE:
        # Served by the index on (answer, answer_due).
        rows = rows.filter(advice_overdue_filter(today)).order_by("answer_due", "id")
    elif answer:
        rows = rows.filter(answer=answer)
    if year is not None:
        rows = rows.filter(_year_bounds(year))
    if theme:
        rows = rows.filter(theme=theme)
    return rows


def advice_get(number: str) -> Advice:
    """One advice with the body and the session and motion it came from.

    Raises ``Advice.DoesNotExist``.
    """
    return Advice.objects.select_related("body", "motion__item__session").get(number=number)


# --- Signals -------------------------------------------------------------------------------


def signal_years() -> list[int]:
    """The years in which signals were filed, newest first."""
    return sorted(
        {moment.year for moment in Signal.objects.datetimes("filed_at", "year")}, reverse=True
    )


def signal_list(
    *,
    user: Any,
    everything: bool,
    year: int | None = None,
    theme: str = "",
    district: Any = None,
    tag: SignalTag | None = None,
    group: SignalGroup | None = None,
    ungrouped: bool = False,
) -> QuerySet[Signal]:
    """Signals with what the list shows. ``everything`` (city staff): all signals, else only
    the signals of the person's own organisations."""
    rows = Signal.objects.select_related("organisation", "district", "group").prefetch_related(
        "tags"
    )
    if not everything:
        rows = rows.filter(
            organisation__in=Membership.objects.filter(user_id=user.pk).values("organisation_id")
        )
    if year is not None:
        rows = rows.filter(filed_at__year=year)
    if theme:
        rows = rows.filter(theme=theme)
    if district is not None:
        rows = rows.filter(district=district)
    if tag is not None:
        rows = rows.filter(tags=tag)
    if ungrouped:
        rows = rows.filter(group__isnull=True)
    elif group is not None:
        rows = rows.filter(group=group)
    return rows


def signal_groups(years: set[int] | None = None) -> list[SignalGroup]:
    """Groups of signals (of the given years), newest year first."""
    groups = SignalGroup.objects.all()
    if years is not None:
        groups = groups.filter(year__in=years)
    return list(groups)


# --- The yearly report ---------------------------------------------------------------------


@dataclass
class ReportGroup:
    title: str
    summary: str
    titles: list[str] = field(default_factory=list)
    organisations: int = 0


@dataclass
class ThemeTitles:
    theme: str
    label: str
    titles: list[str]


@dataclass
class SignalReport:
    """The signalenbundel of a year: counts and titles, never people or organisations."""

    year: int
    total: int
    organisations: int
    per_theme: list[tuple[str, int]]
    per_district: list[tuple[str | None, int]]
    groups: list[ReportGroup]
    ungrouped: list[ThemeTitles]

    @property
    def ungrouped_total(self) -> int:
        return sum(len(item.titles) for item in self.ungrouped)


def signal_report(year: int) -> SignalReport:
    """Everything the yearly report shows, in two queries.

    A signal is listed under its group when the group belongs to the same year; every
    other signal of the year is listed with the ungrouped ones, by theme.
    """
    labels = dict(Theme.choices)
    order = {value: index for index, value in enumerate(Theme.values)}
    rows = list(
        signals_of_year(year)
        .order_by("filed_at", "id")
        .values_list("title", "theme", "district__name", "group_id", "organisation_id")
    )
    groups = {
        group.pk: group for group in SignalGroup.objects.filter(year=year).order_by("title", "id")
    }
    themes: Counter[str] = Counter()
    districts: Counter[str | None] = Counter()
    in_group: dict[int, list[tuple[str, int]]] = {pk: [] for pk in groups}
    loose: dict[str, list[str]] = {}
    for title, theme, district, group_id, organisation_id in rows:
        themes[theme] += 1
        districts[district] += 1
        if group_id in in_group:
            in_group[group_id].append((title, organisation_id))
        else:
            loose.setdefault(theme, []).append(title)
    report_groups = [
        ReportGroup(
            title=group.title,
            summary=group.summary,
            titles=[title for title, _org in in_group[pk]],
            organisations=len({org for _title, org in in_group[pk]}),
        )
        for pk, group in groups.items()
    ]
    return SignalReport(
        year=year,
        total=len(rows),
        organisations=len({row[4] for row in rows}),
        per_theme=sorted(
            ((str(labels.get(theme, theme)), n) for theme, n in themes.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        per_district=sorted(
            districts.items(), key=lambda item: (item[0] is None, -item[1], item[0] or "")
        ),
        groups=report_groups,
        ungrouped=[
            ThemeTitles(theme=theme, label=str(labels.get(theme, theme)), titles=titles)
            for theme, titles in sorted(loose.items(), key=lambda item: order.get(item[0], 99))
        ],
    )
