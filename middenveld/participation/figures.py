"""Who took part in a process: organisations, by legal form, kind of work, wijk and
working language. Never a person's origin: the figures count organisations, from what
the organisations register says about them, and nothing about the people in them.

Each way of taking part is a *source*: a function that, given a process, returns a
queryset of organisation ids (``values("organisation_id")`` or ``values_list(..., flat=True)``)
that took part that way. Proposals and comments are built in; other apps add theirs from
their ``apps.py`` ``ready()``::

    from django.utils.translation import gettext_lazy as _
    from middenveld.participation.figures import participation_source

    participation_source(
        "events.registrations",
        label=_("Registered for an event"),
        organisations=lambda process: Registration.objects.filter(
            event__process=process, organisation__isnull=False
        ).values("organisation_id"),
        order=30,
    )

The figures are a fixed number of queries whatever the number of organisations: one per
source (its distinct organisation ids), then the breakdowns over the union of all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import WORKING_FORMS, LegalForm, Organisation
from middenveld.participation.models import Comment, Process, Proposal

OrganisationsFn = Callable[[Process], QuerySet[Any]]


@dataclass(frozen=True)
class ParticipationSource:
    key: str
    label: str | Promise
    organisations: OrganisationsFn
    order: int = 100


_SOURCES: dict[str, ParticipationSource] = {}


def participation_source(
    key: str, *, label: str | Promise, organisations: OrganisationsFn, order: int = 100
) -> ParticipationSource:
    """Register (or replace) a way of taking part. Call once, from an app's ``ready()``."""
    source = ParticipationSource(key, label, organisations, order)
    _SOURCES[key] = source
    return source


def participation_sources() -> list[ParticipationSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


participation_source(
    "participation.proposals",
    label=_("Sent a proposal"),
    organisations=lambda process: Proposal.objects.filter(
        process=process, organisation__isnull=False
    ).values("organisation_id"),
    order=10,
)
participation_source(
    "participation.comments",
    label=_("Wrote a comment on behalf of the organisation"),
    organisations=lambda process: Comment.objects.filter(
        process=process, organisation__isnull=False
    ).values("organisation_id"),
    order=20,
)


@dataclass
class Figures:
    process: Process
    total: int = 0
    by_source: list[tuple[str, int]] = field(default_factory=list)
    by_legal_form: list[tuple[str, int]] = field(default_factory=list)
    by_working_form: list[tuple[str, int]] = field(default_factory=list)
    by_district: list[tuple[str, int]] = field(default_factory=list)
    by_language: list[tuple[str, int]] = field(default_factory=list)
    proposals: int = 0
    comments: int = 0
    people_commenting: int = 0


def _ids(source: ParticipationSource, process: Process) -> set[int]:
    """The organisation ids of one source, whatever shape of queryset it returns:
    ``values("x_id")``, ``values_list("x_id", flat=True)`` or Organisations."""
    rows = source.organisations(process)
    if getattr(rows, "model", None) is Organisation and getattr(rows, "_fields", None) is None:
        rows = rows.values_list("pk", flat=True)
    ids: set[int] = set()
    if hasattr(rows, "distinct"):
        rows = rows.order_by().distinct()
    for row in rows:
        value = next(iter(row.values())) if isinstance(row, dict) else row
        value = value[0] if isinstance(value, tuple) else value
        if value is not None:
            ids.add(int(value))
    return ids


def participation_figures(process: Process) -> Figures:
    """How many organisations took part in ``process``, in total, per way of taking part,
    and broken down by legal form, kind of work, wijk and working language."""
    figures = Figures(process=process)
    everyone: set[int] = set()
    for source in participation_sources():
        found = _ids(source, process)
        figures.by_source.append((str(source.label), len(found)))
        everyone |= found
    # Only organisations that still exist (an id from another app may be stale).
    ids = list(Organisation.objects.filter(pk__in=everyone).values_list("pk", flat=True))
    figures.total = len(ids)

    labels = dict(LegalForm.choices)
    forms = (
        Organisation.objects.filter(pk__in=ids)
        .values("legal_form")
        .annotate(n=Count("pk"))
        .order_by("-n", "legal_form")
    )
    figures.by_legal_form = [
        (str(labels.get(row["legal_form"], row["legal_form"])), row["n"]) for row in forms
    ]

    work = Organisation.objects.filter(pk__in=ids).aggregate(
        **{
            code: Count("pk", filter=Q(**{field_name: True}))
            for code, field_name, _l in WORKING_FORMS
        }
    )
    figures.by_working_form = sorted(
        ((str(label), work[code]) for code, _f, label in WORKING_FORMS), key=lambda row: -row[1]
    )

    through: Any = Organisation.districts.through
    districts = (
        through.objects.filter(organisation_id__in=ids)
        .values("district__name")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by("-n", "district__name")
    )
    figures.by_district = [(row["district__name"], row["n"]) for row in districts]
    without = Organisation.objects.filter(pk__in=ids, districts__isnull=True).count()
    if without:
        figures.by_district.append((str(_("No wijk given")), without))

    lang_through: Any = Organisation.languages.through
    languages = (
        lang_through.objects.filter(organisation_id__in=ids)
        .values("language__code", "language__name")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by("-n", "language__code")
    )
    figures.by_language = [(row["language__name"], row["n"]) for row in languages]
    no_language = Organisation.objects.filter(pk__in=ids, languages__isnull=True).count()
    if no_language:
        figures.by_language.append((str(_("No working language given")), no_language))

    figures.proposals = Proposal.objects.filter(process=process).count()
    comments = Comment.objects.filter(process=process)
    figures.comments = comments.count()
    figures.people_commenting = (
        comments.filter(author__isnull=False).values("author_id").distinct().count()
    )
    return figures
