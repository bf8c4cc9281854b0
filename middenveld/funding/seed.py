"""Demo data for funding basic work (werf 1).

Ghent puts EUR 750,000 a year into basic work. Three instruments share it, each with a
budget for this year and the years before (three at ``--scale 1``, ten from ``--scale 2``):

* **Subsidie basiswerking** (a regulation; EUR 450,000: werking 300,000, projecten 120,000,
  klein 30,000). Its rules are ``regulations/basiswerking.yaml`` (version 2, in force since
  1 January of this year) and an older version 1 (no start-up budget, catering at most
  10 %), in force since ten years ago, imported through ``services.setup``;
* **Convenant basiswerk** (multi-year agreements; EUR 200,000): one agreement over three
  years (last year to next year) with indicators, an indicator report and an amendment;
* **Werkingstoelage erkende verenigingen** (a distribution rule; EUR 100,000): committed
  distributions for the two previous years (scaled pro rata where they would exceed the
  line) and a preview for this year, through ``services.distribution``.

At ``--scale 1`` (``make run``), built through the services: the open call of this year
(``oproep-basiswerking-<year>``) with a form of every field type and a rubric; a closed call
of this year and one call in each of the two previous years; about forty applications of
demo organisations in every status (draft, submitted, returned, withdrawn, awarded,
rejected) with assessments (``assessment_submit``), decisions, awards (``award_create``),
payments (``payment_mark_paid``; advances paid, balances paid once the reports are in),
report obligations (filed, one overdue), a reclaim (``award_reclaim``), a declared conflict
of interest and a transfer between two lines. The assessors are beoordelaar@example.org
(Pieter Claes, city staff, a new demo account) and medewerker@example.org.

The demo accounts: burger@example.org is admin of Huiswerkklas De Brug, which has a
**draft** on the open call (made by burger) and an award of last year; Vrouwenvereniging
De Zonnebloem (burger is a member) has an application sent back for completion.

From ``--scale 2``: history. Each earlier year has five calls (werking, three rounds of
projects, small projects) with ``340 × scale`` applications, decided by score while the
line has money left (best first), and the open call gets ``60 × scale`` more submitted
applications. At ``--scale 10``: about 31,000 applications and 110,000 assessments. These
rows are written with ``bulk_create`` in batches, not through the services, but with the
services' invariants: a line's ``committed`` is the sum of its active awards minus what was
reclaimed and never more than its amount (tracked here, and the CHECK constraint is the last
word); ``paid`` is the sum of its paid payments; every decision has its frozen snapshot; an
application's assessors are different people.

Idempotent: instruments, regulations versions (by number), budgets (instrument, year), lines
(code), calls (slug: a call that exists is skipped with its applications), the agreement
(reference), distributions (line) and the transfer (its reason) are looked up first.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection
from django.db.models import F
from django.utils import timezone

from middenveld.accounts.models import Role, User
from middenveld.core.cache import bump_content_version
from middenveld.core.errors import DomainError
from middenveld.core.seeding import DEMO_PASSWORD, SeedContext, seeder
from middenveld.funding import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.funding.models import (
    Agreement,
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Assessment,
    Award,
    AwardStatus,
    Budget,
    BudgetLine,
    BudgetTransfer,
    Call,
    CallAssessor,
    Conflict,
    Decision,
    DistributionRun,
    FundingLog,
    Instrument,
    InstrumentKind,
    Payment,
    PaymentKind,
    RegulationVersion,
    ReportKind,
    ReportObligation,
    Snapshot,
)
from middenveld.funding.regulation import rules_dump, rules_load
from middenveld.funding.services.common import award_identifier, canonical_json, fingerprint
from middenveld.organisations.models import LegalForm, Membership, Organisation, Status
from middenveld.organisations.timeline import timeline_record

_SEED = "middenveld.funding.seed"
BATCH = 2000
CITIZEN = "burger@example.org"
STAFF = "medewerker@example.org"
ASSESSOR = ("beoordelaar@example.org", "Pieter Claes")
MORE_ASSESSORS = (
    ("beoordelaar2@example.org", "Nadia El Amrani"),
    ("beoordelaar3@example.org", "Jonas Wouters"),
    ("beoordelaar4@example.org", "Sofie Maes"),
    ("beoordelaar5@example.org", "Bram Dewulf"),
)
DE_BRUG = "huiswerkklas-de-brug"
ZONNEBLOEM = "vrouwenvereniging-de-zonnebloem"
ZONNEBLOEM_ADMIN = "ayse.yilmaz@example.org"
REGULATION_FILE = Path(__file__).parent / "regulations" / "basiswerking.yaml"
APPLICATIONS_PER_YEAR = 340  # per scale unit, from --scale 2
OPEN_CALL_EXTRA = 60  # per scale unit, from --scale 2
CENT = Decimal("0.01")
ADVANCE = Decimal("0.80")


def history_years(scale: int) -> int:
    """Years of budgets before this one."""
    return 2 if scale < 2 else 9


# (slug, name, kind, summary, [(line code, line name, amount)])
INSTRUMENTS: tuple[tuple[str, str, str, str, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "basiswerking",
        "Subsidie basiswerking",
        InstrumentKind.REGULATION,
        "Geld voor de werking en de projecten van verenigingen die basiswerk doen: "
        "ontmoeting, huiswerkbegeleiding, vorming, buurtwerk. Je vraagt aan binnen een "
        "oproep; een kleine aanvraag kan het hele jaar door.",
        (
            ("werking", "Werkingssubsidies", 300_000),
            ("projecten", "Projectsubsidies", 120_000),
            ("klein", "Kleine projecten en startbudgetten", 30_000),
        ),
    ),
    (
        "convenant-basiswerk",
        "Convenant basiswerk",
        InstrumentKind.AGREEMENT,
        "Een overeenkomst over meerdere jaren met een organisatie die in een wijk een "
        "vaste rol opneemt, met afspraken over wat ze elk jaar doet (indicatoren).",
        (("convenanten", "Meerjarige convenanten", 200_000),),
    ),
    (
        "werkingstoelage",
        "Werkingstoelage erkende verenigingen",
        InstrumentKind.DISTRIBUTION,
        "Elke erkende vereniging voor basiswerk krijgt een vast bedrag plus een bedrag per "
        "activiteit die ze het jaar voordien deed. Je hoeft niets aan te vragen.",
        (("toelagen", "Werkingstoelagen per activiteit", 100_000),),
    ),
)
DISTRIBUTION_RULE = {
    "base": "250.00",
    "tiers": [
        {"up_to": 10, "per_activity": "40.00"},
        {"up_to": None, "per_activity": "20.00"},
    ],
}
WIJK_CHOICES = ["Brugse Poort", "Rabot", "Sluizeken-Tolhuis-Ham", "Ledeberg", "Nieuw Gent", "Heel Gent"]  # fmt: skip

FORM_ROWS: list[dict[str, Any]] = [
    {"key": "doel", "type": "text", "required": True,
     "label": {"nl": "Wat wil je doen met de subsidie?", "en": "What do you want to do with the grant?"},
     "help": "Vertel in een paar zinnen wat je organiseert, voor wie en waarom."},
    {"key": "deelnemers", "type": "number", "required": True,
     "label": {"nl": "Hoeveel mensen bereik je?", "en": "How many people do you reach?"}},
    {"key": "eigen_inbreng", "type": "money", "required": False,
     "label": {"nl": "Eigen inbreng (in euro)", "en": "Your own contribution (in euros)"}},
    {"key": "startdatum", "type": "date", "required": True,
     "label": {"nl": "Wanneer start de activiteit?", "en": "When does the activity start?"}},
    {"key": "wijk", "type": "choice", "required": True, "choices": WIJK_CHOICES,
     "label": {"nl": "In welke wijk?", "en": "In which neighbourhood?"}},
    {"key": "begroting_bestand", "type": "file", "required": True, "attachment": "begroting",
     "label": {"nl": "Begroting van de activiteit", "en": "Budget of the activity"}},
    {"key": "statuten", "type": "file", "required": True, "attachment": "statuten",
     "label": {"nl": "Statuten of huishoudelijk reglement", "en": "Articles of association"}},
    {"key": "begroting", "type": "budget", "required": True,
     "label": {"nl": "Begroting per kostensoort", "en": "Budget per cost category"}},
]  # fmt: skip
RUBRIC_ROWS: list[dict[str, Any]] = [
    {"key": "relevantie", "weight": 3, "scale": 5,
     "label": {"nl": "Relevantie voor de buurt", "en": "Relevance for the neighbourhood"}},
    {"key": "bereik", "weight": 2, "scale": 5,
     "label": {"nl": "Bereik van kwetsbare groepen", "en": "Reach of vulnerable groups"}},
    {"key": "haalbaarheid", "weight": 2, "scale": 5,
     "label": {"nl": "Haalbaarheid en begroting", "en": "Feasibility and budget"}},
    {"key": "samenwerking", "weight": 1, "scale": 5,
     "label": {"nl": "Samenwerking met anderen", "en": "Working with others"}},
]  # fmt: skip

TITLES = (
    "Huiswerkbegeleiding na school", "Buurtfeest in de straat", "Zomerkamp voor kinderen",
    "Taalcafé voor nieuwkomers", "Vorming voor vrijwilligers", "Fietslessen voor vrouwen",
    "Ontmoetingsnamiddag voor ouderen", "Kookworkshop met buren", "Sportdag in het park",
    "Repair café", "Moestuin in de wijk", "Werking van onze vereniging",
    "Voorleesuurtje in de bib", "Naaiatelier", "Wandelgroep voor mama's",
    "Computerles voor senioren", "Speelnamiddag op het plein", "Praatgroep voor ouders",
)  # fmt: skip
COMMENTS = (
    "Sterk voorstel, goed verankerd in de buurt.",
    "De begroting is realistisch; de eigen inbreng is duidelijk.",
    "Bereikt een groep die we anders moeilijk bereiken.",
    "Weinig samenwerking met andere organisaties in de wijk.",
    "De planning is krap; vraag na of de zaal vrij is.",
)
REJECT_REASONS = (
    "De beschikbare middelen op deze lijn waren op; andere aanvragen scoorden hoger.",
    "De aanvraag scoort onvoldoende op relevantie en haalbaarheid.",
)
# A tiny, valid PDF for the demo attachments.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# --- Helpers ---------------------------------------------------------------------------------


def _at(day: date, clock: time = time(10, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH) if rows else []


def _money(value: Decimal | int | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_DOWN)


def _weighted_total(rubric: list[dict[str, Any]], scores: dict[str, int]) -> Decimal:
    from middenveld.funding.services.assessment import weighted_total

    return weighted_total(rubric, scores)


@dataclass
class Run:
    ctx: SeedContext
    today: date
    now: datetime
    rng: random.Random
    staff: User | None
    assessors: list[User]
    instruments: dict[str, Instrument] = field(default_factory=dict)
    versions: list[RegulationVersion] = field(default_factory=list)  # oldest first
    lines: dict[tuple[str, int, str], BudgetLine] = field(default_factory=dict)
    pool: list[int] = field(default_factory=list)  # organisations that apply
    members: dict[int, int] = field(default_factory=dict)  # organisation -> a member
    refs: dict[int, int] = field(default_factory=dict)  # year -> last reference number
    decisions: dict[int, int] = field(default_factory=dict)  # year -> last decision number

    @property
    def year(self) -> int:
        return self.today.year

    def reference(self, year: int) -> str:
        if year not in self.refs:
            self.refs[year] = Application.objects.filter(
                reference__startswith=f"SUB-{year}-"
            ).count()
        self.refs[year] += 1
        return f"SUB-{year}-{self.refs[year]:05d}"

    def decision_reference(self, year: int) -> str:
        if year not in self.decisions:
            self.decisions[year] = (
                1000 + Decision.objects.filter(reference__startswith=f"{year}_CBS_").count()
            )
        self.decisions[year] += 1
        return f"{year}_CBS_{self.decisions[year]:05d}"

    def version_on(self, day: date) -> RegulationVersion:
        found = self.versions[0]
        for version in self.versions:
            if version.valid_from <= day:
                found = version
        return found


def _account(email: str, name: str, role: str, ctx: SeedContext) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"name": name, "role": role, "email_verified_at": timezone.now()},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        ctx.count("accounts", 1)
    return user


# --- Instruments, regulations, budgets ---------------------------------------------------------


def _instruments(run: Run) -> None:
    for order, (slug, name, kind, summary, _lines) in enumerate(INSTRUMENTS, start=1):
        instrument, created = Instrument.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "summary": summary, "order": order},
        )
        run.ctx.count("funding instruments", int(created))
        run.instruments[slug] = instrument


def _import(run: Run, instrument: Instrument, number: int, rules: dict, valid_from: date, note: str) -> None:  # fmt: skip
    from middenveld.funding.services.setup import regulation_of, regulation_version_import

    regulation = regulation_of(instrument)
    if regulation.pk and regulation.versions.filter(number=number).exists():
        return
    regulation_version_import(
        regulation=regulation,
        text=rules_dump(rules),
        format="yaml",
        valid_from=valid_from,
        note=note,
        by=run.staff,
    )
    run.ctx.count("funding regulation versions", 1)


def _regulations(run: Run) -> None:
    current = rules_load(REGULATION_FILE.read_text(encoding="utf-8"))
    first = dict(current)
    first["categories"] = [c for c in current["categories"] if c["code"] != "startbudget"]
    first["cost_caps"] = [
        {**cap, "max_share": "0.10"} if cap["category"] == "catering" else cap
        for cap in current["cost_caps"]
    ]
    first = rules_load(rules_dump(first))
    basis = run.instruments["basiswerking"]
    _import(run, basis, 1, first, date(run.year - 10, 1, 1), "Eerste reglement als gegevens.")
    _import(
        run,
        basis,
        2,
        current,
        date(run.year, 1, 1),
        "Startbudget voor nieuwe buurtverenigingen; catering tot 15 procent.",
    )
    run.versions = list(
        RegulationVersion.objects.filter(regulation__instrument=basis).order_by("number")
    )
    # The distribution: every verified association with a valid recognition for basic work.
    toelage = {
        "schema": current["schema"],
        "applicants": {
            "verified": True,
            "legal_forms": ["VZW", "FV"],
            "recognitions": ["basiswerk"],
        },  # fmt: skip
        "categories": [
            {
                "code": "toelage",
                "name": {"nl": "Werkingstoelage", "en": "Operating allowance"},
                "max_amount": "5000.00",
            }
        ],  # fmt: skip
    }
    _import(
        run,
        run.instruments["werkingstoelage"],
        1,
        rules_load(rules_dump(toelage)),
        date(run.year - 10, 1, 1),
        "Reglement werkingstoelagen.",
    )


def _budgets(run: Run, years: list[int]) -> None:
    from middenveld.funding.services.budget import budget_create, line_create

    for slug, _name, _kind, _summary, lines in INSTRUMENTS:
        instrument = run.instruments[slug]
        for year in years:
            budget = Budget.objects.filter(instrument=instrument, year=year).first()
            if budget is None:
                budget = budget_create(instrument=instrument, year=year, by=run.staff)
                run.ctx.count("funding budgets", 1)
            have = {line.code: line for line in budget.lines.all()}
            for code, name, amount in lines:
                line = have.get(code)
                if line is None:
                    line = line_create(
                        budget=budget,
                        code=code,
                        name=name,
                        amount=Decimal(amount),
                        by=run.staff,
                        decision_note=f"Begroting {year}, goedgekeurd door de gemeenteraad.",
                    )
                    run.ctx.count("funding budget lines", 1)
                run.lines[(slug, year, code)] = line


def _transfer(run: Run) -> None:
    from middenveld.funding.services.budget import line_transfer

    reason = "Minder kleine aanvragen dan verwacht; het saldo gaat naar de projecten."
    if BudgetTransfer.objects.filter(reason=reason).exists():
        return
    line_transfer(
        from_line=run.lines[("basiswerking", run.year - 1, "klein")],
        to_line=run.lines[("basiswerking", run.year - 1, "projecten")],
        amount=Decimal("5000.00"),
        reason=reason,
        by=run.staff,
    )


# --- Who applies ---------------------------------------------------------------------------------


def _organisations(run: Run) -> None:
    pool = list(
        Organisation.objects.filter(
            status=Status.VERIFIED,
            legal_form__in=(LegalForm.NONPROFIT, LegalForm.INFORMAL, LegalForm.PART),
        )
        .exclude(slug__in=(DE_BRUG, ZONNEBLOEM))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    random.Random(f"{_SEED}.pool").shuffle(pool)
    run.pool = pool
    for organisation_id, user_id in (
        Membership.objects.filter(organisation__status=Status.VERIFIED, user__is_active=True)
        .order_by("-organisation_id", "-role", "-id")  # the last wins: the first admin
        .values_list("organisation_id", "user_id")
    ):
        run.members[organisation_id] = user_id


def _answers(run: Run, rng: random.Random, starts_on: date) -> tuple[dict[str, Any], list[dict[str, Any]], Decimal]:  # fmt: skip
    """Answers to the form, a budget table, its total."""
    rows = []
    total = Decimal(0)
    for code, low, high in (("personeel", 100, 900), ("huur", 50, 600), ("werkingskosten", 50, 800), ("catering", 0, 120)):  # fmt: skip
        amount = Decimal(rng.randrange(low, high + 1, 10)).quantize(CENT)
        if amount:
            rows.append({"category": code, "description": "", "amount": str(amount)})
            total += amount
    answers = {
        "doel": "We organiseren elke week een activiteit voor de buurt, met vrijwilligers.",
        "deelnemers": rng.randrange(12, 200),
        "eigen_inbreng": str(Decimal(rng.randrange(0, 500, 25)).quantize(CENT)),
        "startdatum": starts_on.isoformat(),
        "wijk": rng.choice(WIJK_CHOICES),
    }
    return answers, rows, total


def _content(app: Application, attachments: list[tuple[str, str, str]]) -> dict[str, Any]:
    """What a snapshot keeps of an application (every field, each attachment's fingerprint)."""
    return {
        "reference": app.reference,
        "call": app.call_id,
        "organisation": app.organisation_id,
        "regulation_version": app.regulation_version_id,
        "title": app.title,
        "category": app.category,
        "activity_type": app.activity_type,
        "activity_starts_on": app.activity_starts_on,
        "amount_requested": app.amount_requested,
        "answers": app.answers,
        "budget": app.budget,
        "attachments": [{"code": c, "name": n, "sha256": s} for c, n, s in attachments],
    }


def _snapshot(app: Application, moment: str, at: datetime) -> Snapshot:
    attachments = [(a.code, a.name, a.sha256) for a in app.attachments.order_by("pk")]
    content = _content(app, attachments)
    plain = json.loads(canonical_json(content))
    return Snapshot.objects.create(
        application=app, moment=moment, content=plain, sha256=fingerprint(plain), at=at
    )


# --- Calls -----------------------------------------------------------------------------------------


def _call(run: Run, *, slug: str, title: str, line: BudgetLine, opens: date, closes: date, description: str) -> Call | None:  # fmt: skip
    """A new call through ``call_save``; None when it exists already (then it is skipped)."""
    from middenveld.funding.services.assessment import assessor_add
    from middenveld.funding.services.setup import call_save

    if Call.objects.filter(slug=slug).exists():
        return None
    call = call_save(
        by=run.staff,
        title=title,
        slug=slug,
        description=description,
        instrument=line.budget.instrument,
        line=line,
        opens_on=opens,
        opens_time=time(9, 0),
        closes_on=closes,
        closes_time=time(23, 59),
        regulation_version=run.version_on(closes),
        form=FORM_ROWS,
        rubric=RUBRIC_ROWS,
    )
    for assessor in run.assessors[:2]:
        assessor_add(call=call, user=assessor, by=run.staff)
    run.ctx.count("funding calls", 1)
    return call


# --- Scale 1: demo applications through the services ------------------------------------------


@dataclass
class Plan:
    organisation: Organisation
    status: str
    created_by: User | None = None
    title: str = ""
    amount: Decimal | None = None


def _application(run: Run, call: Call, plan: Plan, rng: random.Random, started: datetime) -> Application:  # fmt: skip
    version = call.regulation_version
    starts_on = timezone.localdate(call.closes_at) + timedelta(days=rng.randrange(50, 120))
    answers, budget, total = _answers(run, rng, starts_on)
    category = "werking" if call.line.code == "werking" else ("klein" if call.line.code == "klein" else "project")  # fmt: skip
    amount = plan.amount or min(total, Decimal("7500.00"))
    app = Application.objects.create(
        reference=run.reference(timezone.localdate(call.opens_at).year),
        call=call,
        organisation=plan.organisation,
        regulation_version=version,
        title=plan.title or rng.choice(TITLES),
        category=category,
        activity_type=rng.choice(["ontmoeting", "vorming", "buurtfeest", "vrijwilligerswerking"]),
        activity_starts_on=starts_on,
        amount_requested=amount,
        answers=answers,
        budget=budget,
        status=ApplicationStatus.DRAFT,
        created_by=plan.created_by,
        created_at=started,
        updated_at=started,
    )
    run.ctx.count("funding applications", 1)
    timeline_record(
        organisation=plan.organisation,
        kind="funding.application_started",
        actor=plan.created_by,
        subject=app,
        occurred_at=started,
        data={"title": app.title},
    )
    return app


def _attach(app: Application, by: User | None, at: datetime) -> None:
    import hashlib

    for code, name in (("begroting", "begroting.pdf"), ("statuten", "statuten.pdf")):
        attachment = ApplicationAttachment(
            application=app,
            code=code,
            name=name,
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_by=by,
            uploaded_at=at,
        )
        attachment.file.save(f"{app.reference}-{name}", ContentFile(PDF), save=False)
        attachment.save()


def _submit(run: Run, app: Application, at: datetime) -> None:
    from middenveld.funding.services.common import log

    _attach(app, app.created_by, at - timedelta(hours=1))
    app.status = ApplicationStatus.SUBMITTED
    app.submitted_at = at
    app.updated_at = at
    app.save(update_fields=["status", "submitted_at", "updated_at"])
    _snapshot(app, "submitted", at)
    log(by=app.created_by, subject=app, change="submitted", from_state="draft", to_state="submitted", organisation=app.organisation)  # fmt: skip
    timeline_record(organisation=app.organisation, kind="funding.application_submitted", actor=app.created_by, subject=app, occurred_at=at, data={"title": app.title})  # fmt: skip


def _assess(run: Run, app: Application, rng: random.Random, assessors: list[User]) -> Decimal:
    from middenveld.funding.services.assessment import assessment_submit

    totals = []
    for assessor in assessors:
        base = rng.randint(2, 5)
        scores = {row["key"]: max(0, min(row["scale"], base + rng.randint(-1, 1))) for row in app.call.rubric}  # fmt: skip
        assessment = assessment_submit(
            application=app,
            assessor=assessor,
            scores=scores,
            comments={"general": rng.choice(COMMENTS)},
        )
        run.ctx.count("funding assessments", 1)
        totals.append(assessment.total or Decimal(0))
    return sum(totals, Decimal(0)) / max(1, len(totals))


def _decide(run: Run, app: Application, *, award: bool, decided_on: date, amount: Decimal | None = None) -> Award | None:  # fmt: skip
    from middenveld.funding.services.awards import award_create
    from middenveld.funding.services.common import log

    at = _at(decided_on, time(11, 0))
    snapshot = _snapshot(app, "decision", at)
    reference = run.decision_reference(decided_on.year)
    outcome = Decision.AWARD if award else Decision.REJECT
    Decision.objects.create(
        application=app,
        outcome=outcome,
        reasons=(
            "De aanvraag past binnen het reglement en scoort goed op relevantie en bereik."
            if award
            else REJECT_REASONS[app.pk % 2]
        ),
        reference=reference,
        decided_on=decided_on,
        recorded_by=run.staff,
        recorded_at=at,
        snapshot=snapshot,
    )
    status = ApplicationStatus.AWARDED if award else ApplicationStatus.REJECTED
    Application.objects.filter(pk=app.pk).update(status=status, updated_at=at)
    log(by=run.staff, subject=app, change="decided", from_state="submitted", to_state=status, reason=reference, organisation=app.organisation)  # fmt: skip
    timeline_record(organisation=app.organisation, kind="funding.decision", actor=run.staff, subject=app, occurred_at=at, data={"reference": reference, "title": app.title, "outcome": outcome})  # fmt: skip
    if not award:
        return None
    return award_create(
        line=app.call.line,
        organisation=app.organisation,
        amount=amount or app.amount_requested,
        title=app.title,
        decision_reference=reference,
        decided_on=decided_on,
        by=run.staff,
        application=app,
        conditions="De subsidie dient voor de activiteit zoals beschreven in de aanvraag.",
    )


def _follow_up(run: Run, award: Award, *, file_reports: bool) -> None:
    """Pay the advance when due; file and accept the reports and pay the balance when due."""
    from middenveld.funding.services.awards import payment_mark_paid

    def pay(payment: Payment) -> None:
        if payment.due_on > run.today:
            return
        # SQLite compares decimals as floats: the last cent of a full line may be refused
        # there (never on PostgreSQL); the payment then stays planned.
        with contextlib.suppress(DomainError, IntegrityError):
            payment_mark_paid(payment=payment, paid_on=payment.due_on, by=run.staff)

    for payment in award.payments.filter(kind=PaymentKind.ADVANCE, paid_on__isnull=True):
        pay(payment)
    if not file_reports:
        return
    for report in award.reports.all():
        if report.due_on > run.today:
            continue
        filed = _at(report.due_on - timedelta(days=10))
        report.submitted_at = filed
        report.accepted_at = filed + timedelta(days=7)
        report.text = "De activiteiten liepen zoals gepland; zie het verslag in bijlage."
        report.activities = 12 + award.pk % 30
        report.spent = award.amount
        report.save()
    for payment in award.payments.filter(kind=PaymentKind.BALANCE, paid_on__isnull=True):
        pay(payment)


def _demo_call(run: Run, call: Call, plans: list[Plan], *, decided_on: date | None) -> list[Award]:  # fmt: skip
    """Applications on one call as planned; decisions on ``decided_on`` (a closed call)."""
    from middenveld.funding.services.common import log

    rng = random.Random(f"{_SEED}.{call.slug}")
    awards = []
    opens = call.opens_at
    for n, plan in enumerate(plans):
        started = opens + timedelta(days=1 + n % 20, hours=n % 7)
        app = _application(run, call, plan, rng, started)
        if plan.status == ApplicationStatus.DRAFT:
            continue
        submitted = started + timedelta(days=2)
        _submit(run, app, submitted)
        if plan.status == ApplicationStatus.WITHDRAWN:
            at = submitted + timedelta(days=3)
            Application.objects.filter(pk=app.pk).update(status=plan.status, updated_at=at)
            log(by=app.created_by, subject=app, change="withdrawn", from_state="submitted", to_state="withdrawn", reason="We organiseren de activiteit dit jaar niet.", organisation=app.organisation)  # fmt: skip
            timeline_record(organisation=app.organisation, kind="funding.application_withdrawn", actor=app.created_by, subject=app, occurred_at=at, data={"title": app.title})  # fmt: skip
            continue
        if plan.status == ApplicationStatus.RETURNED:
            Application.objects.filter(pk=app.pk).update(
                status=plan.status,
                return_message="Voeg de statuten toe en splits de begroting per activiteit.",
                return_deadline=run.today + timedelta(days=14),
            )
            log(by=run.staff, subject=app, change="returned", from_state="submitted", to_state="returned", reason="Statuten ontbreken.", organisation=app.organisation)  # fmt: skip
            timeline_record(organisation=app.organisation, kind="funding.application_returned", actor=run.staff, subject=app, data={"title": app.title})  # fmt: skip
            continue
        if plan.status == ApplicationStatus.SUBMITTED:
            # Assessment under way: some assessed by one assessor, some by none yet.
            if n % 2 == 0:
                _assess(run, app, rng, run.assessors[:1])
            continue
        _assess(run, app, rng, run.assessors[:2])
        assert decided_on is not None
        app.refresh_from_db()
        award = _decide(run, app, award=plan.status == ApplicationStatus.AWARDED, decided_on=decided_on)  # fmt: skip
        if award is not None:
            awards.append(award)
    return awards


def _plans(organisations: list[Organisation], statuses: Sequence[str], run: Run) -> list[Plan]:
    plans = []
    for organisation, status in zip(organisations, statuses, strict=False):
        member = run.members.get(organisation.pk)
        plans.append(Plan(organisation=organisation, status=status, created_by=User.objects.filter(pk=member).first() if member else None))  # fmt: skip
    return plans


def _demo(run: Run) -> None:
    """About forty applications on four calls, through the services."""
    year = run.year
    demo = {o.slug: o for o in Organisation.objects.filter(slug__in=(DE_BRUG, ZONNEBLOEM))}
    citizen = User.objects.filter(email=CITIZEN).first()
    zonnebloem_admin = User.objects.filter(email=ZONNEBLOEM_ADMIN).first() or citizen
    others = list(Organisation.objects.filter(pk__in=run.pool[:40]).order_by("pk"))
    S = ApplicationStatus
    take = iter(others)

    def orgs(count: int) -> list[Organisation]:
        return [next(take) for _ in range(count)]

    # Two years ago and last year: a yearly call for the werking line, decided in March.
    for back in (2, 1):
        y = year - back
        call = _call(
            run,
            slug=f"werkingssubsidie-{y}",
            title=f"Werkingssubsidie basiswerk {y}",
            line=run.lines[("basiswerking", y, "werking")],
            opens=date(y - 1, 11, 1),
            closes=date(y, 1, 15),
            description="Vraag een werkingssubsidie aan voor het hele jaar.",
        )
        if call is None:
            # Built before: still count what is there for the ``orgs`` iterator's order.
            orgs(8)
            continue
        statuses = [S.AWARDED] * 5 + [S.REJECTED] * 2 + [S.WITHDRAWN]
        plans = _plans(orgs(8), statuses, run)
        if back == 1 and DE_BRUG in demo:
            plans[0] = Plan(organisation=demo[DE_BRUG], status=S.AWARDED, created_by=citizen, title="Huiswerkklas: werking van het schooljaar", amount=Decimal("4500.00"))  # fmt: skip
        awards = _demo_call(run, call, plans, decided_on=date(y, 3, 15))
        if back == 2 and awards:
            # The financial report shows money not spent: reclaimed before the balance is
            # paid (the balance shrinks; nothing has to be paid back).
            from middenveld.funding.services.awards import award_reclaim

            _follow_up(run, awards[0], file_reports=False)
            award_reclaim(
                award=awards[0],
                amount=_money(awards[0].amount * Decimal("0.15")),
                reason="Het financieel verslag toont dat niet alles werd uitgegeven.",
                by=run.staff,
            )
        for n, award in enumerate(awards):
            # One report of two years ago stays overdue (no balance is paid then).
            _follow_up(run, award, file_reports=not (back == 2 and n == len(awards) - 1))

    # This year: a closed call, decided; the open call.
    closed = _call(
        run,
        slug=f"projectoproep-{year}-ronde-1",
        title=f"Projectoproep basiswerk {year}: eerste ronde",
        line=run.lines[("basiswerking", year, "projecten")],
        opens=run.today - timedelta(days=160),
        closes=run.today - timedelta(days=100),
        description="Projecten voor de eerste helft van het jaar.",
    )
    if closed is not None:
        statuses = [S.AWARDED] * 6 + [S.REJECTED] * 3 + [S.WITHDRAWN]
        awards = _demo_call(run, closed, _plans(orgs(10), statuses, run), decided_on=run.today - timedelta(days=60))  # fmt: skip
        for award in awards:
            _follow_up(run, award, file_reports=False)
    else:
        orgs(10)

    open_call = _call(
        run,
        slug=f"oproep-basiswerking-{year}",
        title=f"Oproep basiswerking {year}",
        line=run.lines[("basiswerking", year, "werking")],
        opens=run.today - timedelta(days=30),
        closes=run.today + timedelta(days=45),
        description=(
            "Doet je vereniging basiswerk in Gent? Vraag een werkingssubsidie aan voor "
            "volgend werkjaar. Lees eerst het reglement en doe de snelle check."
        ),
    )
    if open_call is not None:
        statuses = [S.DRAFT] * 3 + [S.SUBMITTED] * 8 + [S.RETURNED] + [S.WITHDRAWN]
        plans = _plans(orgs(13), statuses, run)
        if ZONNEBLOEM in demo:
            plans.append(Plan(organisation=demo[ZONNEBLOEM], status=S.RETURNED, created_by=zonnebloem_admin, title="Fietslessen en Nederlandse les voor vrouwen"))  # fmt: skip
        if DE_BRUG in demo:
            plans.append(Plan(organisation=demo[DE_BRUG], status=S.DRAFT, created_by=citizen, title="Huiswerkklas De Brug: werking volgend schooljaar"))  # fmt: skip
        _demo_call(run, open_call, plans, decided_on=None)
        # An assessor declared a conflict of interest with one application.
        first = open_call.applications.filter(status=S.SUBMITTED).order_by("pk").last()
        if first is not None and len(run.assessors) > 1:
            Conflict.objects.get_or_create(
                application=first,
                assessor=run.assessors[1],
                defaults={
                    "reason": Conflict.DECLARED,
                    "note": "Ik zit in de raad van bestuur van een partnerorganisatie.",
                },  # fmt: skip
            )


def _agreement(run: Run) -> None:
    from middenveld.funding.services import agreements
    from middenveld.funding.services.awards import award_create

    year = run.year
    reference = f"CONV-{year - 1}-001"
    if Agreement.objects.filter(reference=reference).exists():
        return
    organisation = Organisation.objects.filter(pk__in=run.pool[40:80], does_basic_work=True).order_by("pk").first() or Organisation.objects.get(pk=run.pool[40])  # fmt: skip
    instrument = run.instruments["convenant-basiswerk"]
    amount = Decimal("40000.00")
    agreement = agreements.agreement_create(
        instrument=instrument,
        organisation=organisation,
        title=f"Convenant buurtwerk {organisation.name}"[:200],
        reference=reference,
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 1, 12, 31),
        years={year - 1: amount, year: amount, year + 1: amount},
        lines={y: run.lines[("convenant-basiswerk", y, "convenanten")] for y in (year - 1, year)},
        signed_on=date(year - 2, 12, 10),
        by=run.staff,
    )
    run.ctx.count("funding agreements", 1)
    for agreement_year in agreement.years.order_by("year"):
        if agreement_year.line_id is None:
            continue
        decided_on = min(date(agreement_year.year, 1, 20), run.today)
        # What ``agreements.agreement_commit_year`` does (its row lock is refused by
        # PostgreSQL for now: FOR UPDATE on the nullable side of an outer join).
        assert agreement_year.line is not None
        award = award_create(
            line=agreement_year.line,
            organisation=agreement.organisation,
            amount=agreement_year.amount,
            title=f"{agreement.title} ({agreement_year.year})"[:200],
            decision_reference=run.decision_reference(decided_on.year),
            decided_on=decided_on,
            by=run.staff,
            agreement_year=agreement_year,
            reports_due_on=date(agreement_year.year + 1, 3, 31),
        )
        _follow_up(run, award, file_reports=agreement_year.year < year)
    families = agreements.indicator_add(agreement=agreement, name="Bereikte gezinnen", unit="gezinnen", target="120", by=run.staff)  # fmt: skip
    activities = agreements.indicator_add(agreement=agreement, name="Activiteiten in de wijk", unit="activiteiten", target="40", by=run.staff)  # fmt: skip
    agreements.indicator_report(indicator=families, year=year - 1, value="134", note="Meer gezinnen via de school.", by=run.staff)  # fmt: skip
    agreements.indicator_report(indicator=activities, year=year - 1, value="37", note="Drie activiteiten vielen weg door de renovatie van de zaal.", by=run.staff)  # fmt: skip
    agreements.amendment_add(
        agreement=agreement,
        signed_on=min(date(year, 3, 1), run.today),
        description="Extra middelen voor de zomerwerking vanaf volgend jaar.",
        changes={"amounts": {year + 1: "45000.00"}},
        by=run.staff,
    )


def _distributions(run: Run) -> None:
    from middenveld.funding.services import distribution

    rng = random.Random(f"{_SEED}.distribution")
    for y, commit in ((run.year - 2, True), (run.year - 1, True), (run.year, False)):
        line = run.lines[("werkingstoelage", y, "toelagen")]
        if DistributionRun.objects.filter(line=line).exists():
            continue
        eligible = list(distribution.eligible_for(line).order_by("pk").values_list("pk", flat=True))
        activities = {pk: rng.randrange(0, 40) for pk in eligible}
        preview = distribution.distribution_preview(line=line, rule=DISTRIBUTION_RULE, organisations_activities=activities, by=run.staff)  # fmt: skip
        run.ctx.count("funding distributions", 1)
        if commit:
            decided_on = date(y, 5, 20)
            awards = distribution.distribution_commit(run=preview, decision_reference=run.decision_reference(y), decided_on=decided_on, by=run.staff)  # fmt: skip
            for award in awards:
                _follow_up(run, award, file_reports=True)


# --- From scale 2: years of history in bulk ----------------------------------------------------


@dataclass
class Built:
    """Rows of one year, written in bulk."""

    snapshots: list[Snapshot] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    logs: list[FundingLog] = field(default_factory=list)


def _history_calls(run: Run, year: int) -> list[tuple[Call, int]]:
    """The five calls of a past year with the share of the year's applications (percent)."""
    specs = [
        (
            f"werking-{year}",
            f"Werkingssubsidie basiswerk {year}",
            "werking",
            date(year - 1, 10, 1),
            date(year, 1, 31),
            35,
        ),  # fmt: skip
        (
            f"projecten-{year}-ronde-1",
            f"Projectoproep {year}: ronde 1",
            "projecten",
            date(year - 1, 11, 15),
            date(year, 1, 15),
            15,
        ),  # fmt: skip
        (
            f"projecten-{year}-ronde-2",
            f"Projectoproep {year}: ronde 2",
            "projecten",
            date(year, 2, 1),
            date(year, 4, 15),
            15,
        ),  # fmt: skip
        (
            f"projecten-{year}-ronde-3",
            f"Projectoproep {year}: ronde 3",
            "projecten",
            date(year, 6, 1),
            date(year, 9, 15),
            15,
        ),  # fmt: skip
        (
            f"klein-{year}",
            f"Kleine projecten {year}",
            "klein",
            date(year, 1, 1),
            date(year, 11, 30),
            20,
        ),  # fmt: skip
    ]
    calls = []
    for slug, title, code, opens, closes, share in specs:
        call = _call(run, slug=slug, title=title, line=run.lines[("basiswerking", year, code)], opens=opens, closes=closes, description="")  # fmt: skip
        if call is not None:
            CallAssessor.objects.bulk_create(
                [CallAssessor(call=call, user=a) for a in run.assessors[2:]], ignore_conflicts=True
            )
            calls.append((call, share))
    return calls


def _requested(code: str, rng: random.Random) -> Decimal:
    low, high = {"werking": (1000, 7500), "projecten": (500, 5000), "klein": (100, 1000)}[code]
    return Decimal(rng.randrange(low, high + 1, 50)).quantize(CENT)


def _bulk_applications(run: Run, call: Call, count: int, rng: random.Random, *, decide: bool, built: Built) -> list[Application]:  # fmt: skip
    """``count`` applications on ``call``: drafts, withdrawn and (when ``decide``) decided by
    score while the line has money; otherwise submitted, some sent back, some assessed."""
    S = ApplicationStatus
    opens = call.opens_at
    span = max(1, (call.closes_at - opens).days)
    code = call.line.code
    category = {"werking": "werking", "projecten": "project", "klein": "klein"}[code]
    year = timezone.localdate(opens).year if decide else run.year
    apps = []
    for _n in range(count):
        organisation_id = run.pool[rng.randrange(len(run.pool))]
        created = opens + timedelta(days=rng.randrange(span), minutes=rng.randrange(600))
        roll = rng.random()
        status = S.DRAFT if roll < 0.04 else S.WITHDRAWN if roll < 0.08 else S.SUBMITTED
        if not decide and status == S.SUBMITTED and roll > 0.95:
            status = S.RETURNED
        starts_on = timezone.localdate(call.closes_at) + timedelta(days=rng.randrange(50, 150))
        answers, budget, _total = _answers(run, rng, starts_on)
        submitted = created + timedelta(days=1) if status != S.DRAFT else None
        apps.append(
            Application(
                reference=run.reference(year),
                call=call,
                organisation_id=organisation_id,
                regulation_version=call.regulation_version,
                title=rng.choice(TITLES),
                category=category,
                activity_type=rng.choice(
                    ["ontmoeting", "vorming", "buurtfeest", "vrijwilligerswerking"]
                ),  # fmt: skip
                activity_starts_on=starts_on,
                amount_requested=_requested(code, rng),
                answers=answers,
                budget=budget,
                status=status,
                created_by_id=run.members.get(organisation_id),
                created_at=created,
                updated_at=submitted or created,
                submitted_at=submitted,
                return_message="Voeg de statuten toe." if status == S.RETURNED else "",
                return_deadline=run.today + timedelta(days=14) if status == S.RETURNED else None,
            )
        )
    _bulk(Application, apps)
    run.ctx.count("funding applications", len(apps))
    for app in apps:
        if app.submitted_at is None:
            continue
        content = json.loads(canonical_json(_content(app, [])))
        built.snapshots.append(Snapshot(application=app, moment="submitted", content=content, sha256=fingerprint(content), at=app.submitted_at))  # fmt: skip
        built.logs.append(FundingLog(at=app.submitted_at, by_id=app.created_by_id, organisation_id=app.organisation_id, subject="application", subject_id=app.pk, change="submitted", from_state="draft", to_state="submitted"))  # fmt: skip
    return apps


def _bulk_assess(run: Run, app: Application, rng: random.Random, count: int, *, submitted: bool, built: Built) -> Decimal:  # fmt: skip
    rubric = app.call.rubric
    quality = rng.randint(1, 5)
    totals = []
    assert app.submitted_at is not None
    for assessor in rng.sample(run.assessors, count):
        scores = {row["key"]: max(0, min(row["scale"], quality + rng.randint(-1, 1))) for row in rubric}  # fmt: skip
        total = _weighted_total(rubric, scores) if submitted else None
        at = app.submitted_at + timedelta(days=rng.randrange(3, 30))
        built.assessments.append(
            Assessment(
                application=app,
                assessor=assessor,
                scores=scores,
                comments={"general": rng.choice(COMMENTS)},
                total=total,
                submitted_at=at if submitted else None,
                updated_at=at,
            )
        )
        if total is not None:
            totals.append(total)
    return sum(totals, Decimal(0)) / max(1, len(totals))


def _history_year(run: Run, year: int) -> None:
    calls = _history_calls(run, year)
    if not calls:
        return
    rng = random.Random(f"{_SEED}.{year}")
    per_year = APPLICATIONS_PER_YEAR * run.ctx.scale
    built = Built()
    decided: list[tuple[Application, Decimal, date]] = []
    for call, share in calls:
        apps = _bulk_applications(run, call, per_year * share // 100, rng, decide=True, built=built)  # fmt: skip
        decided_on = timezone.localdate(call.closes_at) + timedelta(days=60)
        scored = []
        for app in apps:
            if app.status == ApplicationStatus.SUBMITTED:
                mean = _bulk_assess(run, app, rng, rng.randint(3, 5), submitted=True, built=built)
                scored.append((app, mean, decided_on))
        # The best first, while the line has money left.
        scored.sort(key=lambda item: (-item[1], item[0].pk))
        decided.extend(scored)
    _flush_year(run, year, decided, built)


def _flush_year(run: Run, year: int, decided: list[tuple[Application, Decimal, date]], built: Built) -> None:  # fmt: skip
    lines = {line.pk: line for line in BudgetLine.objects.filter(budget__year=year, budget__instrument=run.instruments["basiswerking"])}  # fmt: skip
    room = {pk: line.amount - line.committed for pk, line in lines.items()}
    snapshots = _bulk(Snapshot, built.snapshots)
    run.ctx.count("funding snapshots", len(snapshots))
    decision_snaps = []
    outcomes = []
    for app, mean, decided_on in decided:
        amount = app.amount_requested or Decimal(0)
        award = mean >= Decimal(55) and amount <= room[app.call.line_id]
        if award:
            room[app.call.line_id] -= amount
        outcomes.append((app, award, decided_on))
        content = json.loads(canonical_json(_content(app, [])))
        decision_snaps.append(Snapshot(application=app, moment="decision", content=content, sha256=fingerprint(content), at=_at(decided_on)))  # fmt: skip
    _bulk(Snapshot, decision_snaps)
    _bulk(Assessment, built.assessments)
    run.ctx.count("funding assessments", len(built.assessments))
    decisions = []
    awards = []
    S = ApplicationStatus
    for (app, award, decided_on), snapshot in zip(outcomes, decision_snaps, strict=True):
        reference = run.decision_reference(decided_on.year)
        decisions.append(
            Decision(
                application=app,
                outcome=Decision.AWARD if award else Decision.REJECT,
                reasons="De aanvraag past binnen het reglement en scoort goed."
                if award
                else REJECT_REASONS[int(app.pk) % 2],  # fmt: skip
                reference=reference,
                decided_on=decided_on,
                recorded_by=run.staff,
                recorded_at=_at(decided_on),
                snapshot=snapshot,
            )
        )
        app.status = S.AWARDED if award else S.REJECTED
        built.logs.append(FundingLog(at=_at(decided_on), by=run.staff, organisation_id=app.organisation_id, subject="application", subject_id=app.pk, change="decided", from_state="submitted", to_state=app.status, reason=reference))  # fmt: skip
        if award:
            awards.append(
                Award(  # type: ignore[misc]
                    identifier=f"seed-{app.pk}",
                    organisation_id=app.organisation_id,
                    line_id=app.call.line_id,
                    application=app,
                    title=app.title,
                    amount=app.amount_requested,
                    conditions="De subsidie dient voor de activiteit zoals beschreven in de aanvraag.",  # fmt: skip
                    decision_reference=reference,
                    decided_on=decided_on,
                    appeal_until=decided_on + timedelta(days=30),
                    status=AwardStatus.ACTIVE,
                    created_at=_at(decided_on),
                )
            )
    _bulk(Decision, decisions)
    Application.objects.bulk_update([a for a, _w, _d in outcomes], ["status"], batch_size=BATCH)
    _bulk(Award, awards)
    for award in awards:
        award.identifier = award_identifier(award.decided_on.year, award.pk)
    Award.objects.bulk_update(awards, ["identifier"], batch_size=BATCH)
    run.ctx.count("funding awards", len(awards))
    _bulk_money(run, awards, built)
    _bulk(FundingLog, built.logs)


def _bulk_money(run: Run, awards: list[Award], built: Built) -> None:
    """Payments (both paid once due, the balance after the reports) and the reports; then
    each line's committed and paid grow by exactly what was written."""
    payments = []
    reports = []
    committed: dict[int, Decimal] = defaultdict(Decimal)
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for award in awards:
        amount = award.amount
        committed[award.line_id] += amount
        advance = (amount * ADVANCE).quantize(CENT)
        due = date(award.decided_on.year + 1, 3, 31)
        filed = due < run.today
        for kind, value, due_on, pay in (
            (PaymentKind.ADVANCE, advance, award.decided_on + timedelta(days=30), True),
            (PaymentKind.BALANCE, amount - advance, due + timedelta(days=30), filed),
        ):
            paid_on = due_on if pay and due_on <= run.today else None
            payments.append(Payment(award=award, kind=kind, amount=value, due_on=due_on, paid_on=paid_on))  # fmt: skip
            if paid_on:
                paid[award.line_id] += value
        for report_kind in (ReportKind.ACTIVITY, ReportKind.FINANCIAL):
            reports.append(
                ReportObligation(
                    award=award,
                    kind=report_kind,
                    due_on=due,
                    submitted_at=_at(due - timedelta(days=12)) if filed else None,
                    accepted_at=_at(due - timedelta(days=5)) if filed else None,
                    text="De activiteiten liepen zoals gepland." if filed else "",
                    spent=amount if filed and kind == ReportKind.FINANCIAL else None,
                    activities=(12 + award.pk % 30)
                    if filed and kind == ReportKind.ACTIVITY
                    else None,  # fmt: skip
                )
            )
        built.logs.append(FundingLog(at=award.created_at, by=run.staff, organisation_id=award.organisation_id, subject="award", subject_id=award.pk, change="awarded", to_state=AwardStatus.ACTIVE, reason=award.decision_reference))  # fmt: skip
    _bulk(Payment, payments)
    _bulk(ReportObligation, reports)
    for line_id, value in committed.items():
        # The CHECK constraints refuse a line committed beyond its amount or paid beyond it.
        BudgetLine.objects.filter(pk=line_id).update(
            committed=F("committed") + value, paid=F("paid") + paid[line_id]
        )


def _open_call_extra(run: Run) -> None:
    """The open call of this year gets ``60 × scale`` more applications, most submitted and
    under assessment (the staff list filtered on it has rows to show)."""
    call = Call.objects.filter(slug=f"oproep-basiswerking-{run.year}").first()
    if call is None or call.applications.count() > 20:  # the demo has 15 there
        return
    rng = random.Random(f"{_SEED}.open.{run.ctx.scale}")
    CallAssessor.objects.bulk_create(
        [CallAssessor(call=call, user=a) for a in run.assessors[2:]], ignore_conflicts=True
    )
    built = Built()
    apps = _bulk_applications(run, call, OPEN_CALL_EXTRA * run.ctx.scale, rng, decide=False, built=built)  # fmt: skip
    for app in apps:
        if app.status == ApplicationStatus.SUBMITTED and rng.random() < 0.6:
            _bulk_assess(run, app, rng, rng.randint(1, 3), submitted=rng.random() < 0.7, built=built)  # fmt: skip
    _bulk(Snapshot, built.snapshots)
    _bulk(Assessment, built.assessments)
    run.ctx.count("funding assessments", len(built.assessments))
    _bulk(FundingLog, built.logs)


def _analyze() -> None:
    """PostgreSQL: fresh planner statistics after a bulk load (see organisations.seed)."""
    if connection.vendor != "postgresql":
        return
    models = (Application, Assessment, Award, Decision, Snapshot, Payment, ReportObligation, FundingLog, Call)  # fmt: skip
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- The seeder ----------------------------------------------------------------------------------


@seeder(order=70)
def seed_funding(ctx: SeedContext) -> None:
    """Three instruments with budgets, regulations, calls, applications, awards and more."""
    now = timezone.now()
    staff = User.objects.filter(email=STAFF).first() or _account(STAFF, "Lotte De Smet", Role.STAFF, ctx)  # fmt: skip
    assessor = _account(*ASSESSOR, Role.STAFF, ctx)
    ctx.accounts.append((str(Role.STAFF.label), f"{ASSESSOR[0]} ({ASSESSOR[1]}, beoordelaar subsidies)"))  # fmt: skip
    assessors = [assessor, staff]
    if ctx.scale >= 2:
        assessors += [_account(email, name, Role.STAFF, ctx) for email, name in MORE_ASSESSORS]
    run = Run(
        ctx=ctx,
        today=timezone.localdate(now),
        now=now,
        rng=random.Random(f"{_SEED}.{ctx.scale}"),
        staff=staff,
        assessors=assessors,
    )
    _instruments(run)
    _regulations(run)
    years = list(range(run.year - history_years(ctx.scale), run.year + 1))
    _budgets(run, years)
    _organisations(run)
    if len(run.pool) < 80:
        ctx.write("funding: fewer than 80 verified organisations; seed the organisations first.")
        return
    _transfer(run)
    _demo(run)
    _agreement(run)
    _distributions(run)
    if ctx.scale >= 2:
        for year in years[:-3]:
            _history_year(run, year)
        # The two previous years get their other calls too.
        for year in years[-3:-1]:
            _history_year(run, year)
        _open_call_extra(run)
    _analyze()
    # bulk_create sends no signals: make the cached public pages fresh by hand.
    bump_content_version()
