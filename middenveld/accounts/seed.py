from django.utils import timezone

from middenveld.accounts.models import Role, User
from middenveld.core.seeding import DEMO_PASSWORD, SeedContext, seeder

DEMO_ACCOUNTS = [
    (Role.CITIZEN, "burger@example.org", "Sam Peeters"),
    (Role.STAFF, "medewerker@example.org", "Lotte De Smet"),
    (Role.ADMINISTRATOR, "beheerder@example.org", "Yusuf Demir"),
]


@seeder(order=10)
def seed_accounts(ctx: SeedContext) -> None:
    """One demo account per platform role, all with the demo password."""
    for role, email, name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "role": role,
                "email_verified_at": timezone.now(),
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            ctx.count("accounts", 1)
        ctx.accounts.append((str(role.label), email))
