"""PDF documents in every language of the site, as bytes (fpdf2; ADR 14).

A small, general API for the modules that hand people a PDF (the starter's
guide's checklist, grant receipts, signal reports)::

    from middenveld.core.pdf import PdfDocument

    doc = PdfDocument(title=_("My checklist"), language="ar", subject="Wegwijzer")
    doc.heading(_("Insurance"))                       # level 1 = the document title size
    doc.paragraph(_("Tick off what is done."))
    doc.checklist([("Ask for a quote", True), ("Inform the volunteers", False)])
    doc.table([_("Step"), _("Done")], [["Insurance", "2 / 5"]], caption=_("Progress"))
    data: bytes = doc.render()

Text is shaped with HarfBuzz (``uharfbuzz``), so Arabic letters join and run
right to left; the page itself is laid out right to left for a right-to-left
language (``settings.LANGUAGES_BIDI``). The vendored DejaVu Sans covers Latin,
Cyrillic and Arabic. A character the font cannot draw (an emoji, a control
character) becomes U+FFFD instead of failing. The PDF carries its title,
subject, author and language (``/Lang``) as metadata.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

FONT_DIR = Path(__file__).resolve().parent / "data" / "fonts"
FONT_FAMILY = "DejaVuSans"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
REPLACEMENT = "\ufffd"
# Scripts whose letters change shape or run right to left: Hebrew, Arabic, Syriac,
# Thaana, N'Ko, Samaritan, Mandaic and the Arabic presentation forms.
_NEEDS_SHAPING = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

Text = str | Promise

# Sizes in points and mm; an A4 page with 18 mm margins.
BODY_SIZE = 10.5
LINE = 5.6
HEADING_SIZES = {1: 18.0, 2: 14.0, 3: 12.0}
MARGIN = 18.0
BOX = 4.2  # side of a checkbox, mm


@lru_cache(maxsize=1)
def _codepoints() -> frozenset[int]:
    """Every character the vendored fonts can draw (both weights cover the same scripts)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_FILES[""]), lazy=True)
    return frozenset(font.getBestCmap())


def _has_shaping() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency; see ADR 14
        return False
    return True


def clean_text(value: Any) -> str:
    """Text the font can draw: normalised (NFC), no control characters, unknown glyphs as U+FFFD."""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\t", " ")
    known = _codepoints()
    out = []
    for char in text:
        if char == "\n":
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            continue
        elif unicodedata.category(char) == "Cf":
            # Keep direction marks and joiners (they matter for Arabic), drop the rest.
            if char in "\u200c\u200d\u200e\u200f":
                out.append(char)
        elif ord(char) in known:
            out.append(char)
        else:
            out.append(REPLACEMENT)
    return "".join(out)


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a checklist: its text, whether it is done, and an optional note below it."""

    text: Text
    done: bool = False
    note: Text = ""


class _Pdf(FPDF):
    footer_text: str = ""
    rtl: bool = False

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(90, 90, 90)
        page = f"{self.page_no()} / {{nb}}"
        text = f"{self.footer_text}  ·  {page}" if self.footer_text else page
        self.cell(0, 5, text, align=Align.C)
        self.set_text_color(0, 0, 0)


class PdfDocument:
    """A simple document: title, headings, paragraphs, checklists and tables.

    ``language`` is one of ``settings.LANGUAGES`` (unknown codes fall back to
    the site's first language). Every text argument may be a lazy translation.
    """

    def __init__(
        self,
        *,
        title: Text,
        language: str | None = None,
        subject: Text = "",
        author: Text = "",
        footer: Text = "",
    ) -> None:
        codes = {code for code, _name in settings.LANGUAGES}
        language = (language or settings.LANGUAGE_CODE).split("-")[0].lower()
        self.language = language if language in codes else settings.LANGUAGE_CODE
        self.rtl = self.language in getattr(settings, "LANGUAGES_BIDI", ())
        self.title = clean_text(title)

        pdf = _Pdf(orientation="P", unit="mm", format="A4")
        pdf.rtl = self.rtl
        pdf.footer_text = clean_text(footer)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(auto=True, margin=MARGIN)
        for style, path in FONT_FILES.items():
            pdf.add_font(FONT_FAMILY, style, str(path))
        self._shaped: bool | None = None
        pdf.set_lang(self.language)
        pdf.set_title(self.title)
        if subject:
            pdf.set_subject(clean_text(subject))
        if author:
            pdf.set_author(clean_text(author))
        pdf.set_creator(str(getattr(settings, "SITE_NAME", "Middenveld")))
        pdf.set_display_mode(zoom="fullwidth")
        pdf.add_page()
        pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
        self._pdf = pdf
        self.heading(self.title, level=1)

    # --- Layout helpers ---------------------------------------------------------------

    @property
    def _align(self) -> Align:
        return Align.R if self.rtl else Align.L

    @property
    def _width(self) -> float:
        return self._pdf.w - self._pdf.l_margin - self._pdf.r_margin

    def _shape(self, text: str) -> None:
        """HarfBuzz shaping where a script needs it (Arabic, Hebrew, Syriac …).

        Latin and Cyrillic need none, and shaping costs time on every line
        break, so it is switched on per block, only when the text asks for it.
        """
        wanted = self.rtl or bool(_NEEDS_SHAPING.search(text))
        if wanted != self._shaped and _has_shaping():
            if wanted:
                self._pdf.set_text_shaping(
                    use_shaping_engine=True, direction="rtl" if self.rtl else "ltr"
                )
            else:
                self._pdf.set_text_shaping(False)
            self._shaped = wanted

    def _room(self) -> float:
        return self._pdf.h - self._pdf.b_margin - self._pdf.get_y()

    def _lines(self, text: str, width: float) -> int:
        lines = self._pdf.multi_cell(width, LINE, text, dry_run=True, output="LINES")
        return max(1, len(lines) if isinstance(lines, list) else 1)

    def _keep(self, height: float) -> None:
        """Start a new page when ``height`` mm no longer fits on this one."""
        if height > self._room():
            self._pdf.add_page()

    def _write(self, text: str, *, size: float, style: str = "", gap: float = 0.0) -> None:
        pdf = self._pdf
        self._shape(text)
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, size * 0.5, text, align=self._align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
        if gap:
            pdf.ln(gap)

    # --- Blocks -------------------------------------------------------------------------

    def heading(self, text: Text, level: int = 2) -> PdfDocument:
        """A heading; level 1 is the size of the title, 2 and 3 are section headings."""
        size = HEADING_SIZES.get(level, HEADING_SIZES[3])
        text = clean_text(text)
        # A heading never stays alone at the bottom of a page.
        if self._room() < 8 * LINE:
            self._shape(text)
            self._pdf.set_font(FONT_FAMILY, "B", size)
            self._keep(size * 0.5 * self._lines(text, self._width) + 3 * LINE)
            self._pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
        self._pdf.ln(2 if level > 1 else 0)
        self._write(text, size=size, style="B", gap=2)
        return self

    def paragraph(self, text: Text, *, small: bool = False) -> PdfDocument:
        """A paragraph of running text; blank lines in ``text`` separate paragraphs."""
        for part in clean_text(text).split("\n\n"):
            if part.strip():
                self._write(part.strip(), size=8.5 if small else BODY_SIZE, gap=2)
        return self

    def checklist(self, items: Iterable[ChecklistItem | tuple[Any, ...]]) -> PdfDocument:
        """Lines with a drawn checkbox, ticked when done; the state is also written
        as a character (☑ or ☐) so that it survives copying the text."""
        pdf = self._pdf
        indent = BOX + 3
        text_width = self._width - indent
        for raw in items:
            item = raw if isinstance(raw, ChecklistItem) else ChecklistItem(*raw)
            text = f"{'☑' if item.done else '☐'} {clean_text(item.text)}"
            note = clean_text(item.note) if item.note else ""
            self._shape(text + note)
            pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
            if self._room() < 10 * LINE:
                # Near the end of the page: measure, and keep the item in one piece.
                height = self._lines(text, text_width) * LINE
                if note:
                    pdf.set_font(FONT_FAMILY, "", 8.5)
                    height += self._lines(note, text_width) * LINE * 0.85
                    pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
                self._keep(height + 1.5)
            top = pdf.get_y()
            box_x = pdf.w - pdf.r_margin - BOX if self.rtl else pdf.l_margin
            text_x = pdf.l_margin if self.rtl else pdf.l_margin + indent
            self._box(box_x, top + (LINE - BOX) / 2, item.done)
            pdf.set_xy(text_x, top)
            pdf.multi_cell(
                text_width, LINE, text, align=self._align, new_x=XPos.LEFT, new_y=YPos.NEXT
            )
            if note:
                pdf.set_font(FONT_FAMILY, "", 8.5)
                pdf.set_text_color(70, 70, 70)
                pdf.set_x(text_x)
                pdf.multi_cell(
                    text_width,
                    LINE * 0.85,
                    note,
                    align=self._align,
                    new_x=XPos.LEFT,
                    new_y=YPos.NEXT,
                )
                pdf.set_text_color(0, 0, 0)
                pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
            pdf.set_x(pdf.l_margin)
            pdf.ln(1.5)
        return self

    def _box(self, x: float, y: float, done: bool) -> None:
        pdf = self._pdf
        pdf.set_line_width(0.3)
        pdf.rect(x, y, BOX, BOX)
        if done:
            pdf.set_line_width(0.6)
            pdf.line(x + 0.8, y + BOX * 0.55, x + BOX * 0.4, y + BOX - 0.8)
            pdf.line(x + BOX * 0.4, y + BOX - 0.8, x + BOX - 0.6, y + 0.6)
            pdf.set_line_width(0.2)

    def table(
        self,
        header: Sequence[Text],
        rows: Iterable[Sequence[Any]],
        *,
        caption: Text = "",
        widths: Sequence[float] | None = None,
    ) -> PdfDocument:
        """A table with a header row; ``widths`` are relative column widths.

        Columns run right to left in a right-to-left language, like on the page.
        """
        header_cells = [clean_text(cell) for cell in header]
        body = [[clean_text(cell) for cell in row] for row in rows]
        col_widths = tuple(widths) if widths else tuple(1 for _cell in header_cells)
        if self.rtl:
            header_cells.reverse()
            body = [list(reversed(row)) for row in body]
            col_widths = tuple(reversed(col_widths))
        if caption:
            self._keep(4 * LINE)
            self._write(clean_text(caption), size=BODY_SIZE, style="B", gap=1)
        pdf = self._pdf
        self._shape(" ".join(header_cells + [cell for row in body for cell in row]))
        pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
        pdf.set_x(pdf.l_margin)
        with pdf.table(
            col_widths=col_widths,
            text_align=self._align,
            line_height=LINE,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 238, 242)),
            cell_fill_color=(247, 248, 250),
            cell_fill_mode=TableCellFillMode.ROWS,
            first_row_as_headings=True,
            width=self._width,
        ) as table:
            for cells in [header_cells, *body]:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        pdf.ln(3)
        return self

    def spacer(self, height: float = LINE) -> PdfDocument:
        self._pdf.ln(height)
        return self

    def render(self) -> bytes:
        """The finished PDF. Call it once, after the last block."""
        return bytes(self._pdf.output())
