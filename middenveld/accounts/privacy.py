"""Personal data: every person can download what the platform holds about them
and erase their account. Other apps plug in their part (see below)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from middenveld.accounts.models import ApiToken, Role, User
from middenveld.accounts.services import LastAdministrator, signin_failures_clear
from middenveld.accounts.tokens import api_token_revoke

# --- Personal data: export and erasure ----------------------------------------------
#
# Other apps add their part of a person's data by registering a function, for
# example in their AppConfig.ready() or at the bottom of their services.py:
#
#     from middenveld.accounts.privacy import register_exporter, register_eraser
#
#     @register_exporter("bookings")
#     def bookings_export(user):          # -> JSON-serialisable data
#         return [booking_as_dict(b) for b in Booking.objects.filter(requested_by=user)]
#
#     @register_eraser("bookings")
#     def bookings_erase(user):           # anonymise or delete, in the caller's transaction
#         Booking.objects.filter(requested_by=user).update(contact_name="", contact_phone="")
#
# The name becomes the key of the export; erasers run before the account itself
# is anonymised, inside one transaction, so a failing eraser changes nothing.

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]
_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}


def register_exporter(name: str) -> Callable[[Exporter], Exporter]:
    def wrap(fn: Exporter) -> Exporter:
        _EXPORTERS[name] = fn
        return fn

    return wrap


def register_eraser(name: str) -> Callable[[Eraser], Eraser]:
    def wrap(fn: Eraser) -> Eraser:
        _ERASERS[name] = fn
        return fn

    return wrap


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("account")
def account_export(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "language": user.language,
        "email_verified_at": _iso(user.email_verified_at),
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_active": user.is_active,
    }


@register_exporter("api_tokens")
def api_tokens_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "created_at": _iso(token.created_at),
            "last_used_at": _iso(token.last_used_at),
            "revoked_at": _iso(token.revoked_at),
        }
        for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    ]


def user_export(user: User) -> dict[str, Any]:
    """Everything the platform keeps about one person, as JSON-ready data.

    The accounts app contributes ``account`` and ``api_tokens`` (metadata only,
    never a hash or a password); other apps add their own keys through
    ``register_exporter`` (see above).
    """
    data: dict[str, Any] = {
        "format": "middenveld-personal-data/1",
        "exported_at": timezone.now().isoformat(),
    }
    for name, exporter in _EXPORTERS.items():
        data[name] = exporter(user)
    return data


@register_eraser("api_tokens")
def api_tokens_erase(user: User) -> None:
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        api_token_revoke(token=token)


@transaction.atomic
def user_erase(user: User) -> User:
    """Anonymise an account: no name, a placeholder address, no way to sign in.

    The row stays so that records of other apps keep pointing at "a deleted
    account". Registered erasers (see above) run first, in the same
    transaction. The last active administrator cannot erase themselves.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if (
        user.role == Role.ADMINISTRATOR
        and user.is_active
        and not User.objects.filter(role=Role.ADMINISTRATOR, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    ):
        raise LastAdministrator()
    old_email = user.email
    for eraser in _ERASERS.values():
        eraser(user)
    user.name = ""
    user.email = f"deleted-{user.pk}@invalid"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.role = Role.CITIZEN
    user.language = settings.LANGUAGE_CODE
    user.email_verified_at = None
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    signin_failures_clear(email=old_email)
    return user
