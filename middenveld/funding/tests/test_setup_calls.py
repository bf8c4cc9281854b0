"""Calls: a period in Brussels time, the regulation version (the current one by default), a
form built from field types and a scoring rubric, each checked by ``call_save``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from django.urls import reverse

from middenveld.core.errors import Conflict, Invalid
from middenveld.funding.models import ApplicationStatus, Call
from middenveld.funding.services.setup import call_save
from middenveld.funding.tests.factories import (
    ApplicationFactory,
    BudgetLineFactory,
    CallFactory,
    RegulationVersionFactory,
)

pytestmark = pytest.mark.django_db

FIELDS: list[dict[str, Any]] = [
    {"key": "doel", "type": "text", "label_nl": "Wat wil je doen?", "label_en": "What?"},
    {"key": "soort", "type": "choice", "label_nl": "Soort", "choices": "feest, workshop"},
    {"key": "begroting", "type": "budget", "label_nl": "Begroting", "required": True},
    {"key": "offerte", "type": "file", "label_nl": "Offerte", "attachment": "begroting"},
]
RUBRIC: list[dict[str, Any]] = [
    {"key": "relevantie", "label_nl": "Relevantie", "weight": 2, "scale": 5},
]


def _save(funding, **changes):
    arguments = {
        "by": funding.staff,
        "title": "Buurtfeesten 2026",
        "slug": "buurtfeesten-2026",
        "instrument": funding.instrument,
        "line": funding.line,
        "opens_on": date(2026, 3, 1),
        "opens_time": time(9, 0),
        "closes_on": date(2026, 4, 30),
        "closes_time": time(23, 59),
        "form": FIELDS,
        "rubric": RUBRIC,
        **changes,
    }
    return call_save(**arguments)


def test_a_call_is_saved_with_brussels_times_and_the_current_version(funding):
    call = _save(funding)
    assert call.opens_at == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # winter time, +01:00
    assert call.closes_at == datetime(2026, 4, 30, 21, 59, tzinfo=UTC)  # summer time, +02:00
    assert call.regulation_version == funding.version
    assert [field["key"] for field in call.form] == ["doel", "soort", "begroting", "offerte"]
    assert call.form[0]["label"] == {"nl": "Wat wil je doen?", "en": "What?"}
    assert call.form[1]["choices"] == ["feest", "workshop"]
    assert call.form[2]["categories"] == ["catering", "huur", "materiaal"]
    assert call.form[3]["attachment"] == "begroting"
    assert call.rubric == [
        {"key": "relevantie", "label": {"nl": "Relevantie"}, "weight": 2, "scale": 5}
    ]


def test_a_time_that_does_not_exist_is_refused(funding):
    # The last Sunday of March 2026: the clock jumps from 02:00 to 03:00.
    with pytest.raises(Invalid) as refused:
        _save(funding, opens_on=date(2026, 3, 29), opens_time=time(2, 30))
    assert "does not exist" in str(refused.value)
    assert "opens_time" in refused.value.details["fields"]
    assert not Call.objects.filter(slug="buurtfeesten-2026").exists()


def test_a_doubled_hour_is_refused_on_the_time_field(funding):
    with pytest.raises(Invalid) as refused:
        _save(funding, closes_on=date(2026, 10, 25), closes_time=time(2, 30))
    assert "closes_time" in refused.value.details["fields"]


def test_the_call_must_close_after_it_opens(funding):
    with pytest.raises(Invalid) as refused:
        _save(funding, closes_on=date(2026, 2, 1))
    assert "closes_on" in refused.value.details["fields"]


@pytest.mark.parametrize(
    ("rows", "field", "words"),
    [
        ([{**FIELDS[0]}, {**FIELDS[0]}], "form-1-key", "used twice"),
        ([{"key": "x", "type": "colour", "label_nl": "Kleur"}], "form-0-type", "not a field type"),
        (
            [{"key": "x", "type": "choice", "label_nl": "Keuze", "choices": "een"}],
            "form-0-choices",
            "two options",
        ),
        ([FIELDS[2], {**FIELDS[2], "key": "tweede"}], "form-1-type", "at most one budget"),
        ([{"key": "Met Spatie", "type": "text", "label_nl": "x"}], "form-0-key", "lower-case"),
        ([{"key": "x", "type": "text", "label_nl": ""}], "form-0-label_nl", "Dutch"),
    ],
)
def test_the_form_is_checked_row_by_row(funding, rows, field, words):
    with pytest.raises(Invalid) as refused:
        _save(funding, form=rows)
    assert field in refused.value.details["fields"]
    assert words in str(refused.value)
    assert not Call.objects.filter(slug="buurtfeesten-2026").exists()


def test_a_budget_table_needs_cost_categories_from_the_regulation(funding):
    rules = {**funding.version.rules, "cost_categories": [], "cost_caps": []}
    bare = RegulationVersionFactory(regulation=funding.version.regulation, number=2, rules=rules)
    with pytest.raises(Invalid) as refused:
        _save(funding, regulation_version=bare, form=[FIELDS[2]])
    assert "cost categories" in str(refused.value)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"key": "a", "label_nl": "A", "weight": 0, "scale": 5}, "rubric-0-weight"),
        ({"key": "a", "label_nl": "A", "weight": "-1", "scale": 5}, "rubric-0-weight"),
        ({"key": "a", "label_nl": "A", "weight": 1, "scale": 1}, "rubric-0-scale"),
        ({"key": "a", "label_nl": "A", "weight": 1, "scale": 11}, "rubric-0-scale"),
        ({"key": "a", "label_nl": "A", "weight": True, "scale": 5}, "rubric-0-weight"),
    ],
)
def test_the_rubric_needs_a_positive_weight_and_a_scale_from_2_to_10(funding, row, field):
    with pytest.raises(Invalid) as refused:
        _save(funding, rubric=[row])
    assert field in refused.value.details["fields"]


def test_a_line_of_another_instrument_is_refused(funding):
    with pytest.raises(Invalid) as refused:
        _save(funding, line=BudgetLineFactory())
    assert "line" in refused.value.details["fields"]


def test_a_version_of_another_regulation_is_refused(funding):
    with pytest.raises(Invalid) as refused:
        _save(funding, regulation_version=RegulationVersionFactory())
    assert "regulation_version" in refused.value.details["fields"]


def test_the_address_must_be_unique(funding):
    with pytest.raises(Invalid) as refused:
        _save(funding, slug=funding.call.slug)
    assert "slug" in refused.value.details["fields"]


def test_the_form_stays_once_an_application_is_submitted(funding):
    call = _save(funding)
    ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED, submitted_at=call.opens_at)
    with pytest.raises(Conflict):
        _save(funding, call=call, form=FIELDS[:2])
    # The title may still change.
    assert _save(funding, call=call, title="Buurtfeesten").title == "Buurtfeesten"


def test_the_version_stays_once_applications_are_made(funding):
    call = _save(funding)
    ApplicationFactory(call=call)
    newer = RegulationVersionFactory(regulation=funding.version.regulation, number=2)
    with pytest.raises(Conflict):
        _save(funding, call=call, regulation_version=newer)
    call.refresh_from_db()
    assert call.regulation_version == funding.version


# --- pages -------------------------------------------------------------------------------


def _post_data(funding, **changes) -> dict[str, Any]:
    data = {
        "title": "Zomer in de wijk",
        "slug": "zomer-in-de-wijk",
        "description": "Activiteiten in de zomer.",
        "instrument": funding.instrument.pk,
        "line": funding.line.pk,
        "opens_on": "2026-06-01",
        "opens_time": "09:00",
        "closes_on": "2026-07-01",
        "closes_time": "17:00",
        "regulation_version": "",
        "published": "on",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-key": "doel",
        "form-0-type": "text",
        "form-0-label_nl": "Doel",
        "form-0-required": "on",
        "form-1-key": "soort",
        "form-1-type": "choice",
        "form-1-label_nl": "Soort",
        "form-1-choices": "feest, markt",
        "rubric-TOTAL_FORMS": "2",
        "rubric-INITIAL_FORMS": "0",
        "rubric-0-key": "impact",
        "rubric-0-label_nl": "Impact",
        "rubric-0-weight": "3",
        "rubric-0-scale": "10",
    }
    data.update(changes)
    return data


def test_the_new_call_page_saves_a_call(client, funding):
    client.force_login(funding.staff)
    assert client.get(reverse("funding:staff_call_new")).status_code == 200
    response = client.post(reverse("funding:staff_call_new"), _post_data(funding))
    assert response.status_code == 302
    call = Call.objects.get(slug="zomer-in-de-wijk")
    assert [f["key"] for f in call.form] == ["doel", "soort"]
    assert call.form[0]["required"] is True
    assert call.rubric[0]["scale"] == 10
    assert call.regulation_version == funding.version


def test_the_new_call_page_shows_a_row_error_on_its_row(client, funding):
    client.force_login(funding.staff)
    response = client.post(
        reverse("funding:staff_call_new"), _post_data(funding, **{"form-1-choices": "alleen"})
    )
    assert response.status_code == 422
    assert "A choice needs at least two options." in response.content.decode()
    assert not Call.objects.filter(slug="zomer-in-de-wijk").exists()


def test_the_new_call_page_refuses_a_time_that_does_not_exist(client, funding):
    client.force_login(funding.staff)
    response = client.post(
        reverse("funding:staff_call_new"),
        _post_data(funding, opens_on="2026-03-29", opens_time="02:30"),
    )
    assert response.status_code == 422
    assert "does not exist" in response.content.decode()


def test_the_edit_page_shows_and_changes_a_call(client, funding):
    client.force_login(funding.staff)
    url = reverse("funding:staff_call_edit", args=[funding.call.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="relevantie"' in page.content.decode()
    response = client.post(url, _post_data(funding, slug=funding.call.slug, title="Nieuwe titel"))
    assert response.status_code == 302
    funding.call.refresh_from_db()
    assert funding.call.title == "Nieuwe titel"


def test_a_missing_call_is_a_404(client, funding):
    client.force_login(funding.staff)
    assert client.get(reverse("funding:staff_call_edit", args=["nergens"])).status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_query_budget_of_the_call_list(client, funding, django_assert_max_num_queries, count):
    for _ in range(count):
        call = CallFactory(instrument=funding.instrument, line=funding.line)
        ApplicationFactory(call=call)
    client.force_login(funding.staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("funding:staff_calls"))
    assert response.status_code == 200
    assert funding.call.title in response.content.decode()
