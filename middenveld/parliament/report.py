"""The yearly signals report (signalenbundel) as a PDF, in the reader's language (ADR 14).

The same content as the page: counts per theme and per wijk, the groups with their
summary and the titles of their signals, then the other signals by theme. Never names of
people or organisations; only how many organisations are behind a group.
"""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from middenveld.core.pdf import PdfDocument
from middenveld.parliament.selectors import SignalReport


def report_filename(year: int) -> str:
    return f"signalenbundel-{year}.pdf"


def total_sentence(count: int, year: int) -> str:
    return ngettext(
        "%(count)s signal was filed in %(year)s.",
        "%(count)s signals were filed in %(year)s.",
        count,
    ) % {"count": count, "year": year}


def signals_sentence(count: int) -> str:
    return ngettext(
        "This group has %(count)s signal.", "This group has %(count)s signals.", count
    ) % {"count": count}


def organisations_sentence(count: int) -> str:
    return ngettext(
        "Filed by %(count)s organisation.",
        "Filed by %(count)s organisations.",
        count,
    ) % {"count": count}


def signal_report_pdf(report: SignalReport, *, language: str) -> bytes:
    with translation.override(language):
        today = formats.date_format(timezone.localdate(), "j F Y")
        doc = PdfDocument(
            title=_("Signals report %(year)s") % {"year": report.year},
            language=language,
            subject=_("Civil-society parliament"),
            author=_("City of Ghent"),
            footer=_("Made on %(day)s") % {"day": today},
        )
        doc.heading(_("Signals report %(year)s") % {"year": report.year}, level=1)
        doc.paragraph(
            _(
                "Organisations tell the city what they see in the field: needs and problems. "
                "These are their signals. This report shows no names of people."
            )
        )
        if not report.total:
            doc.paragraph(_("No signals were filed in %(year)s.") % {"year": report.year})
            return doc.render()
        doc.paragraph(
            f"{total_sentence(report.total, report.year)} "
            f"{organisations_sentence(report.organisations)}"
        )
        doc.table(
            [_("Theme"), _("Signals")],
            [[label, str(count)] for label, count in report.per_theme],
            caption=_("Signals per theme"),
            widths=(3, 1),
        )
        doc.table(
            [_("Wijk"), _("Signals")],
            [
                [name if name else _("No wijk given"), str(count)]
                for name, count in report.per_district
            ],
            caption=_("Signals per wijk"),
            widths=(3, 1),
        )
        if report.groups:
            doc.heading(_("Groups of signals"))
            for group in report.groups:
                doc.heading(group.title, level=3)
                if group.summary:
                    doc.paragraph(group.summary)
                if not group.titles:
                    doc.paragraph(_("This group has no signals yet."), small=True)
                    continue
                doc.paragraph(
                    f"{signals_sentence(len(group.titles))} "
                    f"{organisations_sentence(group.organisations)}",
                    small=True,
                )
                for title in group.titles:
                    doc.paragraph(f"• {title}")
        if report.ungrouped:
            doc.heading(_("Other signals, by theme"))
            for item in report.ungrouped:
                doc.heading(item.label, level=3)
                for title in item.titles:
                    doc.paragraph(f"• {title}")
        return doc.render()
