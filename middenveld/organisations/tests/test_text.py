"""Names as people type them, the key that finds look-alike names, and search terms."""

from __future__ import annotations

import pytest
from django.db import connection

from middenveld.core.errors import Invalid
from middenveld.organisations.search import MAX_TERMS, search_terms, tsquery
from middenveld.organisations.text import name_clean, name_key, search_fold, text_tidy


def _refusal(value: str) -> Invalid:
    with pytest.raises(Invalid) as caught:
        name_clean(value)
    return caught.value


# --- name_clean ---------------------------------------------------------------------


def test_a_name_is_stripped_and_its_white_space_collapsed():
    assert name_clean("  Buurtwerk \t  De   Pit \n ") == "Buurtwerk De Pit"


def test_a_very_long_name_is_refused_with_its_length_in_the_message():
    error = _refusal("a" * 10_000)
    assert "10000" in str(error)
    assert "200" in str(error)
    assert error.details["fields"]["name"] == [str(error)]


def test_a_name_of_exactly_the_maximum_length_is_accepted():
    assert name_clean("a" * 200) == "a" * 200


def test_a_name_of_only_spaces_is_refused():
    assert "Spaces alone are not a name" in str(_refusal("   \t  "))


def test_an_empty_optional_name_is_allowed():
    assert name_clean("   ", field="alternative_name", required=False) == ""


def test_an_optional_name_still_reports_under_its_own_field():
    with pytest.raises(Invalid) as caught:
        name_clean("!!!", field="alternative_name", required=False)
    assert "alternative_name" in caught.value.details["fields"]


def test_control_characters_are_removed_from_a_name():
    assert name_clean("Buurt\x00werk\x07 De\x1b Pit\x7f\x85") == "Buurtwerk De Pit"


def test_characters_that_reorder_or_hide_text_are_removed_from_a_name():
    # A right-to-left override would show "Buurtwerk" reversed in the public register.
    assert name_clean("Buurt\u202ekrew\u202c \u200bDe\ufeff Pit") == "Buurtkrew De Pit"


def test_a_zero_width_non_joiner_stays_because_some_scripts_need_it():
    assert name_clean("می\u200cخواهم") == "می\u200cخواهم"


def test_a_name_is_stored_in_composed_form():
    assert name_clean("Cafe\u0301") == "Café"


@pytest.mark.parametrize("typed", ["!!!", "- / -", "…", "🙂🙂"])
def test_a_name_without_any_letter_or_digit_is_refused(typed):
    assert "at least one letter or digit" in str(_refusal(typed))


def test_a_name_in_another_script_is_a_name():
    assert name_clean("  Български   клуб ") == "Български клуб"


# --- text_tidy ----------------------------------------------------------------------


def test_a_longer_text_keeps_its_line_breaks_but_loses_control_characters():
    assert text_tidy(" Eerste\r\nregel\x00\n\ntweede\u202e ", multiline=True) == (
        "Eerste\nregel\n\ntweede"
    )


# --- name_key -----------------------------------------------------------------------


def test_a_ligature_has_the_same_key_as_its_letters():
    assert name_key("ﬁets") == name_key("fiets") == "fiets"


def test_a_cyrillic_look_alike_has_the_same_key_as_the_latin_name():
    cyrillic = "\u0421af\u00e9"  # Cyrillic capital Es, then "afé"
    assert cyrillic != "Cafe"
    assert name_key(cyrillic) == name_key("Cafe") == "cafe"


def test_a_cyrillic_letter_with_an_accent_folds_to_the_latin_letter():
    assert name_key("Buurtwerk R\u0451bot") == name_key("Buurtwerk Rebot")  # Cyrillic ё


def test_a_greek_look_alike_has_the_same_key_as_the_latin_name():
    assert name_key("\u039fpen Huis") == name_key("Open Huis")  # Greek capital Omicron


@pytest.mark.parametrize("spelling", ["Café de Wereld", "CAFE DE WERELD", "café  de wéreld"])
def test_accents_case_and_spaces_fold_away_in_the_key(spelling):
    assert name_key(spelling) == "cafe de wereld"


@pytest.mark.parametrize(
    "spelling",
    [
        "Buurtwerk De Pit vzw",
        "Buurtwerk De Pit VZW",
        "Buurtwerk De Pit v.z.w.",
        "Buurtwerk De Pit V.Z.W.",
        "vzw Buurtwerk De Pit",
        "Buurtwerk De Pit ivzw",
        "Buurtwerk De Pit i.v.z.w.",
        "Buurtwerk De Pit asbl",
        "Buurtwerk De Pit, vereniging zonder winstoogmerk",
        "Buurtwerk De Pit (fv)",
    ],
)
def test_the_legal_form_in_a_name_is_left_out_of_the_key(spelling):
    assert name_key(spelling) == "buurtwerk de pit"


def test_a_legal_form_inside_a_word_stays_in_the_key():
    assert name_key("Vzwerkers") == "vzwerkers"


def test_names_in_other_scripts_keep_their_letters_in_the_key():
    bulgarian, russian = name_key("Български клуб"), name_key("Русский клуб")
    assert bulgarian and russian
    assert bulgarian != russian
    assert name_key("جمعية الأمل") != ""
    assert name_key("جمعية الأمل") != name_key("جمعية النور")


def test_punctuation_separates_words_in_the_key():
    assert name_key("De_Pit/Gent--Noord") == "de pit gent noord"


# --- search ---------------------------------------------------------------------------


def test_search_fold_leaves_words_without_accents_case_or_punctuation():
    assert search_fold("Élan, Vitaal & ÇAY!") == "elan vitaal cay"


def test_search_terms_drop_dutch_stop_words():
    assert search_terms("de vluchtelingen van het werk") == ["vluchtel", "werk"]


def test_a_query_of_only_stop_words_has_no_terms():
    assert search_terms("de en van het") == []
    assert search_terms("  ?! ") == []


def test_search_terms_are_dutch_stems():
    assert search_terms("vluchtelingen") == ["vluchtel"]
    assert search_terms("mogelijkheden fietsen") == ["mogelijk", "fiets"]


def test_search_terms_fold_accents_and_case():
    assert search_terms("CRÈCHE Café") == search_terms("creche cafe")


def test_search_terms_are_not_repeated():
    assert search_terms("werk werken Werk WERK") == ["werk"]


def test_a_search_has_at_most_eight_terms():
    words = "appel banaan citroen dadel eikel framboos granaat hazelnoot ijsbes jujube kiwi"
    terms = search_terms(words)
    assert len(terms) == MAX_TERMS == 8
    assert terms[0] == search_terms("appel")[0]
    assert search_terms("kiwi")[0] not in terms


def test_search_terms_keep_words_of_other_scripts_whole():
    bulgarian = search_terms("Български клуб")
    arabic = search_terms("جمعية الأمل")

    assert len(bulgarian) == 2
    assert all(len(term) >= 4 for term in bulgarian)
    assert bulgarian != search_terms("Русский клуб")
    assert len(arabic) == 2
    assert all(len(term) >= 4 for term in arabic)


@pytest.mark.django_db
def test_a_search_in_another_script_finds_only_the_names_in_that_script():
    from middenveld.organisations.models import Organisation
    from middenveld.organisations.selectors import text_search
    from middenveld.organisations.tests.factories import OrganisationFactory

    bulgarian = OrganisationFactory(name="Български клуб", description="")
    OrganisationFactory(name="Kunst en Yoga", description="")
    arabic = OrganisationFactory(name="جمعية الأمل", description="")

    assert list(text_search(Organisation.objects.all(), "клуб")) == [bulgarian]
    assert list(text_search(Organisation.objects.all(), "الأمل")) == [arabic]


def test_operators_of_postgresql_text_search_never_reach_a_term():
    terms = search_terms("werk & !buurt | (pit):* 'x'")
    assert terms == ["werk", "buurt", "pit", "x"]
    assert tsquery(terms) == "werk:* & buurt:* & pit:* & x:*"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL itself")
@pytest.mark.parametrize(
    "word",
    [
        "vluchtelingen",
        "vluchtelingenwerk",
        "mogelijkheden",
        "fietsen",
        "fiets",
        "buurtwerking",
        "vrijwilligers",
        "jongeren",
        "ouderen",
        "kinderen",
        "gezondheid",
        "zelforganisaties",
        "nieuwkomers",
    ],
)
def test_a_search_term_is_the_stem_postgresql_makes_with_its_dutch_configuration(word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ts_lexize('dutch_stem', %s)", [word])
        (lexemes,) = cursor.fetchone()
    assert search_terms(word) == lexemes
