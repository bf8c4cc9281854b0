import pytest
from django.db import IntegrityError

from middenveld.accounts import privacy, services
from middenveld.accounts.models import ApiToken, Role, User
from middenveld.accounts.tests.factories import (
    PASSWORD,
    AdministratorFactory,
    UnverifiedUserFactory,
    UserFactory,
)
from middenveld.accounts.tokens import api_token_create, email_verification_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Amal   Haddad ", "Amal Haddad"),
        ("Amal\u202eladdaH", "AmalladdaH"),
        ("A\u200bm\ufeffa\u2066l", "Amal"),
        ("line\nbreak\ttab", "line break tab"),
        ("bell\x07", "bell"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # zero-width non-joiner stays
        ("e\u0301", "\u00e9"),  # NFC
    ],
)
def test_text_clean_removes_hidden_characters_and_extra_spaces(raw, clean):
    assert services.text_clean(raw) == clean


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (" Person@Example.ORG ", "person@example.org"),
        ("person@bücher.example", "person@xn--bcher-kva.example"),
        ("person@ｅxample.org", "person@example.org"),
        ("no-at-sign", "no-at-sign"),
        ("person@" + "a" * 70 + ".org", "person@" + "a" * 70 + ".org"),
    ],
)
def test_email_canonical_is_the_address_the_mail_goes_to(raw, canonical):
    assert services.email_canonical(raw) == canonical


def test_a_signup_at_the_same_moment_as_another_is_treated_as_a_taken_address(monkeypatch, mailbox):
    owner = UserFactory(email="race@example.org")
    real_filter = User.objects.filter
    calls = []

    def first_miss(*args, **kwargs):
        calls.append(1)
        return real_filter(pk=-1) if len(calls) == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(User.objects, "filter", first_miss)

    services.signup_request(email="race@example.org", password="x-long-password-1", name="")

    assert User.objects.count() == 1
    assert [m.to for m in mailbox] == [[owner.email]]


def test_a_signup_for_a_deleted_account_address_sends_nothing(mailbox):
    person = UserFactory(email="gone@example.org", is_active=False)

    services.signup_request(email="gone@example.org", password="x-long-password-1")

    assert mailbox == []
    assert User.objects.get().pk == person.pk


def test_a_signup_in_an_unknown_language_falls_back_to_dutch():
    services.signup_request(email="taal@example.org", password="x-long-password-1", language="xx")

    assert User.objects.get().language == "nl"


def test_confirming_twice_at_the_same_moment_confirms_once(monkeypatch):
    person = UnverifiedUserFactory()
    uidb64 = services._uidb64(person)
    token = email_verification_token.make_token(person)
    monkeypatch.setattr(User.objects, "filter", lambda **kw: User._default_manager.none())

    with pytest.raises(services.VerificationLinkUsed):
        services.email_verify(uidb64=uidb64, token=token)


def test_user_from_uidb64_returns_none_for_garbage():
    for value in ("", "!!", "AAAA", "\x00", "LTE", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5"):
        assert services.user_from_uidb64(value) is None


def test_the_mail_budget_survives_an_expired_counter(monkeypatch):
    from django.core.cache import cache

    assert services._mail_allowed("a@example.org")

    def expired(key):
        raise ValueError(key)

    monkeypatch.setattr(cache, "incr", expired)
    assert services._mail_allowed("a@example.org")


def test_profile_update_refuses_an_unknown_language(citizen):
    with pytest.raises(services.AccountError) as error:
        services.profile_update(user=citizen, name="x", language="klingon")

    assert error.value.message


def test_an_account_error_has_a_readable_message():
    assert str(services.AccountError()) == services.AccountError().message
    assert services.AccountError("custom").message == "custom"


def test_password_confirm_accepts_the_right_password(citizen):
    services.password_confirm(user=citizen, password=PASSWORD, address="192.0.2.1")


# --- export and erasure ---------------------------------------------------------


def test_user_export_has_the_account_and_token_metadata(citizen):
    api_token_create(user=citizen, name="één")

    data = privacy.user_export(citizen)

    assert data["format"] == "middenveld-personal-data/1"
    assert data["account"]["id"] == citizen.pk
    assert data["account"]["role"] == "citizen"
    assert [t["name"] for t in data["api_tokens"]] == ["één"]
    assert "key_hash" not in str(data)
    assert "password" not in data["account"]


def test_other_apps_can_add_to_the_export_and_the_erasure(citizen, monkeypatch):
    monkeypatch.setattr(privacy, "_EXPORTERS", dict(privacy._EXPORTERS))
    monkeypatch.setattr(privacy, "_ERASERS", dict(privacy._ERASERS))
    erased = []

    @privacy.register_exporter("bookings")
    def bookings(user):
        return [{"room": "Zaal 1", "by": user.pk}]

    @privacy.register_eraser("bookings")
    def bookings_erase(user):
        erased.append(user.pk)

    assert privacy.user_export(citizen)["bookings"] == [{"room": "Zaal 1", "by": citizen.pk}]
    privacy.user_erase(citizen)
    assert erased == [citizen.pk]


def test_a_failing_eraser_leaves_the_account_unchanged(citizen, monkeypatch):
    monkeypatch.setattr(privacy, "_ERASERS", dict(privacy._ERASERS))
    token, _ = api_token_create(user=citizen, name="blijft")

    @privacy.register_eraser("broken")
    def broken(user):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        privacy.user_erase(citizen)

    citizen.refresh_from_db()
    token.refresh_from_db()
    assert citizen.is_active
    assert token.revoked_at is None


def test_user_erase_anonymises_the_account(staff):
    api_token_create(user=staff, name="a")
    api_token_create(user=staff, name="b")
    staff.is_staff = staff.is_superuser = True
    staff.language = "ar"
    staff.save()

    privacy.user_erase(staff)

    staff.refresh_from_db()
    assert staff.name == ""
    assert staff.email == f"deleted-{staff.pk}@invalid"
    assert not staff.has_usable_password()
    assert not staff.check_password(PASSWORD)
    assert (staff.is_active, staff.is_staff, staff.is_superuser) == (False, False, False)
    assert staff.role == Role.CITIZEN
    assert staff.language == "nl"
    assert staff.email_verified_at is None
    assert not ApiToken.objects.filter(user=staff, revoked_at__isnull=True).exists()


def test_two_erased_accounts_keep_unique_placeholders():
    first, second = UserFactory(), UserFactory()

    privacy.user_erase(first)
    privacy.user_erase(second)

    assert User.objects.filter(email__endswith="@invalid").count() == 2


def test_an_administrator_can_go_when_another_remains():
    first, second = AdministratorFactory(), AdministratorFactory()

    privacy.user_erase(first)

    with pytest.raises(services.LastAdministrator):
        privacy.user_erase(second)


def test_a_database_error_that_is_not_a_race_is_not_hidden(monkeypatch):
    def broken(**kwargs):
        raise IntegrityError("other")

    monkeypatch.setattr(User.objects, "create_user", broken)

    with pytest.raises(IntegrityError):
        services.signup_request(email="x@example.org", password="x-long-password-1")


def test_the_mail_budget_also_limits_address_in_use_notes_and_reset_mails(client, mailbox):
    owner = UserFactory(email="owner@example.org")
    for _ in range(services.MAILS_PER_ADDRESS_PER_HOUR):
        services.signup_request(email=owner.email, password="x-long-password-1")
    assert len(mailbox) == services.MAILS_PER_ADDRESS_PER_HOUR

    services.signup_request(email=owner.email, password="x-long-password-1")
    client.post("/wachtwoord-vergeten/", {"email": owner.email})

    assert len(mailbox) == services.MAILS_PER_ADDRESS_PER_HOUR
