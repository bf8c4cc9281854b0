import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from middenveld.accounts.models import User
from middenveld.core.districts import DistrictFileError, district_load
from middenveld.core.models import District
from middenveld.trajectory.models import NewsItem, Workstream


def run(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_creates_the_wijken_content_and_one_account_per_role():
    output = run()
    assert District.objects.count() == 25
    assert Workstream.objects.count() == 6
    assert set(User.objects.values_list("role", flat=True)) == {"citizen", "staff", "administrator"}
    assert "middenveld-demo" in output
    assert "medewerker@example.org" in output


@pytest.mark.django_db
def test_seed_demo_twice_creates_nothing_twice():
    run()
    counts = (District.objects.count(), NewsItem.objects.count(), User.objects.count())
    run()
    assert (District.objects.count(), NewsItem.objects.count(), User.objects.count()) == counts


@pytest.mark.django_db
def test_scale_multiplies_the_generated_volume():
    run("--scale", "2")
    assert NewsItem.objects.filter(slug__startswith="demo-nieuws-").count() == 40


@pytest.mark.django_db
def test_seed_demo_rejects_a_silly_scale():
    with pytest.raises(CommandError):
        run("--scale", "0")


def test_seed_demo_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError, match="production"):
        run()


@pytest.mark.django_db
def test_another_city_loads_its_own_districts(tmp_path):
    path = tmp_path / "city.json"
    path.write_text(
        json.dumps({"districts": [{"code": "A", "name": "Noord"}, {"code": "B", "name": "Zuid"}]})
    )
    out = io.StringIO()
    call_command("load_districts", str(path), stdout=out)
    assert list(District.objects.values_list("name", flat=True)) == ["Noord", "Zuid"]
    assert "2 districts created" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"districts": []}),
        json.dumps({"districts": [{"code": "A"}]}),
        json.dumps({"districts": [{"code": "A", "name": "X"}, {"code": "A", "name": "Y"}]}),
    ],
)
def test_a_bad_district_file_changes_nothing(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(DistrictFileError):
        district_load(path=path)
    with pytest.raises(CommandError):
        call_command("load_districts", str(path))
    assert District.objects.count() == 0
