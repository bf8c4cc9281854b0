"""The explanation's small text format: structure, safe HTML, links in the reader's language."""

from __future__ import annotations

from middenveld.guide.text import blocks, plain, render


def test_headings_lists_tables_and_paragraphs():
    html = render(
        "Eerste zin\ntweede zin.\n\n## Kop\n\n- een\n- twee\n\n| A | B |\n|---|---|\n| x | y |",
        title="Titel",
        language="nl",
    )
    assert "<p>Eerste zin tweede zin.</p>" in html
    assert "<h2>Kop</h2>" in html
    assert "<ul><li>een</li><li>twee</li></ul>" in html
    assert "<caption>Kop</caption>" in html
    assert '<th scope="col">A</th>' in html and '<th scope="row">x</th><td>y</td>' in html


def test_a_table_without_a_heading_takes_the_title_as_caption():
    assert "<caption>Titel</caption>" in render("| A | B |\n| x | y |", title="Titel")


def test_html_in_the_text_is_shown_not_run():
    html = render("<script>alert(1)</script> [x](javascript:alert(1)) **<b>vet</b>**")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<strong>&lt;b&gt;vet&lt;/b&gt;</strong>" in html


def test_links_get_the_language_prefix_and_outside_links_stay():
    assert 'href="/ar/vragen/"' in render("[vraag](/vragen/)", language="ar")
    assert 'href="/vragen/"' in render("[vraag](/vragen/)", language="nl")
    html = render("[site](https://www.vlaanderen.be/)", language="en")
    assert 'href="https://www.vlaanderen.be/" rel="noopener"' in html
    assert 'href="//evil' not in render("[x](//evil.example/)", language="nl")


def test_plain_text_for_a_pdf():
    assert plain("Zie **dit** en [de vragen](/vragen/).") == "Zie dit en de vragen."


def test_empty_text_has_no_blocks():
    assert blocks("") == []
    assert render("") == ""
