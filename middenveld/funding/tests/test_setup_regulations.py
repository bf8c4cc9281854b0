"""Regulation versions: import a YAML or JSON file as the next version, export any version,
a refused file names its line and creates nothing, an identical file says so, and a new
version never changes the version (or the check) of an application already made."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from middenveld.core.errors import Conflict, Invalid
from middenveld.funding.models import RegulationVersion
from middenveld.funding.regulation import (
    Facts,
    RegulationFileError,
    rules_check,
    rules_dump,
    rules_hash,
    rules_load,
)
from middenveld.funding.services.setup import regulation_of, regulation_version_import
from middenveld.funding.tests.factories import RULES, ApplicationFactory, InstrumentFactory

pytestmark = pytest.mark.django_db

YAML = rules_dump(RULES)


def _url(funding, name="staff_regulation", **kwargs) -> str:
    return reverse(f"funding:{name}", kwargs={"slug": funding.instrument.slug, **kwargs})


def _import(funding, text, *, format="yaml", valid_from=None, note="Nieuw"):  # noqa: A002
    return regulation_version_import(
        regulation=funding.version.regulation,
        text=text,
        format=format,
        valid_from=valid_from or date(2024, 1, 1),
        note=note,
        by=funding.staff,
    )


def test_import_makes_the_next_version_with_its_fingerprint(funding):
    text = YAML.replace("lead_time_days: 42", "lead_time_days: 21")
    version = _import(funding, text)
    assert version.number == 2
    assert version.rules["lead_time_days"] == 21
    assert version.rules_hash == rules_hash(version.rules)
    assert version.created_by == funding.staff
    assert funding.version.regulation.current() == version


def test_import_of_json_works_too(funding):
    rules = json.loads(rules_dump(RULES, format="json"))
    rules["max_grants_per_year"] = 5
    version = _import(funding, json.dumps(rules), format="json")
    assert version.rules["max_grants_per_year"] == 5


def test_an_identical_file_says_so_and_makes_no_version(funding):
    with pytest.raises(Conflict) as refused:
        _import(funding, YAML)
    assert refused.value.code == "regulation_unchanged"
    assert "same rules as version 1" in str(refused.value)
    assert RegulationVersion.objects.count() == 1


def test_an_unknown_rule_is_refused_with_its_line(funding):
    text = YAML.replace("lead_time_days: 42", "lead_time_days: 42\nsnoep: true")
    with pytest.raises(RegulationFileError) as refused:
        _import(funding, text)
    assert refused.value.line == 19
    assert str(refused.value).startswith("Line 19")
    assert "snoep" in str(refused.value)
    assert RegulationVersion.objects.count() == 1


def test_a_malformed_value_is_refused_with_its_line(funding):
    text = YAML.replace("max_amount: '2500.00'", "max_amount: veel")
    with pytest.raises(RegulationFileError) as refused:
        _import(funding, text)
    assert refused.value.line == 12
    assert "veel" in refused.value.reason
    assert RegulationVersion.objects.count() == 1


def test_a_version_cannot_start_before_the_latest(funding):
    text = YAML.replace("lead_time_days: 42", "lead_time_days: 7")
    with pytest.raises(Invalid) as refused:
        _import(funding, text, valid_from=date(2019, 1, 1))
    assert "valid_from" in refused.value.details["fields"]
    assert RegulationVersion.objects.count() == 1


@pytest.mark.parametrize("text", ["", "   ", b"\xff\xfe\x00bad"])
def test_empty_or_unreadable_files_are_refused(funding, text):
    with pytest.raises(Invalid):
        _import(funding, text)
    assert RegulationVersion.objects.count() == 1


def test_the_first_version_of_an_instrument_makes_its_regulation(funding):
    instrument = InstrumentFactory(slug="nieuw-reglement")
    version = regulation_version_import(
        regulation=regulation_of(instrument),
        text=YAML,
        format="yaml",
        valid_from=date(2025, 1, 1),
        note="",
        by=funding.staff,
    )
    assert version.number == 1
    assert version.regulation.instrument == instrument


def test_a_new_version_does_not_change_an_application_made_under_the_old_one(funding):
    application = ApplicationFactory(
        call=funding.call,
        organisation=funding.organisation,
        activity_starts_on=timezone.localdate() + timedelta(days=30),
    )
    assert application.regulation_version == funding.version
    facts = Facts(
        organisation=None,
        category=application.category,
        submitted_at=timezone.now(),
        activity_type=application.activity_type,
        activity_starts_on=application.activity_starts_on,
        amount=application.amount_requested,
    )
    before = rules_check(application.regulation_version.rules, facts)
    assert any("at least 6 weeks" in problem for problem in before)

    newer = _import(funding, YAML.replace("lead_time_days: 42", "lead_time_days: 14"))
    assert rules_check(newer.rules, facts) != before  # the new rules would judge otherwise

    application.refresh_from_db()
    assert application.regulation_version_id == funding.version.pk
    funding.version.refresh_from_db()
    assert funding.version.rules["lead_time_days"] == 42
    assert rules_check(application.regulation_version.rules, facts) == before


# --- pages -------------------------------------------------------------------------------


def test_the_page_lists_the_versions_with_fingerprint_and_downloads(client, funding):
    _import(funding, YAML.replace("lead_time_days: 42", "lead_time_days: 21"), note="Korter")
    client.force_login(funding.staff)
    response = client.get(_url(funding))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Korter" in text
    assert RegulationVersion.objects.get(number=2).rules_hash[:16] in text
    assert _url(funding, "staff_regulation_yaml", number=1) in text
    assert _url(funding, "staff_regulation_json", number=2) in text


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_gives_a_file_that_reads_back_to_the_same_rules(client, funding, fmt):
    version = _import(funding, YAML.replace("lead_time_days: 42", "lead_time_days: 21"))
    client.force_login(funding.staff)
    response = client.get(_url(funding, f"staff_regulation_{fmt}", number=2))
    assert response.status_code == 200
    assert f"-v2.{fmt}" in response["Content-Disposition"]
    assert rules_load(response.content.decode(), format=fmt) == version.rules


def test_export_of_a_missing_version_is_a_404(client, funding):
    client.force_login(funding.staff)
    assert client.get(_url(funding, "staff_regulation_yaml", number=9)).status_code == 404


def test_upload_on_the_page_makes_a_version(client, funding):
    client.force_login(funding.staff)
    upload = SimpleUploadedFile(
        "reglement.yaml", YAML.replace("lead_time_days: 42", "lead_time_days: 28").encode()
    )
    response = client.post(
        _url(funding), {"file": upload, "valid_from": "2025-01-01", "note": "Vier weken"}
    )
    assert response.status_code == 302
    assert RegulationVersion.objects.get(number=2).rules["lead_time_days"] == 28


def test_pasted_json_on_the_page_makes_a_version(client, funding):
    rules = json.loads(rules_dump(RULES, format="json"))
    rules["lead_time_days"] = 10
    client.force_login(funding.staff)
    response = client.post(
        _url(funding), {"text": json.dumps(rules), "valid_from": "2025-01-01", "note": ""}
    )
    assert response.status_code == 302
    assert RegulationVersion.objects.get(number=2).rules["lead_time_days"] == 10


def test_a_refused_file_on_the_page_shows_the_line_and_the_reason(client, funding):
    client.force_login(funding.staff)
    text = YAML.replace("lead_time_days: 42", "lead_time_days: 42\nsnoep: true")
    response = client.post(_url(funding), {"text": text, "valid_from": "2025-01-01"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Line 19 (snoep)" in page
    assert "Unknown rule" in page
    assert RegulationVersion.objects.count() == 1


def test_an_identical_file_on_the_page_says_so(client, funding):
    client.force_login(funding.staff)
    response = client.post(_url(funding), {"text": YAML, "valid_from": "2025-01-01"})
    assert response.status_code == 422
    assert "same rules as version 1" in response.content.decode()


def test_a_missing_instrument_is_a_404(client, funding):
    client.force_login(funding.staff)
    assert client.get(reverse("funding:staff_regulation", args=["bestaat-niet"])).status_code == 404


def test_query_budget_of_the_regulation_page(client, funding, django_assert_max_num_queries):
    for days in (10, 11, 12, 13):
        _import(funding, YAML.replace("lead_time_days: 42", f"lead_time_days: {days}"))
    client.force_login(funding.staff)
    with django_assert_max_num_queries(10):
        assert client.get(_url(funding)).status_code == 200
