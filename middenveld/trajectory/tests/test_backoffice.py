"""Editing the trajectory content in /beheer/ (city staff) in every language."""

import pytest

from middenveld.trajectory import models


@pytest.fixture
def workstream(db):
    return models.Workstream.objects.create(
        number=1, slug="basiswerk", title_nl="Basiswerk", summary_nl="Kort"
    )


def test_staff_open_the_back_office(client, staff):
    client.force_login(staff)
    response = client.get("/beheer/")
    assert response.status_code == 200
    assert "/beheer/trajectory/workstream/" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_others_are_sent_to_sign_in(client, citizen, who):
    if who == "citizen":
        client.force_login(citizen)
    response = client.get("/beheer/trajectory/workstream/")
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_staff_edit_a_workstream_in_every_language(client, staff, workstream):
    client.force_login(staff)
    url = f"/beheer/trajectory/workstream/{workstream.pk}/change/"
    form = client.get(url).content.decode()
    for code in ("nl", "en", "fr", "tr", "ar", "bg"):
        assert f'name="title_{code}"' in form
    data = {
        "number": 1,
        "slug": "basiswerk",
        "title_nl": "Basiswerk versterken",
        "summary_nl": "Kort",
        "title_ar": "تعزيز العمل الأساسي",
        "summary_ar": "قصير",
        "actions-TOTAL_FORMS": 0,
        "actions-INITIAL_FORMS": 0,
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
    }
    for code in ("en", "fr", "tr", "bg"):
        data[f"title_{code}"] = ""
        data[f"summary_{code}"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    workstream.refresh_from_db()
    assert workstream.title_nl == "Basiswerk versterken"
    assert workstream.title_ar == "تعزيز العمل الأساسي"
    assert "تعزيز العمل الأساسي" in client.get("/ar/werven/").content.decode()


def test_staff_see_which_translations_are_missing(client, staff, workstream):
    client.force_login(staff)
    listing = client.get("/beheer/trajectory/workstream/").content.decode()
    assert "EN, FR, TR, AR, BG" in listing
    form = client.get(f"/beheer/trajectory/workstream/{workstream.pk}/change/").content.decode()
    assert "EN, FR, TR, AR, BG" in form


def test_staff_record_action_progress_and_the_database_refuses_more_than_100(
    client, staff, workstream
):
    client.force_login(staff)
    data = {
        "workstream": workstream.pk,
        "title_nl": "Actie",
        "status": "in_progress",
        "progress": 150,
        "order": 0,
    }
    data.update(
        {
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
            "milestones-MIN_NUM_FORMS": 0,
            "milestones-MAX_NUM_FORMS": 1000,
        }
    )
    response = client.post("/beheer/trajectory/action/add/", data)
    assert response.status_code == 200
    assert not models.Action.objects.exists()
    data["progress"] = 40
    response = client.post("/beheer/trajectory/action/add/", data)
    assert response.status_code == 302
    assert models.Action.objects.get().progress == 40


@pytest.mark.parametrize(
    "path",
    ["section", "workstream", "action", "timelineentry", "document", "newsitem", "contactinfo"],
)
def test_every_content_type_has_a_list_and_an_add_form(client, staff, path):
    client.force_login(staff)
    assert client.get(f"/beheer/trajectory/{path}/").status_code == 200
    assert client.get(f"/beheer/trajectory/{path}/add/").status_code == 200


def test_only_one_contact_row_can_exist(client, staff):
    models.ContactInfo.objects.create(email="a@example.org", phone="09 000 00 00")
    client.force_login(staff)
    assert client.get("/beheer/trajectory/contactinfo/add/").status_code == 403


def test_the_technical_admin_is_for_superusers_only(client, staff, administrator):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    administrator.is_staff = True
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200


def test_the_back_office_signs_people_in_through_the_platforms_throttled_sign_in(client):
    response = client.get("/beheer/login/?next=/beheer/trajectory/")
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/?next=")
    assert client.get("/admin/login/")["Location"].startswith("/aanmelden/")


def test_signed_in_people_without_access_get_a_clear_403(client, citizen):
    client.force_login(citizen)
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 403
