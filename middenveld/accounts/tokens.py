"""Tokens of the accounts app.

* Personal API tokens: created once, stored hashed, revocable.
* E-mail verification links: signed like Django's password reset links, and
  no longer valid once the address is confirmed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone

from middenveld.accounts.models import ApiToken, User

TOKEN_PREFIX = "mv_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its plain text, which is never stored."""
    prefix = secrets.token_hex(5)
    plain = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "token", prefix=prefix, key_hash=_hash(plain)
    )
    return token, plain


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(plain: str) -> User | None:
    """The active user of an active token, or None. Constant work for any input."""
    if not plain or len(plain) > 200 or not plain.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Signs the link in the verification mail.

    The hash covers ``email_verified_at``: once the address is confirmed the
    same link stops working. It also covers the e-mail address, the password
    hash and ``is_active``, so a changed address, a new password or an erased
    account invalidates older links. Links expire after PASSWORD_RESET_TIMEOUT.
    """

    key_salt = "middenveld.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:  # type: ignore[override]
        verified = user.email_verified_at
        verified_text = (
            "" if verified is None else verified.replace(microsecond=0, tzinfo=None).isoformat()
        )
        return (
            f"{user.pk}|{user.password}|{user.email}|{user.is_active}|{verified_text}|{timestamp}"
        )


email_verification_token = EmailVerificationTokenGenerator()
