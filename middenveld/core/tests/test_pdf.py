"""core/pdf.py: real PDFs in every language of the site, read back with pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from middenveld.core.pdf import ChecklistItem, PdfDocument, clean_text

SAMPLES = {
    "nl": "Open een bankrekening voor de vereniging – één café, geïnd",
    "en": "Open a bank account for the association",
    "fr": "Ouvrez un compte bancaire pour l’association — déjà payé",
    "tr": "Derneğiniz için bir banka hesabı açın: ğüşıöç İĞŞ",
    "ar": "افتح حسابًا مصرفيًا باسم الجمعية",
    "bg": "Отворете банкова сметка на сдружението",
}


def _read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("language", list(SAMPLES))
def test_every_block_comes_out_as_text_in_every_language(language):
    sample = SAMPLES[language]
    doc = PdfDocument(title=f"Titel {language}", language=language, subject="Test", author="Stad")
    doc.heading(sample)
    doc.paragraph(f"{sample}.\n\nTweede alinea.")
    doc.checklist([ChecklistItem(sample, done=True, note="klaar"), (f"{sample} 2", False)])
    doc.table(["Kolom", "Waarde"], [[sample, "3 / 5"]], caption="Tabel", widths=[3, 1])
    data = doc.render()
    assert data.startswith(b"%PDF-")
    reader, text = _read(data)
    assert text.count(sample) >= 4
    if language == "ar":
        # Text extraction gives right-to-left lines in visual order: the box after the text.
        assert f"{sample}☑" in text and "☐" in text
    else:
        assert f"☑ {sample}" in text and f"☐ {sample} 2" in text
        assert "3 / 5" in text and "Tweede alinea." in text
    assert reader.metadata.title == f"Titel {language}"
    assert reader.metadata.subject == "Test" and reader.metadata.author == "Stad"
    assert reader.trailer["/Root"]["/Lang"] == language


def test_the_font_is_embedded_so_a_reader_needs_no_fonts_of_its_own():
    reader, _text = _read(PdfDocument(title="Fonts", language="bg").paragraph("Здравейте").render())
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(f.get_object()["/BaseFont"]) for f in fonts.values()]
    assert any("DejaVuSans" in name for name in names)
    descendant = next(iter(fonts.values())).get_object()["/DescendantFonts"][0].get_object()
    assert "/FontFile2" in descendant["/FontDescriptor"]


def test_a_right_to_left_language_writes_arabic_as_joined_letters():
    """With shaping, lam + alef become one ligature glyph: the font's ToUnicode map then
    has one code for the two letters (U+0644 U+0627). Without shaping it never would."""
    reader, text = _read(PdfDocument(title="ar", language="ar").paragraph("السلام").render())
    assert "السلام" in text
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    maps = [f.get_object()["/ToUnicode"].get_object().get_data().decode("ascii") for f in fonts]
    assert "06440627" in " ".join(maps).upper()


def test_a_long_checklist_flows_over_several_pages():
    doc = PdfDocument(title="Lang", language="nl", footer="Middenveld")
    doc.checklist([(f"Taak nummer {i} met wat uitleg erbij", i % 2 == 0) for i in range(120)])
    reader, text = _read(doc.render())
    assert len(reader.pages) > 2
    assert "Taak nummer 119" in text
    assert f"1 / {len(reader.pages)}" in text


def test_an_unknown_language_falls_back_to_dutch():
    doc = PdfDocument(title="x", language="xx-YY")
    assert doc.language == "nl" and not doc.rtl
    assert PdfDocument(title="x", language="ar-EG").rtl


def test_characters_the_font_lacks_and_control_characters_do_not_break_the_pdf():
    assert clean_text("a\x00b\x07c\r\nd\te") == "abc\nd e"
    assert clean_text("𝄞") == "\ufffd"  # a musical symbol DejaVu Sans has no glyph for
    data = PdfDocument(title="Vreemd \x00 teken").paragraph("Noot 𝄞 en \u200f richting").render()
    _reader, text = _read(data)
    assert "Noot" in text and "richting" in text


def test_lazy_translations_are_accepted_everywhere():
    from django.utils.translation import gettext_lazy

    doc = PdfDocument(
        title=gettext_lazy("Starter's guide"), language="en", footer=gettext_lazy("Page")
    )
    doc.heading(gettext_lazy("Insurance")).paragraph(gettext_lazy("Done"))
    doc.checklist([ChecklistItem(gettext_lazy("Done"), note=gettext_lazy("Page"))])
    _reader, text = _read(doc.render())
    assert "Insurance" in text
