from __future__ import annotations

import factory
from django.utils import timezone

from middenveld.accounts.models import Role, User

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="nl_BE")
    role = Role.CITIZEN
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR


class UnverifiedUserFactory(UserFactory):
    """A person who signed up but has not confirmed the e-mail address yet."""

    email_verified_at = None
