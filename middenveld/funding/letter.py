"""The decision letter (beslissingsbrief) as a PDF, always in Dutch.

A decision of the city is an administrative act, and Flemish language law for
administrative matters makes Dutch its language; so the letter's text is written here in
Dutch and is not an interface text to translate. The e-mail that carries it is in the
reader's own language.

The letter says: who decided what and when (the decision reference), the amount and the
conditions, the payment schedule and the reports due (an award), the reasons, the
fingerprint of the application as it stood at the decision, and until when and how the
organisation may appeal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.text import slugify

from middenveld.core.pdf import PdfDocument
from middenveld.funding.models import Award, Decision, PaymentKind, ReportKind
from middenveld.funding.money import format_euros

LANGUAGE = "nl"
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
PAYMENT_NAMES = {PaymentKind.ADVANCE: "Voorschot", PaymentKind.BALANCE: "Saldo"}
REPORT_NAMES = {
    ReportKind.ACTIVITY: "Activiteitenverslag",
    ReportKind.FINANCIAL: "Financieel verslag",
}


def dutch_date(day: date) -> str:
    """``31 maart 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def euros(amount: Decimal) -> str:
    return format_euros(amount, LANGUAGE)


def letter_filename(decision: Decision) -> str:
    return f"beslissing-{slugify(decision.application.reference) or 'aanvraag'}.pdf"


def decision_letter_pdf(decision: Decision, *, award: Award | None = None) -> bytes:
    """The letter for ``decision`` (and its ``award``, when it awarded money)."""
    application = decision.application
    organisation = application.organisation
    funder = settings.FUNDING_FUNDER_NAME
    awarded = decision.outcome == Decision.AWARD and award is not None
    granted: Award = award if award is not None else Award()
    doc = PdfDocument(
        title="Beslissing over je subsidieaanvraag",
        language=LANGUAGE,
        subject=f"{application.reference} · {decision.reference}",
        author=funder,
        footer=f"{funder} · {decision.reference}",
    )
    identity = [organisation.name]
    if organisation.kbo_number:
        identity.append(f"Ondernemingsnummer {organisation.kbo_number}")
    elif organisation.vcode:
        identity.append(f"vCode {organisation.vcode}")
    doc.paragraph("Aan: " + "\n".join(identity).replace("\n", ", "))
    doc.table(
        ["Onderwerp", "Gegevens"],
        [
            ["Aanvraag", f"{application.reference}: {application.title}"],
            ["Oproep", application.call.title],
            ["Beslissing", decision.reference],
            ["Datum van de beslissing", dutch_date(decision.decided_on)],
        ]
        + ([["Toekenning", granted.identifier]] if awarded else []),
        widths=(1, 2),
    )

    doc.heading("De beslissing")
    if awarded:
        doc.paragraph(
            f"{funder} besliste op {dutch_date(decision.decided_on)} (beslissing "
            f"{decision.reference}) om aan {organisation.name} een subsidie van "
            f"{euros(granted.amount)} toe te kennen voor “{application.title}”."
        )
        if (
            application.amount_requested is not None
            and granted.amount < application.amount_requested
        ):
            doc.paragraph(
                f"Je vroeg {euros(application.amount_requested)}; je krijgt een deel van dat bedrag."
            )
    else:
        doc.paragraph(
            f"{funder} besliste op {dutch_date(decision.decided_on)} (beslissing "
            f"{decision.reference}) om de aanvraag “{application.title}” van "
            f"{organisation.name} niet toe te kennen."
        )

    doc.heading("Waarom", level=3)
    doc.paragraph(decision.reasons)

    if awarded:
        if granted.conditions:
            doc.heading("Voorwaarden", level=3)
            doc.paragraph(granted.conditions)
        payments = list(granted.payments.order_by("due_on", "id"))
        if payments:
            doc.table(
                ["Betaling", "Bedrag", "Ten vroegste op"],
                [
                    [PAYMENT_NAMES.get(p.kind, p.kind), euros(p.amount), dutch_date(p.due_on)]  # type: ignore[call-overload]
                    for p in payments
                ],
                caption="Hoe we betalen",
                widths=(2, 1, 1.4),
            )
            doc.paragraph(
                "Het saldo betalen we nadat we het activiteitenverslag en het financieel "
                "verslag goedgekeurd hebben.",
                small=True,
            )
        reports = list(granted.reports.order_by("due_on", "id"))
        if reports:
            doc.table(
                ["Verslag", "Uiterlijk op"],
                [[REPORT_NAMES.get(r.kind, r.kind), dutch_date(r.due_on)] for r in reports],  # type: ignore[call-overload]
                caption="Wat je ons bezorgt",
                widths=(2, 1.4),
            )
            doc.paragraph(
                "Geld dat je niet uitgeeft aan wat je aanvroeg, kan de stad terugvorderen.",
                small=True,
            )

    doc.heading("Bezwaar", level=3)
    until = granted.appeal_until if awarded else _appeal_until(decision.decided_on)
    if until:
        doc.paragraph(
            f"Ben je het niet eens met deze beslissing? Dan kun je tot en met "
            f"{dutch_date(until)} bezwaar indienen. Schrijf ons waarom, en vermeld de "
            f"beslissing {decision.reference} en je aanvraag {application.reference}."
        )
    else:
        doc.paragraph(
            "Ben je het niet eens met deze beslissing? Schrijf ons waarom, en vermeld de "
            f"beslissing {decision.reference} en je aanvraag {application.reference}."
        )

    doc.heading("Je aanvraag zoals ze beslist werd", level=3)
    doc.paragraph(
        "We bewaren je aanvraag precies zoals ze er bij deze beslissing uitzag. Haar "
        f"vingerafdruk (SHA-256) is {decision.snapshot.sha256}.",
        small=True,
    )
    return doc.render()


def _appeal_until(decided_on: date) -> date | None:
    from middenveld.funding.services.decisions import appeal_until

    return appeal_until(decided_on)
