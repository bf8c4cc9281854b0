"""The documented searches of the directory. CI runs this file on SQLite and on
PostgreSQL (Dutch text search); both must give exactly these results."""

from __future__ import annotations

import pytest

from middenveld.organisations.selectors import DirectoryFilters, organisation_directory
from middenveld.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NAMES = [
    "Vluchtelingenwerk Gent",
    "Vereniging voor Vluchtelingen",
    "Café Ontmoeting",
    "Huiswerkbegeleiding De Sleutel",
    "Armoedebestrijding Rabot",
    "Vrouwenvereniging Ledeberg",
    "Jeugdhuis Kinderen van de Wereld",
    "Ouderenzorg Sint-Amandsberg",
    "Sportclub Gezinnen Samen",
]

# (what a person types, the organisations it must find)
DOCUMENTED_SEARCHES = [
    ("vluchtelingen", {"Vluchtelingenwerk Gent", "Vereniging voor Vluchtelingen"}),
    ("VLUCHTELING", {"Vluchtelingenwerk Gent", "Vereniging voor Vluchtelingen"}),
    ("cafe", {"Café Ontmoeting"}),
    ("Café ontmoeting", {"Café Ontmoeting"}),
    ("huiswerk", {"Huiswerkbegeleiding De Sleutel"}),
    ("armoede", {"Armoedebestrijding Rabot"}),
    ("vrouwen", {"Vrouwenvereniging Ledeberg"}),
    ("kinderen", {"Jeugdhuis Kinderen van de Wereld"}),
    ("gezin", {"Sportclub Gezinnen Samen"}),
    ("ouderen", {"Ouderenzorg Sint-Amandsberg"}),
    ("sint-amandsberg", {"Ouderenzorg Sint-Amandsberg"}),
    ("de", set(NAMES)),  # only a stop word: no text filter at all
    ("vluchtelingen gent", {"Vluchtelingenwerk Gent"}),
    ("rabot", {"Armoedebestrijding Rabot"}),
    ("zwembad", set()),
    ("'; DROP TABLE organisations_organisation; --", set()),
]


@pytest.fixture
def organisations(db):
    for name in NAMES:
        OrganisationFactory(name=name, description="")


@pytest.mark.parametrize(("query", "expected"), DOCUMENTED_SEARCHES)
def test_documented_search_gives_the_same_results_in_every_database(organisations, query, expected):
    found = {o.name for o in organisation_directory(DirectoryFilters(q=query))}
    assert found == expected


def test_search_also_looks_in_the_description_and_target_groups(db):
    OrganisationFactory(name="De Pit", description="Wij helpen nieuwkomers met papieren.")
    OrganisationFactory(name="Het Anker", target_groups=["studenten"])
    assert [o.name for o in organisation_directory(DirectoryFilters(q="nieuwkomer"))] == ["De Pit"]
    assert [o.name for o in organisation_directory(DirectoryFilters(q="studenten"))] == [
        "Het Anker"
    ]
