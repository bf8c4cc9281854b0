"""Assessment: assessors per call, conflicts of interest (a member is refused and the
conflict recorded; a declared conflict blocks), scores checked against the rubric, blind
scoring, the weighted total and the aggregate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.funding import selectors
from middenveld.funding.models import (
    ApplicationStatus,
    Assessment,
    CallAssessor,
    FundingLog,
)
from middenveld.funding.models import Conflict as ConflictOfInterest
from middenveld.funding.services import assessment as services
from middenveld.funding.tests.factories import ApplicationFactory
from middenveld.organisations.models import MemberRole, TimelineEvent
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def submitted(funding, **kwargs):
    return ApplicationFactory(
        call=funding.call,
        organisation=funding.organisation,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        **kwargs,
    )


def second_assessor(funding):
    person = UserFactory()
    CallAssessor.objects.create(call=funding.call, user=person)
    return person


# --- Assessors ------------------------------------------------------------------------------


def test_staff_add_and_remove_an_assessor_and_it_is_logged(funding):
    person = UserFactory()
    services.assessor_add(call=funding.call, user=person, by=funding.staff)
    assert CallAssessor.objects.filter(call=funding.call, user=person).exists()
    with pytest.raises(Conflict):
        services.assessor_add(call=funding.call, user=person, by=funding.staff)
    services.assessor_remove(call=funding.call, user=person, by=funding.staff)
    assert not CallAssessor.objects.filter(call=funding.call, user=person).exists()
    with pytest.raises(NotFound):
        services.assessor_remove(call=funding.call, user=person, by=funding.staff)
    changes = list(
        FundingLog.objects.filter(subject="call", subject_id=funding.call.pk).values_list(
            "change", flat=True
        )
    )
    assert sorted(changes) == ["assessor_added", "assessor_removed"]


def test_only_staff_assign_assessors(funding):
    with pytest.raises(Forbidden):
        services.assessor_add(call=funding.call, user=UserFactory(), by=funding.member)
    assert CallAssessor.objects.filter(call=funding.call).count() == 1


def test_assessor_page_adds_by_email_and_refuses_an_unknown_address(client, funding):
    client.force_login(funding.staff)
    url = reverse("funding:call_assessors", args=[funding.call.slug])
    person = UserFactory(email="Beoordelaar@Example.org")
    response = client.post(url, {"action": "add", "email": "beoordelaar@example.org"})
    assert response.status_code == 302
    assert CallAssessor.objects.filter(call=funding.call, user=person).exists()
    response = client.post(url, {"action": "add", "email": "nobody@example.org"})
    assert response.status_code == 422
    assert "There is no active account with this e-mail address." in response.content.decode()
    response = client.post(url, {"action": "remove", "user": str(person.pk)})
    assert response.status_code == 302
    assert not CallAssessor.objects.filter(call=funding.call, user=person).exists()
    # A forged id changes nothing.
    response = client.post(url, {"action": "remove", "user": "99999999999999999999"}, follow=True)
    assert "This person does not assess this call." in response.content.decode()


# --- Conflicts ------------------------------------------------------------------------------


def test_an_assessor_who_is_a_member_is_refused_and_the_conflict_is_recorded(funding):
    application = submitted(funding)
    MembershipFactory(organisation=funding.organisation, user=funding.assessor)
    with pytest.raises(Forbidden) as refused:
        services.assessment_open(application=application, assessor=funding.assessor)
    assert refused.value.code == "conflict_of_interest"
    conflict = ConflictOfInterest.objects.get(application=application, assessor=funding.assessor)
    assert conflict.reason == ConflictOfInterest.MEMBER
    assert FundingLog.objects.filter(
        subject="application", subject_id=application.pk, change="conflict"
    ).exists()
    with pytest.raises(Forbidden):
        services.assessment_save(
            application=application, assessor=funding.assessor, scores={"relevantie": 3}
        )
    assert not Assessment.objects.filter(application=application).exists()


def test_opening_the_page_as_a_member_assessor_records_the_conflict(client, funding):
    application = submitted(funding)
    MembershipFactory(organisation=funding.organisation, user=funding.assessor)
    client.force_login(funding.assessor)
    response = client.get(reverse("funding:assess", args=[application.reference]))
    assert response.status_code == 403
    assert "conflict of interest" in response.content.decode()
    assert ConflictOfInterest.objects.filter(
        application=application, assessor=funding.assessor, reason="member"
    ).exists()


def test_a_declared_conflict_blocks_and_drops_the_scores_from_the_aggregate(funding):
    application = submitted(funding)
    other = second_assessor(funding)
    services.assessment_submit(
        application=application,
        assessor=funding.assessor,
        scores={"relevantie": 5, "haalbaarheid": 5},
    )
    services.assessment_submit(
        application=application, assessor=other, scores={"relevantie": 1, "haalbaarheid": 1}
    )
    assert selectors.assessment_summary(application).submitted == 2
    services.conflict_declare(application=application, assessor=other, note="Mijn buurman")
    # Twice changes nothing.
    services.conflict_declare(application=application, assessor=other, note="Nog eens")
    conflict = ConflictOfInterest.objects.get(application=application, assessor=other)
    assert (conflict.reason, conflict.note) == ("declared", "Mijn buurman")
    with pytest.raises(Forbidden):
        services.assessment_open(application=application, assessor=other)
    summary = selectors.assessment_summary(application)
    assert summary.submitted == 1
    assert summary.total == Decimal("100.00")


def test_only_assessors_of_the_call_may_declare_or_open(funding):
    application = submitted(funding)
    outsider = UserFactory()
    with pytest.raises(Forbidden):
        services.conflict_declare(application=application, assessor=outsider)
    with pytest.raises(Forbidden):
        services.assessment_open(application=application, assessor=outsider)
    assert not ConflictOfInterest.objects.exists()


def test_a_draft_is_not_there_for_an_assessor(funding):
    draft = ApplicationFactory(call=funding.call, organisation=funding.organisation)
    with pytest.raises(NotFound):
        services.assessment_open(application=draft, assessor=funding.assessor)


def test_staff_who_are_members_cannot_open_the_staff_page(client, funding):
    application = submitted(funding)
    MembershipFactory(organisation=funding.organisation, user=funding.staff, role=MemberRole.MEMBER)
    client.force_login(funding.staff)
    response = client.get(reverse("funding:staff_application", args=[application.reference]))
    assert response.status_code == 403
    assert "conflict of interest" in response.content.decode()


# --- Scores ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scores",
    [
        {"relevantie": 6},
        {"relevantie": -1},
        {"relevantie": "3.5"},
        {"relevantie": True},
        {"relevantie": 2.0},
        {"relevantie": "drie"},
        {"bestaat-niet": 3},
        ["relevantie", 3],
    ],
)
def test_bad_scores_are_refused_and_change_nothing(funding, scores):
    application = submitted(funding)
    services.assessment_save(
        application=application, assessor=funding.assessor, scores={"relevantie": 2}
    )
    with pytest.raises(Invalid):
        services.assessment_save(application=application, assessor=funding.assessor, scores=scores)
    assessment = Assessment.objects.get(application=application)
    assert assessment.scores == {"relevantie": 2}


def test_zero_and_the_top_of_the_scale_are_valid(funding):
    application = submitted(funding)
    assessment = services.assessment_save(
        application=application,
        assessor=funding.assessor,
        scores={"relevantie": "0", "haalbaarheid": 5},
        comments={"relevantie": "Weinig verband", "general": "Goed plan"},
    )
    assert assessment.scores == {"relevantie": 0, "haalbaarheid": 5}
    assert assessment.comments == {"relevantie": "Weinig verband", "general": "Goed plan"}


def test_submit_needs_every_criterion_and_computes_the_weighted_total(funding):
    application = submitted(funding)
    with pytest.raises(Invalid) as missing:
        services.assessment_submit(
            application=application, assessor=funding.assessor, scores={"relevantie": 4}
        )
    assert "score_haalbaarheid" in missing.value.details["fields"]
    assessment = services.assessment_submit(
        application=application,
        assessor=funding.assessor,
        scores={"relevantie": 4, "haalbaarheid": 2},
    )
    # (2 × 4/5 + 1 × 2/5) / 3 × 100 = 66.67
    assert assessment.total == Decimal("66.67")
    assert assessment.submitted_at is not None
    event = TimelineEvent.objects.get(kind="funding.application_assessed")
    assert event.organisation == funding.organisation
    with pytest.raises(Conflict):
        services.assessment_submit(
            application=application,
            assessor=funding.assessor,
            scores={"relevantie": 1, "haalbaarheid": 1},
        )
    assessment.refresh_from_db()
    assert assessment.scores == {"relevantie": 4, "haalbaarheid": 2}


def test_scoring_stops_once_the_application_is_decided(funding):
    application = submitted(funding)
    application.status = ApplicationStatus.REJECTED
    application.save()
    with pytest.raises(Conflict):
        services.assessment_save(
            application=application, assessor=funding.assessor, scores={"relevantie": 3}
        )


def test_the_aggregate_is_the_mean_per_criterion_and_of_the_totals(funding):
    application = submitted(funding)
    other = second_assessor(funding)
    third = second_assessor(funding)
    services.assessment_submit(
        application=application,
        assessor=funding.assessor,
        scores={"relevantie": 5, "haalbaarheid": 2},
    )
    services.assessment_submit(
        application=application, assessor=other, scores={"relevantie": 2, "haalbaarheid": 4}
    )
    services.assessment_save(application=application, assessor=third, scores={"relevantie": 0})
    summary = selectors.assessment_summary(application)
    by_key = {row.key: row for row in summary.criteria}
    assert by_key["relevantie"].mean == Decimal("3.50")
    assert by_key["relevantie"].count == 2
    assert by_key["haalbaarheid"].mean == Decimal("3.00")
    assert summary.submitted == 2 and summary.drafts == 1
    # Totals 80.00 and 53.33: the mean is 66.67 (rounded half up).
    assert summary.total == Decimal("66.67")


# --- Blind scoring on the page ----------------------------------------------------------------


def test_an_assessor_sees_the_aggregate_only_after_submitting(client, funding):
    application = submitted(funding)
    other = second_assessor(funding)
    services.assessment_submit(
        application=application, assessor=other, scores={"relevantie": 1, "haalbaarheid": 3}
    )
    client.force_login(funding.assessor)
    url = reverse("funding:assess", args=[application.reference])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["summary"] is None
    assert "Aggregated scores" not in page.content.decode()

    response = client.post(
        url, {"action": "save", "score_relevantie": "4", "comment_general": "Sterk"}
    )
    assert response.status_code == 302
    assert client.get(url).context["summary"] is None

    response = client.post(
        url, {"action": "submit", "score_relevantie": "4", "score_haalbaarheid": "4"}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert page.context["summary"].submitted == 2
    content = page.content.decode()
    assert "Aggregated scores" in content
    # Never who gave which score.
    assert other.email not in content


def test_the_scoring_page_shows_a_bad_score_next_to_the_field(client, funding):
    application = submitted(funding)
    client.force_login(funding.assessor)
    url = reverse("funding:assess", args=[application.reference])
    response = client.post(url, {"action": "submit", "score_relevantie": "9"})
    assert response.status_code == 422
    assert 'href="#id_score_relevantie_0"' in response.content.decode()
    assert not Assessment.objects.filter(application=application, submitted_at__isnull=False)


def test_declaring_a_conflict_on_the_page(client, funding):
    application = submitted(funding)
    client.force_login(funding.assessor)
    url = reverse("funding:assess", args=[application.reference])
    response = client.post(url, {"action": "conflict", "note": "Ik ken de voorzitter."})
    assert response.status_code == 302
    assert client.get(url).status_code == 403


def test_the_assessor_queue_lists_calls_i_assess_and_leaves_out_conflicts(
    client, funding, django_assert_max_num_queries
):
    mine = [submitted(funding) for _ in range(3)]
    conflicted = submitted(funding)
    services.conflict_declare(application=conflicted, assessor=funding.assessor)
    ApplicationFactory(call=funding.call, organisation=funding.organisation)  # a draft
    ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(funding.assessor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("funding:assess_list"))
    assert response.status_code == 200
    shown = {a.reference for a in response.context["applications"]}
    assert shown == {a.reference for a in mine}


def test_inbox_lists_my_assessments_and_staff_decisions(funding):
    from middenveld.city.inbox import EVERYTHING, MINE, InboxScope
    from middenveld.funding.inbox import assess_items, decide_items

    application = submitted(funding)
    items, count = assess_items(InboxScope(person=funding.assessor, kind=MINE), 10)
    assert count == 1 and application.reference in items[0].title
    services.assessment_submit(
        application=application,
        assessor=funding.assessor,
        scores={"relevantie": 3, "haalbaarheid": 3},
    )
    assert assess_items(InboxScope(person=funding.assessor, kind=MINE), 10)[1] == 0
    staff = StaffFactory()
    items, count = decide_items(InboxScope(person=staff, kind=EVERYTHING), 10)
    assert count == 1 and items[0].url.endswith(f"/{application.reference}/")
