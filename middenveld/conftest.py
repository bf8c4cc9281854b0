import pytest

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def administrator(db):
    return AdministratorFactory()
