import pytest
from django.urls import reverse
from django.utils import timezone

from middenveld.accounts.models import User
from middenveld.accounts.services import MAILS_PER_ADDRESS_PER_HOUR
from middenveld.accounts.tests.factories import PASSWORD, UnverifiedUserFactory, UserFactory
from middenveld.accounts.tests.helpers import link_path

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "purple-harbour-lantern-42"


def signup(client, email="nieuw@example.org", name="Amal", prefix=""):
    return client.post(
        f"{prefix}/registreren/",
        {"email": email, "name": name, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_signup_creates_an_unconfirmed_account_and_mails_a_confirmation_link(client, mailbox):
    response = signup(client)

    assert response.status_code == 302
    assert response.url == reverse("accounts:mail_sent")
    user = User.objects.get(email="nieuw@example.org")
    assert user.name == "Amal"
    assert user.email_verified_at is None
    assert user.check_password(NEW_PASSWORD)
    assert len(mailbox) == 1
    assert mailbox[0].to == ["nieuw@example.org"]
    assert "/registreren/bevestigen/" in mailbox[0].body


def test_signup_then_confirm_signs_the_person_in(client, mailbox):
    signup(client, prefix="/en")
    path = link_path(mailbox[0], "/bevestigen/")
    assert path.startswith("/en/registreren/bevestigen/")

    page = client.get(path)
    assert page.status_code == 200
    assert (
        User.objects.get(email="nieuw@example.org").email_verified_at is None
    )  # GET changes nothing

    response = client.post(path)
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    user = User.objects.get(email="nieuw@example.org")
    assert user.email_verified_at is not None
    assert client.get(reverse("accounts:profile")).context["user"] == user


def test_signup_stores_the_visitors_language_and_mails_in_it(client, mailbox):
    signup(client, prefix="/en")

    assert User.objects.get(email="nieuw@example.org").language == "en"
    assert mailbox[0].subject.startswith("Confirm your e-mail address")


def test_signup_stores_the_address_in_lower_case(client):
    signup(client, email="Nieuw@Example.ORG")

    assert User.objects.filter(email="nieuw@example.org").exists()


def test_signup_with_a_taken_address_shows_the_same_answer_and_warns_the_owner(client, mailbox):
    owner = UserFactory(email="bestaand@example.org")
    fresh = signup(client, email="nieuw@example.org")
    mailbox.clear()

    taken = signup(client, email="BESTAAND@example.org")

    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url)
    assert User.objects.filter(email__iexact="bestaand@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the attempt changed nothing
    assert len(mailbox) == 1
    assert mailbox[0].to == ["bestaand@example.org"]
    assert "/aanmelden/" in mailbox[0].body
    assert "/wachtwoord-vergeten/" in mailbox[0].body
    assert "/bevestigen/" not in mailbox[0].body


def test_the_mail_sent_page_is_one_fixed_page(client):
    response = client.get(reverse("accounts:mail_sent"))

    assert response.status_code == 200
    assert "nieuw@example.org" not in response.content.decode()


def test_signup_checks_that_the_passwords_are_the_same(client):
    response = client.post(
        "/registreren/",
        {"email": "a@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "password", ["short", "1234567890123", "password123", "nieuwperson@example"]
)
def test_signup_refuses_weak_passwords(client, password):
    response = client.post(
        "/registreren/",
        {"email": "nieuwperson@example.org", "password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.exists()


def test_signup_page_links_errors_to_their_fields(client):
    response = client.post("/en/registreren/", {"email": "not an address"})
    html = response.content.decode()

    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<label for="id_email">' in html


def test_signed_in_people_are_sent_from_signup_to_their_account(client, citizen):
    client.force_login(citizen)

    response = client.get("/registreren/")

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")


# --- confirmation links -----------------------------------------------------------


def confirmation_path(client, mailbox):
    signup(client)
    return link_path(mailbox[-1], "/bevestigen/")


def test_a_used_confirmation_link_says_the_address_is_already_confirmed(client, mailbox):
    path = confirmation_path(client, mailbox)
    client.post(path)
    client.logout()
    verified_at = User.objects.get().email_verified_at

    again = client.post(path)

    assert again.status_code == 200
    assert again.context["used"] is True
    assert "_auth_user_id" not in client.session
    assert User.objects.get().email_verified_at == verified_at


@pytest.mark.parametrize(
    "mangle",
    [
        lambda uid, token: (uid, token[:-1] + ("a" if token[-1] != "a" else "b")),
        lambda uid, token: (uid, "1-" + token.split("-")[1]),
        lambda uid, token: (uid, "not-a-token"),
        lambda uid, token: (uid, "x" * 5000),
        lambda uid, token: ("MTIzNDU2Nzg5", token),
        lambda uid, token: ("%%%", token),
        lambda uid, token: ("ZZZZ", token),
        lambda uid, token: (
            "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
            token,
        ),
        lambda uid, token: (uid, "%00"),
        lambda uid, token: ("%E2%80%AE" + uid, token),
    ],
)
def test_a_tampered_confirmation_link_changes_nothing_and_explains(client, mailbox, mangle):
    path = confirmation_path(client, mailbox)
    _, _, _, uid, token, _ = path.split("/")
    uid, token = mangle(uid, token)

    for method in (client.get, client.post):
        response = method(f"/registreren/bevestigen/{uid}/{token}/")
        assert response.status_code == 400
        assert response.context["message"]
        assert reverse("accounts:verification_resend") in response.content.decode()

    assert User.objects.get().email_verified_at is None
    assert "_auth_user_id" not in client.session


def test_a_tampered_link_for_a_confirmed_account_does_not_say_it_is_confirmed(client, citizen):
    from middenveld.accounts.services import _uidb64

    response = client.get(f"/registreren/bevestigen/{_uidb64(citizen)}/abc-0123456789/")

    assert response.status_code == 400
    assert not response.context.get("used")


def test_an_expired_confirmation_link_no_longer_works(client, mailbox, settings, monkeypatch):
    from middenveld.accounts.tokens import email_verification_token

    path = confirmation_path(client, mailbox)
    later = email_verification_token._now() + timezone.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(email_verification_token, "_now", lambda: later)

    response = client.post(path)

    assert response.status_code == 400
    assert User.objects.get().email_verified_at is None


def test_a_confirmation_link_of_an_erased_account_no_longer_works(client, mailbox):
    from middenveld.accounts.privacy import user_erase

    path = confirmation_path(client, mailbox)
    user_erase(User.objects.get())

    assert client.post(path).status_code == 400


def test_the_invalid_link_page_speaks_the_visitors_language(client):
    response = client.get("/en/registreren/bevestigen/xx/yy/")

    assert response.status_code == 400
    assert '<html lang="en"' in response.content.decode()
    assert "This link does not work" in response.content.decode()


# --- asking for a new link --------------------------------------------------------


def test_a_new_link_can_be_asked_for_an_unconfirmed_account(client, mailbox):
    person = UnverifiedUserFactory(email="wacht@example.org", language="fr")

    response = client.post("/registreren/opnieuw/", {"email": "Wacht@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:mail_sent")
    assert len(mailbox) == 1
    assert mailbox[0].to == [person.email]
    client.post(link_path(mailbox[0], "/bevestigen/"))
    person.refresh_from_db()
    assert person.email_verified_at is not None


@pytest.mark.parametrize("email", ["onbekend@example.org", "bevestigd@example.org"])
def test_asking_a_new_link_gives_the_same_answer_and_sends_nothing_otherwise(
    client, mailbox, email
):
    UserFactory(email="bevestigd@example.org")

    response = client.post("/registreren/opnieuw/", {"email": email})

    assert response.status_code == 302
    assert response.url == reverse("accounts:mail_sent")
    assert mailbox == []


def test_the_resend_form_can_be_prefilled(client):
    response = client.get("/registreren/opnieuw/?email=wacht@example.org")

    assert 'value="wacht@example.org"' in response.content.decode()


def test_one_address_gets_only_a_few_account_mails_per_hour(client, mailbox):
    UnverifiedUserFactory(email="wacht@example.org")

    for _ in range(MAILS_PER_ADDRESS_PER_HOUR + 3):
        client.post("/registreren/opnieuw/", {"email": "wacht@example.org"})

    assert len(mailbox) == MAILS_PER_ADDRESS_PER_HOUR
