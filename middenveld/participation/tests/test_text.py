"""Comment text: everything escaped; only http(s) addresses become links."""

from __future__ import annotations

import pytest

from middenveld.participation.text import comment_html, has_visible_text


def test_script_is_shown_as_text_never_run():
    html = comment_html('<script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_https_address_becomes_a_link_with_safe_rel():
    html = comment_html("Zie https://stad.gent/nl/middenveld.")
    assert (
        '<a href="https://stad.gent/nl/middenveld" rel="nofollow ugc noopener">'
        "https://stad.gent/nl/middenveld</a>." in html
    )


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "[klik](javascript:alert(1))",
        '<a href="javascript:alert(1)">klik</a>',
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_javascript_and_other_schemes_never_become_links(text):
    html = comment_html(text)
    assert "<a " not in html
    assert 'href="javascript' not in html.lower()


def test_quotes_in_an_address_cannot_break_out_of_the_attribute():
    html = comment_html('https://example.org/"onmouseover="alert(1)')
    assert 'href="https://example.org/"' in html
    assert 'onmouseover="' not in html
    assert "&quot;onmouseover=&quot;alert(1)" in html


def test_an_address_with_an_ampersand_is_escaped_in_the_link():
    html = comment_html("https://example.org/?a=1&b=<2>")
    assert 'href="https://example.org/?a=1&amp;b="' in html
    assert "&lt;2&gt;" in html


def test_a_bare_scheme_is_not_a_link():
    assert "<a " not in comment_html("https:// en verder")


def test_line_breaks_and_paragraphs_stay():
    html = comment_html("Eerste regel\nTweede regel\n\nNieuwe alinea")
    assert html == "<p>Eerste regel<br>Tweede regel</p><p>Nieuwe alinea</p>"


def test_a_long_address_is_shortened_in_the_text_but_whole_in_the_link():
    url = "https://example.org/" + "a" * 200
    html = comment_html(url)
    assert f'href="{url}"' in html
    assert "…</a>" in html


def test_a_closing_bracket_of_a_sentence_is_not_part_of_the_link():
    html = comment_html("(zie https://stad.gent)")
    assert 'href="https://stad.gent"' in html
    assert "</a>)" in html


@pytest.mark.parametrize(
    "text", ["", "   \n\t ", "\u200b\u200b", "\u200e\u200f\u202e", "\ufeff \u2060", "\u200c\u200d"]
)
def test_only_white_space_or_invisible_characters_is_no_text(text):
    assert not has_visible_text(text)


@pytest.mark.parametrize("text", ["a", " مرحبا ", "Merhaba\u200b", "😀"])
def test_letters_in_any_script_are_text(text):
    assert has_visible_text(text)
