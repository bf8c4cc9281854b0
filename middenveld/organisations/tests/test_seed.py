"""The demo organisations (seed.py): volume, spread, valid identifiers, derived fields,
idempotence, and demo accounts that have something to do.

Seeding 2,000 organisations takes a few seconds, so it happens once for the module (inside
a transaction that is rolled back at the end); each test runs in its own savepoint.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count

from middenveld.accounts.seed import seed_accounts
from middenveld.core.models import ContentVersion, District
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.organisations import seed
from middenveld.organisations.identifiers import kbo_clean, vcode_clean
from middenveld.organisations.models import (
    WORKING_FORMS,
    Address,
    Invitation,
    JoinRequest,
    Language,
    Membership,
    Organisation,
    Recognition,
    RecognitionState,
    RecognitionType,
    Status,
    TargetGroup,
    TimelineEvent,
)
from middenveld.organisations.selectors import DirectoryFilters, organisation_directory
from middenveld.organisations.services import organisation_refresh_derived

pytestmark = pytest.mark.django_db

MODELS = (Organisation, Address, Recognition, TimelineEvent, Membership, JoinRequest, Invitation)
THROUGH = (
    Organisation.districts.through,
    Organisation.target_groups.through,
    Organisation.languages.through,
)


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in (*MODELS, *THROUGH)}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = SeedContext(scale=1, write=lambda text: None)
        seed_districts(ctx)
        seed_accounts(ctx)
        seed.seed_organisations(ctx)
        yield ctx
        transaction.set_rollback(True)


def test_scale_one_gives_two_thousand_organisations_spread_over_the_city(seeded):
    organisations = Organisation.objects.all()
    assert organisations.count() >= 2000
    assert seeded.counts["organisations"] == organisations.count()

    per_district = dict(
        District.objects.annotate(n=Count("organisations")).values_list("name", "n")
    )
    assert sum(1 for n in per_district.values() if n > 0) >= 20
    # The dense wijken have more organisations than the small ones at the city's edge.
    assert per_district["Brugse Poort - Rooigem"] > 2 * per_district["Zwijnaarde"]

    spread = Counter(organisations.annotate(n=Count("districts")).values_list("n", flat=True))
    assert spread[1] > organisations.count() / 2  # most are active in one wijk
    assert spread[2] + spread[3] > 0
    assert spread[District.objects.count()] > 0  # a few in the whole city

    for _code, field, _label in WORKING_FORMS:
        assert organisations.filter(**{field: True}).exists(), field
    assert (
        organisations.filter(does_meeting=True).count()
        > organisations.filter(does_advocacy=True).count()
    )


def test_languages_target_groups_and_self_organisations(seeded):
    total = Organisation.objects.count()
    languages = dict(Language.objects.annotate(n=Count("organisations")).values_list("code", "n"))
    assert languages["nl"] > 0.9 * total
    for code in ("fr", "en", "tr", "ar", "bg", "ro", "pl", "zgh", "ps", "fa", "so"):
        assert languages[code] > 0, code
    assert TargetGroup.objects.filter(organisations__isnull=False).distinct().count() >= 10

    self_orgs = Organisation.objects.filter(is_self_organisation=True)
    assert 0.1 * total < self_orgs.count() < 0.2 * total
    # A self-organisation works in its community's language, not only in Dutch.
    without_own_language = self_orgs.exclude(
        pk__in=Organisation.languages.through.objects.exclude(language__code="nl").values(
            "organisation_id"
        )
    )
    assert not without_own_language.exists()


def test_statuses_and_a_verification_queue(seeded):
    statuses = Counter(Organisation.objects.values_list("status", flat=True))
    assert statuses[Status.VERIFIED] > 0.9 * sum(statuses.values())
    assert 10 <= statuses[Status.SUBMITTED] <= 30
    assert statuses[Status.DRAFT] > 0
    assert statuses[Status.REJECTED] > 0
    assert not Organisation.objects.filter(status=Status.REJECTED, rejection_reason="").exists()
    # Everything in the queue can be verified: an address and a way to reach them.
    queue = Organisation.objects.filter(status=Status.SUBMITTED)
    assert not queue.filter(addresses__isnull=True).exists()
    assert not queue.filter(public_email="", public_phone="", website="").exists()


def test_identifiers_are_valid_and_unique(seeded):
    kbos = list(Organisation.objects.exclude(kbo_number=None).values_list("kbo_number", flat=True))
    vcodes = list(Organisation.objects.exclude(vcode=None).values_list("vcode", flat=True))
    assert len(kbos) > 500
    assert len(vcodes) > 200
    assert all(kbo_clean(k) == k for k in kbos)
    assert all(vcode_clean(v) == v for v in vcodes)
    # Every non-profit has its enterprise number.
    assert not Organisation.objects.filter(legal_form="VZW", kbo_number=None).exists()


def test_derived_fields_equal_what_the_services_compute(seeded):
    organisations = Organisation.objects.order_by("pk")
    city_wide = District.objects.count()
    sample = list(organisations[::97]) + list(
        organisations.annotate(n=Count("districts")).filter(n__in=(2, 3, city_wide))[:10]
    )
    sample += list(organisations.exclude(alternative_name="")[:5])
    for organisation in sample:
        stored = (organisation.name_key, organisation.search_text)
        organisation_refresh_derived(organisation)
        assert (organisation.name_key, organisation.search_text) == stored, organisation.slug


def test_recognitions_have_periods_in_every_state(seeded):
    types = RecognitionType.objects.get(code="zelforganisatie")
    assert types.name_nl == "Erkende zelforganisatie"
    assert all(getattr(types, f"name_{lang}") for lang in ("en", "fr", "tr", "ar", "bg"))
    states = Counter(r.state for r in Recognition.objects.all())
    assert states[RecognitionState.VALID] > 0
    assert states[RecognitionState.EXPIRED] > 0
    assert states[RecognitionState.UPCOMING] > 0
    renewed = (
        Recognition.objects.values("organisation", "type").annotate(n=Count("id")).filter(n__gte=2)
    )
    assert renewed.exists()
    assert not Recognition.objects.exclude(organisation__status=Status.VERIFIED).exists()


def test_timeline_events_for_every_organisation(seeded):
    registered = TimelineEvent.objects.filter(kind="organisations.registered")
    assert registered.values("organisation").distinct().count() == Organisation.objects.count()
    verified = TimelineEvent.objects.filter(kind="organisations.verified").count()
    assert verified == Organisation.objects.filter(status=Status.VERIFIED).count()


def test_demo_accounts_have_organisations_requests_and_an_invitation(seeded):
    admin_of = Membership.objects.get(user__email="burger@example.org", role="admin")
    assert admin_of.organisation.status == Status.VERIFIED
    member_of = Membership.objects.get(user__email="burger@example.org", role="member")
    assert member_of.organisation != admin_of.organisation
    own = admin_of.organisation
    pending = JoinRequest.objects.get(organisation=own, status="pending")
    assert pending.user.email != "burger@example.org"
    assert [i.email for i in Invitation.objects.filter(organisation=own) if i.is_open] == [
        seed.INVITED
    ]
    staff_orgs = Organisation.objects.filter(contact_person__email="medewerker@example.org")
    assert {own, member_of.organisation} <= set(staff_orgs)
    assert staff_orgs.count() > 10
    assert TimelineEvent.objects.filter(organisation=own).count() >= 5


def test_the_benchmark_search_finds_organisations(seeded):
    """bench/scenarios/organisations.py searches this at scale 10, which holds scale 1."""
    filters = DirectoryFilters(
        q="vluchtelingen", district="brugse-poort-rooigem", working_form="basiswerk"
    )
    assert organisation_directory(filters).count() > 0


def test_a_second_run_creates_nothing(seeded):
    before = _counts()
    version = ContentVersion.objects.get(name="public").version
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed.seed_organisations(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values())
    assert ContentVersion.objects.get(name="public").version > version
