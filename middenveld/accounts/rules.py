from middenveld.core import rules

rules.register("accounts.manage_own_tokens", rules.is_authenticated)
rules.register("accounts.manage_users", rules.is_administrator)
