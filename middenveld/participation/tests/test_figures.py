"""Participation figures count organisations, by legal form, kind of work, wijk and working
language; other apps plug in their own ways of taking part."""

from __future__ import annotations

import pytest

from middenveld.organisations.models import LegalForm, Organisation
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.participation import figures
from middenveld.participation.figures import participation_figures, participation_source
from middenveld.participation.tests.factories import CommentFactory, ProposalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def extra_source():
    """A source registered for the test only (as the events app would)."""
    yield
    figures._SOURCES.pop("test.everyone_named_x", None)


def _org(name, **kwargs):
    organisation = OrganisationFactory(name=name, districts=kwargs.pop("districts", ()), **kwargs)
    return organisation


def test_each_organisation_counts_once_with_its_breakdowns(process):
    from middenveld.organisations.models import Language

    nl, _c = Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})
    tr, _c = Language.objects.get_or_create(code="tr", defaults={"name": "Turks"})
    a = _org("A", legal_form=LegalForm.NONPROFIT, districts=["rabot"], does_basic_work=True)
    a.languages.set([nl, tr])
    b = _org("B", legal_form=LegalForm.INFORMAL, districts=["rabot", "ledeberg"])
    b.languages.set([nl])
    c = _org("C", legal_form=LegalForm.INFORMAL)
    _org("Not taking part", legal_form=LegalForm.FOUNDATION, districts=["rabot"])
    ProposalFactory(process=process, organisation=a)
    ProposalFactory(process=process, organisation=a)
    CommentFactory(process=process, organisation=a)
    CommentFactory(process=process, organisation=b)
    CommentFactory(process=process, organisation=c)
    CommentFactory(process=process)  # a person only: no organisation
    ProposalFactory()  # another process

    result = participation_figures(process)
    assert result.total == 3
    by_source = dict(result.by_source)
    assert by_source["Sent a proposal"] == 1
    assert by_source["Wrote a comment on behalf of the organisation"] == 3
    # Events and ballots add their own ways of taking part (none in this process).
    assert by_source["Registered for an event on behalf of the organisation"] == 0
    assert by_source["Voted on behalf of the organisation"] == 0
    forms = dict(result.by_legal_form)
    assert forms[str(LegalForm.INFORMAL.label)] == 2
    assert forms[str(LegalForm.NONPROFIT.label)] == 1
    assert str(LegalForm.FOUNDATION.label) not in forms
    assert dict(result.by_district) == {"Rabot": 2, "Ledeberg": 1, "No wijk given": 1}
    languages = dict(result.by_language)
    assert languages["No working language given"] == 1
    assert sum(n for name, n in result.by_language if name != "No working language given") == 3
    assert dict(result.by_working_form)["Basic work (basiswerk)"] == 1
    assert result.proposals == 2 and result.comments == 4 and result.people_commenting == 4


def test_another_app_adds_a_way_of_taking_part(process, extra_source):
    x = _org("X")
    participation_source(
        "test.everyone_named_x",
        label="Named X",
        organisations=lambda p: Organisation.objects.filter(name="X").values("pk"),
        order=30,
    )
    result = participation_figures(process)
    assert result.total == 1
    assert ("Named X", 1) in result.by_source
    assert x.pk


def test_the_figures_never_hold_a_persons_origin(process):
    result = participation_figures(process)
    fields = set(vars(result))
    assert not fields & {"origin", "nationality", "ethnicity", "country", "self_organisation"}


def test_the_figures_cost_a_fixed_number_of_queries(process, django_assert_max_num_queries):
    for n in range(15):
        organisation = _org(f"Org {n}", districts=[f"wijk-{n % 4}"])
        ProposalFactory(process=process, organisation=organisation)
        CommentFactory(process=process, organisation=organisation)
    with django_assert_max_num_queries(15):
        participation_figures(process)
