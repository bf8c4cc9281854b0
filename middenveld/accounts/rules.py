"""Permissions of the accounts app."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules


@rules.predicate(_("This key belongs to someone else."))
def is_token_owner(user: Any, token: Any) -> bool:
    return token is not None and user is not None and token.user_id == getattr(user, "pk", None)


rules.register("accounts.manage_own_tokens", rules.is_authenticated)
rules.register("accounts.revoke_token", rules.is_authenticated & is_token_owner)
rules.register("accounts.manage_users", rules.is_administrator)
