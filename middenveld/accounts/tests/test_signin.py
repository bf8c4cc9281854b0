import pytest
from django.urls import reverse
from django.utils import timezone

from middenveld.accounts.models import SignInFailure
from middenveld.accounts.services import _sha256
from middenveld.accounts.tests.factories import PASSWORD, UnverifiedUserFactory, UserFactory
from middenveld.accounts.tests.helpers import page_errors

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, address="192.0.2.1", prefix="", **extra):
    return client.post(
        f"{prefix}/aanmelden/", {"email": email, "password": password, **extra}, REMOTE_ADDR=address
    )


def test_the_sign_in_page_shows_a_form(client):
    response = client.get("/aanmelden/")

    assert response.status_code == 200
    assert 'autocomplete="current-password"' in response.content.decode()


def test_a_confirmed_person_signs_in_and_goes_home(client, citizen):
    response = sign_in(client, citizen.email.upper())

    assert response.status_code == 302
    assert response.url == reverse("trajectory:home")
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_sign_in_follows_a_safe_next_address(client, citizen):
    response = sign_in(client, citizen.email, next="/mijn/?tab=1")

    assert response.url == "/mijn/?tab=1"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "/mijn/\x00",
        "/" + "a" * 3000,
    ],
)
def test_sign_in_ignores_a_next_address_elsewhere(client, citizen, target):
    response = sign_in(client, citizen.email, next=target)

    assert response.status_code == 302
    assert response.url == reverse("trajectory:home")


def test_signed_in_people_go_straight_to_next(client, citizen):
    client.force_login(citizen)

    assert client.get("/aanmelden/?next=/tijdlijn/").url == "/tijdlijn/"
    assert client.get("/aanmelden/").url == reverse("accounts:profile")


def test_the_login_page_keeps_the_next_address_in_the_form(client):
    response = client.get("/aanmelden/?next=/mijn/")

    assert 'name="next" value="/mijn/"' in response.content.decode()


def test_a_wrong_password_and_an_unknown_address_get_the_same_message(client, citizen):
    wrong = sign_in(client, citizen.email, password="not-the-password", prefix="/en")
    unknown = sign_in(client, "nobody@example.org", prefix="/en")

    assert wrong.status_code == unknown.status_code == 200
    assert (
        page_errors(wrong)
        == page_errors(unknown)
        == ["The e-mail address or the password is not correct."]
    )
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_account_with_the_right_password_is_asked_to_confirm_first(client):
    person = UnverifiedUserFactory()

    response = sign_in(client, person.email, prefix="/en")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "confirmed your e-mail address" in page_errors(response)[0]
    assert "/en/registreren/opnieuw/?email=" in response.content.decode()


def test_an_unconfirmed_account_with_a_wrong_password_gets_the_usual_message(client):
    person = UnverifiedUserFactory()

    response = sign_in(client, person.email, password="wrong-password", prefix="/en")

    assert page_errors(response) == ["The e-mail address or the password is not correct."]


def test_an_erased_account_cannot_sign_in(client, citizen):
    from middenveld.accounts.privacy import user_erase

    email = citizen.email
    user_erase(citizen)

    response = sign_in(client, email, prefix="/en")

    assert page_errors(response) == ["The e-mail address or the password is not correct."]
    assert sign_in(client, f"deleted-{citizen.pk}@invalid", password="").status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_failed_attempt_counts_for_the_account_and_the_address(client):
    sign_in(client, "Nobody@Example.org", password="wrong", address="198.51.100.7")

    rows = set(SignInFailure.objects.values_list("kind", "key"))
    assert rows == {
        ("account", _sha256("nobody@example.org")),
        ("address", _sha256("198.51.100.7")),
    }


# --- throttling ----------------------------------------------------------------------

THROTTLED = "Too many attempts. Wait 15 minutes and try again, or reset your password."


@pytest.mark.parametrize("exists", [True, False])
def test_after_five_failures_an_account_is_locked_even_with_the_right_password(
    client, settings, exists
):
    email = "target@example.org"
    if exists:
        UserFactory(email=email)
    for number in range(settings.SIGNIN_FAILURES_PER_ACCOUNT):
        sign_in(client, email, password="wrong", address=f"203.0.113.{number}")

    response = sign_in(client, email, address="203.0.113.99", prefix="/en")

    assert response.status_code == 429
    assert page_errors(response) == [THROTTLED]
    assert "_auth_user_id" not in client.session


def test_the_account_lock_does_not_check_the_password(client, settings, citizen, monkeypatch):
    for _ in range(settings.SIGNIN_FAILURES_PER_ACCOUNT):
        sign_in(client, citizen.email, password="wrong")
    checked = []
    monkeypatch.setattr(
        "middenveld.accounts.services.authenticate", lambda *a, **k: checked.append(1)
    )

    sign_in(client, citizen.email)

    assert checked == []


def test_a_locked_account_does_not_lock_other_accounts(client, settings, citizen):
    for _ in range(settings.SIGNIN_FAILURES_PER_ACCOUNT):
        sign_in(client, "other@example.org", password="wrong", address="203.0.113.5")

    assert sign_in(client, citizen.email, address="203.0.113.6").status_code == 302


@pytest.mark.parametrize("exists", [True, False])
def test_after_twenty_failures_an_address_is_locked_for_every_account(client, settings, exists):
    victim = UserFactory(email="victim@example.org")
    for number in range(settings.SIGNIN_FAILURES_PER_ADDRESS):
        sign_in(client, f"guess{number}@example.org", password="wrong", address="198.51.100.9")

    email = victim.email if exists else "nobody@example.org"
    response = sign_in(client, email, address="198.51.100.9", prefix="/en")

    assert response.status_code == 429
    assert page_errors(response) == [THROTTLED]
    assert sign_in(client, victim.email, address="198.51.100.10").status_code == 302


def test_failures_older_than_the_window_no_longer_count(client, settings, citizen):
    for _ in range(settings.SIGNIN_FAILURES_PER_ACCOUNT):
        sign_in(client, citizen.email, password="wrong")
    SignInFailure.objects.update(
        created_at=timezone.now()
        - timezone.timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW_SECONDS + 1)
    )

    assert sign_in(client, citizen.email).status_code == 302


def test_old_failures_are_pruned_when_a_new_one_is_written(client, settings):
    old = timezone.now() - timezone.timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW_SECONDS + 1)
    SignInFailure.objects.create(kind="account", key="x" * 64, created_at=old)

    sign_in(client, "nobody@example.org", password="wrong")

    assert not SignInFailure.objects.filter(key="x" * 64).exists()
    assert SignInFailure.objects.count() == 2


def test_a_successful_sign_in_clears_the_failures_of_the_account(client, settings, citizen):
    for _ in range(settings.SIGNIN_FAILURES_PER_ACCOUNT - 1):
        sign_in(client, citizen.email, password="wrong")

    sign_in(client, citizen.email)

    assert not SignInFailure.objects.filter(kind="account").exists()
    assert (
        SignInFailure.objects.filter(kind="address").count()
        == settings.SIGNIN_FAILURES_PER_ACCOUNT - 1
    )


def test_refused_attempts_are_not_counted_again(client, settings, citizen):
    for _ in range(settings.SIGNIN_FAILURES_PER_ACCOUNT + 5):
        sign_in(client, citizen.email, password="wrong")

    assert (
        SignInFailure.objects.filter(kind="account").count() == settings.SIGNIN_FAILURES_PER_ACCOUNT
    )


# --- signing out ------------------------------------------------------------------


def test_sign_out_needs_a_post(client, citizen):
    client.force_login(citizen)

    assert client.get("/afmelden/").status_code == 405
    assert "_auth_user_id" in client.session


def test_sign_out_signs_out_and_goes_home(client, citizen):
    client.force_login(citizen)

    response = client.post("/afmelden/")

    assert response.status_code == 302
    assert response.url == reverse("trajectory:home")
    assert "_auth_user_id" not in client.session


def test_sign_out_when_already_signed_out_is_harmless(client):
    assert client.post("/afmelden/").status_code == 302
