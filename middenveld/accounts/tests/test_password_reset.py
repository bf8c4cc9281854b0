import pytest
from django.urls import reverse

from middenveld.accounts.models import SignInFailure
from middenveld.accounts.tests.factories import PASSWORD, UnverifiedUserFactory
from middenveld.accounts.tests.helpers import link_path

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "copper-kettle-morning-77"


def ask_reset(client, email, prefix=""):
    return client.post(f"{prefix}/wachtwoord-vergeten/", {"email": email})


def choose_password(client, path, password=NEW_PASSWORD):
    form_page = client.get(path)
    assert form_page.status_code == 302  # the token moves into the session
    return client.post(form_page.url, {"new_password1": password, "new_password2": password})


def test_the_reset_pages_render(client):
    assert client.get("/wachtwoord-vergeten/").status_code == 200
    assert client.get("/wachtwoord-vergeten/verzonden/").status_code == 200
    assert client.get("/wachtwoord-herstellen/klaar/").status_code == 200


def test_asking_a_reset_mails_a_link_in_the_visitors_language(client, citizen, mailbox):
    response = ask_reset(client, citizen.email.upper(), prefix="/en")

    assert response.status_code == 302
    assert response.url == "/en/wachtwoord-vergeten/verzonden/"
    assert len(mailbox) == 1
    assert mailbox[0].to == [citizen.email]
    assert mailbox[0].subject.startswith("Choose a new password")
    assert "/en/wachtwoord-herstellen/" in mailbox[0].body


def test_asking_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailbox):
    response = ask_reset(client, "nobody@example.org")

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailbox == []


def test_the_reset_link_sets_a_new_password(client, citizen, mailbox):
    ask_reset(client, citizen.email)

    response = choose_password(client, link_path(mailbox[0], "/wachtwoord-herstellen/"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)


def test_a_reset_link_works_only_once(client, citizen, mailbox):
    ask_reset(client, citizen.email)
    path = link_path(mailbox[0], "/wachtwoord-herstellen/")
    choose_password(client, path)

    again = client.get(path)

    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert reverse("accounts:password_reset") in again.content.decode()


@pytest.mark.parametrize(
    "tail",
    [
        "MQ/abc-123/",
        "%00/%00/",
        "xx/set-password/",
        "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/a-b/",
        "Mg/" + "z" * 5000 + "/",
    ],
)
def test_a_tampered_reset_link_explains_and_changes_nothing(client, citizen, tail):
    response = client.get(f"/wachtwoord-herstellen/{tail}")

    assert response.status_code == 200
    assert response.context["validlink"] is False
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_a_reset_refuses_a_weak_new_password(client, citizen, mailbox):
    ask_reset(client, citizen.email)

    response = choose_password(
        client, link_path(mailbox[0], "/wachtwoord-herstellen/"), password="123"
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_a_reset_confirms_the_address_and_lifts_the_sign_in_lock(client, settings, mailbox):
    person = UnverifiedUserFactory()
    for _ in range(settings.SIGNIN_FAILURES_PER_ACCOUNT):
        client.post("/aanmelden/", {"email": person.email, "password": "wrong"})
    ask_reset(client, person.email)

    choose_password(client, link_path(mailbox[0], "/wachtwoord-herstellen/"))

    person.refresh_from_db()
    assert person.email_verified_at is not None
    assert not SignInFailure.objects.filter(kind="account").exists()
    response = client.post(
        "/aanmelden/", {"email": person.email, "password": NEW_PASSWORD}, REMOTE_ADDR="192.0.2.50"
    )
    assert response.status_code == 302
