"""Account services: sign-up, e-mail verification, sign-in, profile, export, erasure.

Every function takes plain keyword arguments (never a request) and raises an
``AccountError`` subclass whose ``message`` a person can read. Views, the API
and management commands call these same functions.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import logging
import re
import unicodedata
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext, ngettext

from middenveld.accounts.models import SignInFailure, User
from middenveld.accounts.tokens import email_verification_token
from middenveld.core.mail import send_templated_mail

logger = logging.getLogger(__name__)

# At most this many account mails (verification, "address already in use",
# password reset) go to one address per hour, so nobody can flood a mailbox.
MAILS_PER_ADDRESS_PER_HOUR = 5


# --- Errors -------------------------------------------------------------------


class AccountError(Exception):
    """A refusal with a message for a person."""

    def __init__(self, message: str | Promise | None = None) -> None:
        self.message = str(message) if message is not None else self.default_message()
        super().__init__(self.message)

    def default_message(self) -> str:
        return gettext("Something went wrong. Please try again.")


class InvalidCredentials(AccountError):
    def default_message(self) -> str:
        return gettext("The e-mail address or the password is not correct.")


class SignInThrottled(AccountError):
    def default_message(self) -> str:
        minutes = max(1, settings.SIGNIN_FAILURE_WINDOW_SECONDS // 60)
        return ngettext(
            "Too many attempts. Wait %(minutes)d minute and try again, or reset your password.",
            "Too many attempts. Wait %(minutes)d minutes and try again, or reset your password.",
            minutes,
        ) % {"minutes": minutes}


class EmailNotVerified(AccountError):
    def default_message(self) -> str:
        return gettext(
            "You have not confirmed your e-mail address yet. Click the link in the mail we sent you, "
            "or ask for a new link."
        )


class InvalidPassword(AccountError):
    def default_message(self) -> str:
        return gettext("The password is not correct.")


class InvalidVerificationLink(AccountError):
    def default_message(self) -> str:
        return gettext(
            "This confirmation link does not work. It may be incomplete or too old. "
            "You can ask for a new link."
        )


class VerificationLinkUsed(InvalidVerificationLink):
    def default_message(self) -> str:
        return gettext(
            "This link was already used. Your e-mail address is confirmed, so you can sign in."
        )


class LastAdministrator(AccountError):
    def default_message(self) -> str:
        return gettext(
            "You are the only administrator. Make someone else administrator before you delete your account."
        )


# --- Text and e-mail hygiene ----------------------------------------------------

# Invisible characters that can hide or reorder text: bidirectional overrides
# and isolates, zero-width space, word joiner, byte order mark. Zero-width
# (non-)joiners stay: some scripts need them.
_INVISIBLE = {
    "\u200b",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2060",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
}


def text_clean(value: str) -> str:
    """A one-line text from a person: NFC, without control or invisible characters."""
    value = unicodedata.normalize("NFC", value)
    kept = [
        " " if ch.isspace() else ch
        for ch in value
        if ch not in _INVISIBLE
        and (ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"))
    ]
    return " ".join("".join(kept).split())


def email_has_hidden_characters(value: str) -> bool:
    """True when an e-mail address holds spaces, control or invisible characters."""
    return any(unicodedata.category(ch)[0] in ("C", "Z") for ch in value.strip())


def email_canonical(value: str) -> str:
    """The form in which addresses are stored and compared.

    Lower case, and the domain in its ASCII (IDNA) form, exactly as the mail
    backend will address it; so two spellings that reach the same mailbox are
    one address here. Never raises.
    """
    value = value.strip()
    local, at, domain = value.rpartition("@")
    if not at:
        return value.lower()
    with contextlib.suppress(UnicodeError):  # left as typed; the form refuses it anyway
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}".lower()


def _sha256(value: str) -> str:
    """A keyed hash (HMAC with SECRET_KEY): an address or e-mail cannot be guessed back from it."""
    return hmac.new(
        settings.SECRET_KEY.encode(), value.encode("utf-8", "surrogatepass"), hashlib.sha256
    ).hexdigest()


def _mail_allowed(email: str) -> bool:
    """Take one unit of the hourly mail budget of an address."""
    key = f"accounts:mails:{_sha256(email_canonical(email))}"
    if cache.add(key, 1, timeout=3600):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        return True
    if count > MAILS_PER_ADDRESS_PER_HOUR:
        logger.info("account mail to one address over the hourly budget; not sent")
        return False
    return True


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


# --- Sign-up and verification -----------------------------------------------------


def _uidb64(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


_UIDB64 = re.compile(r"[A-Za-z0-9_-]{1,24}")


def user_from_uidb64(uidb64: str) -> User | None:
    """The user a link points at, or None for anything that does not decode.

    Only the URL-safe base64 alphabet is accepted: the decoder would silently
    drop other characters (an invisible direction mark, say) and still decode.
    """
    if not _UIDB64.fullmatch(uidb64 or ""):
        return None
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        return User.objects.get(pk=pk)
    except (
        TypeError,
        ValueError,
        OverflowError,
        UnicodeDecodeError,
        User.DoesNotExist,
        ValidationError,
    ):
        return None


def verification_link(*, user: User, language: str) -> str:
    with translation.override(language):
        path = reverse(
            "accounts:verify",
            kwargs={"uidb64": _uidb64(user), "token": email_verification_token.make_token(user)},
        )
    return _absolute(path)


def verification_mail_send(*, user: User, language: str | None = None) -> None:
    """Mail a new confirmation link to an account that waits for confirmation."""
    language = language or user.language or settings.LANGUAGE_CODE
    if not _mail_allowed(user.email):
        return
    send_templated_mail(
        to=user.email,
        template="accounts/mail/verify",
        context={
            "name": user.name,
            "link": verification_link(user=user, language=language),
            "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        },
        language=language,
    )


def _address_in_use_mail_send(*, user: User) -> None:
    language = user.language or settings.LANGUAGE_CODE
    if not _mail_allowed(user.email):
        return
    with translation.override(language):
        signin = _absolute(reverse("accounts:login"))
        reset = _absolute(reverse("accounts:password_reset"))
    send_templated_mail(
        to=user.email,
        template="accounts/mail/address_in_use",
        context={"name": user.name, "signin_link": signin, "reset_link": reset},
        language=language,
    )


def signup_request(
    *, email: str, password: str, name: str = "", language: str | None = None
) -> None:
    """Create an unconfirmed account and mail a confirmation link.

    When the address already has an account, nothing is created; its owner
    gets a short note instead. The caller shows the same answer either way,
    so the form does not tell anyone which addresses have an account.
    """
    email = email_canonical(email)
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=password, name=text_clean(name)[:150], language=language
                )
        except IntegrityError:  # created at the same moment by another request?
            existing = User.objects.filter(email__iexact=email).first()
            if existing is None:
                raise
        else:
            verification_mail_send(user=user, language=language)
            return
    if existing.is_active:
        _address_in_use_mail_send(user=existing)


def verification_resend(*, email: str, language: str | None = None) -> None:
    """Send a new confirmation link when this address has an unconfirmed account.

    Says nothing about whether it did.
    """
    user = User.objects.filter(email__iexact=email_canonical(email)).first()
    if user is not None and user.is_active and user.email_verified_at is None:
        verification_mail_send(user=user, language=language)


def verification_link_check(*, uidb64: str, token: str) -> User:
    """The account a confirmation link belongs to, if the link is still good."""
    user = user_from_uidb64(uidb64)
    if user is None or not user.is_active or len(token) > 100:
        raise InvalidVerificationLink()
    if user.email_verified_at is None:
        if email_verification_token.check_token(user, token):
            return user
        raise InvalidVerificationLink()
    # Already confirmed: tell a used link apart from a made-up one.
    before = copy.copy(user)
    before.email_verified_at = None
    if email_verification_token.check_token(before, token):
        raise VerificationLinkUsed()
    raise InvalidVerificationLink()


def email_verify(*, uidb64: str, token: str) -> User:
    """Confirm the address behind a good link; the link then stops working."""
    user = verification_link_check(uidb64=uidb64, token=token)
    now = timezone.now()
    updated = User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=now
    )
    if not updated:  # confirmed by a parallel request a moment ago
        raise VerificationLinkUsed()
    user.email_verified_at = now
    return user


# --- Sign-in and throttling -------------------------------------------------------


def _window_start() -> Any:
    return timezone.now() - timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW_SECONDS)


def _keys(*, email: str, address: str) -> tuple[str, str]:
    return _sha256(email_canonical(email)), _sha256((address or "").strip())


def _throttled(*, account_key: str, address_key: str) -> bool:
    recent = SignInFailure.objects.filter(created_at__gte=_window_start())
    if (
        recent.filter(kind=SignInFailure.Kind.ACCOUNT, key=account_key).count()
        >= settings.SIGNIN_FAILURES_PER_ACCOUNT
    ):
        return True
    return (
        recent.filter(kind=SignInFailure.Kind.ADDRESS, key=address_key).count()
        >= settings.SIGNIN_FAILURES_PER_ADDRESS
    )


def _failure_record(*, account_key: str, address_key: str) -> None:
    now = timezone.now()
    SignInFailure.objects.filter(created_at__lt=_window_start()).delete()
    SignInFailure.objects.bulk_create(
        [
            SignInFailure(kind=SignInFailure.Kind.ACCOUNT, key=account_key, created_at=now),
            SignInFailure(kind=SignInFailure.Kind.ADDRESS, key=address_key, created_at=now),
        ]
    )


def signin_failures_clear(*, email: str) -> None:
    """Forget the failed sign-ins of one account (not those of addresses)."""
    SignInFailure.objects.filter(
        kind=SignInFailure.Kind.ACCOUNT, key=_keys(email=email, address="")[0]
    ).delete()


def signin_attempt(*, email: str, password: str, address: str) -> User:
    """The user with this e-mail address and password, or a refusal.

    ``address`` is the client's IP address. Every wrong attempt counts against
    the account and against the address, whether or not the account exists.
    Once either has too many failures inside the window, attempts are refused
    without looking at the password, with the same message for every address.
    Refused attempts are not counted again, so the lock ends when the window
    has passed.
    """
    account_key, address_key = _keys(email=email, address=address)
    if _throttled(account_key=account_key, address_key=address_key):
        raise SignInThrottled()
    user = authenticate(None, username=email_canonical(email), password=password)
    if user is None:
        _failure_record(account_key=account_key, address_key=address_key)
        raise InvalidCredentials()
    assert isinstance(user, User)
    if user.email_verified_at is None:
        raise EmailNotVerified()
    signin_failures_clear(email=user.email)
    return user


def password_confirm(*, user: User, password: str, address: str) -> None:
    """Check the password of a signed-in person before a grave step, throttled like sign-in."""
    account_key, address_key = _keys(email=user.email, address=address)
    if _throttled(account_key=account_key, address_key=address_key):
        raise SignInThrottled()
    if not user.check_password(password):
        _failure_record(account_key=account_key, address_key=address_key)
        raise InvalidPassword()


def password_reset_completed(*, user: User) -> None:
    """After a reset through the mailed link: the address is proven, the lock lifted."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    signin_failures_clear(email=user.email)


def password_reset_mail_send(
    *, user: User, uidb64: str, token: str, language: str | None = None
) -> None:
    """Mail the link of Django's password reset, in the visitor's language."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if not _mail_allowed(user.email):
        return
    with translation.override(language):
        link = _absolute(
            reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
        )
    send_templated_mail(
        to=user.email,
        template="accounts/mail/password_reset",
        context={
            "name": user.name,
            "link": link,
            "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        },
        language=language,
    )


# --- Profile --------------------------------------------------------------------


def profile_update(*, user: User, name: str, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise AccountError(gettext("Choose one of the languages in the list."))
    user.name = text_clean(name)[:150]
    user.language = language
    user.save(update_fields=["name", "language"])
    return user
