"""Who may do what in the parliament: every role × every page and endpoint × their own or
another organisation (the approach of organisations/tests/test_access_matrix.py).

* organisation A holds seat 1: ``admin_a`` is its delegate (seated in today's session),
  ``member_a`` its substitute (not seated); organisation B holds seat 2 the same way;
* ``secretary`` (an officer of the body, not city staff), ``anonymous``, ``citizen``
  (signed in, no organisation), ``staff``, ``administrator``.

The motion on the agenda is A's. A refusal changes nothing.

Composition rules are for city staff; documents of the body and of agenda items are added
by the secretary (and staff) and downloaded by everyone who may see the body; who comes
(the confirmations of every seat) is for the secretary and staff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.parliament import services
from middenveld.parliament.models import (
    Advice,
    AgendaDocument,
    Attendance,
    Body,
    BodyDocument,
    BodyKind,
    CompositionRule,
    LotDraw,
    Motion,
    ParliamentLog,
    Seat,
    SecretChoice,
    Signal,
    Vote,
    VoteCast,
)
from middenveld.parliament.tests.factories import Parliament, build_parliament

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "member_a",
    "admin_a",
    "member_b",
    "admin_b",
    "secretary",
    "staff",
    "administrator",
]
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
A_MEMBERS = frozenset({"member_a", "admin_a"})
SEATED = frozenset({"admin_a", "admin_b"})
STAFF = frozenset({"staff", "administrator"})
RUNNERS = STAFF | {"secretary"}


@dataclass
class World:
    p: Parliament
    users: dict[str, Any]
    vote: Vote
    advice: Advice
    signal: Signal
    rule: CompositionRule
    body_document: BodyDocument
    agenda_document: AgendaDocument

    @property
    def a(self) -> Any:
        return self.p.members[0]

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(Attendance.objects.values_list("id", "user_id")),
            sorted(Motion.objects.values_list("id", "status", "text")),
            sorted(Vote.objects.values_list("id", "status")),
            VoteCast.objects.count(),
            SecretChoice.objects.count(),
            sorted(Advice.objects.values_list("id", "answer", "answer_reasons")),
            sorted(Signal.objects.values_list("id", "group_id")),
            LotDraw.objects.count(),
            ParliamentLog.objects.count(),
            sorted(CompositionRule.objects.values_list("id", "seats")),
            sorted(Seat.objects.values_list("id", "kind")),
            sorted(BodyDocument.objects.values_list("id", "title")),
            sorted(AgendaDocument.objects.values_list("id", "title")),
        )


@pytest.fixture
def world(db) -> World:
    cache.clear()
    p = build_parliament(seats=3)
    Body.objects.create(kind=BodyKind.TABLE, name="Thematafel jeugd", slug="thematafel-jeugd")
    a, b = p.members[0], p.members[1]
    for person in (a.delegate, b.delegate):
        services.attendance_register(session=p.session, by=p.secretary, person=person)
    vote = services.vote_open(item=p.item, by=p.secretary, question="Akkoord met de agenda?")
    today = timezone.localdate()
    advice = Advice.objects.create(
        body=p.body,
        number="A2026-001",
        title="Meer ruimte",
        text="Tekst",
        adopted_on=today - timedelta(days=70),
        sent_on=today - timedelta(days=70),
        answer_due=today - timedelta(days=10),
    )
    signal = services.signal_file(
        organisation=a.organisation,
        by=a.delegate,
        title="Te weinig zalen",
        text="Tekst",
        theme="housing",
    )
    staff = StaffFactory()
    rule = services.composition_rule_add(term=p.term, by=staff, kind="open", seats=4)
    body_document = services.body_document_add(
        body=p.body, by=p.secretary, title="Huishoudelijk reglement", upload=_pdf()
    )
    agenda_document = services.agenda_document_add(
        item=p.item, by=p.secretary, title="Nota", upload=_pdf()
    )
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member_a": a.substitute,
        "admin_a": a.delegate,
        "member_b": b.substitute,
        "admin_b": b.delegate,
        "secretary": p.secretary,
        "staff": staff,
        "administrator": AdministratorFactory(),
    }
    return World(
        p=p,
        users=users,
        vote=vote,
        advice=advice,
        signal=signal,
        rule=rule,
        body_document=body_document,
        agenda_document=agenda_document,
    )


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("stuk.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    json: bool = False

    def __str__(self) -> str:
        return self.name


def _session(w: World) -> str:
    return f"/middenveldparlement/zittingen/{w.p.session.pk}/"


def _vote(w: World) -> str:
    return f"/middenveldparlement/stemmingen/{w.vote.pk}/"


def _api(path: str) -> Callable[[World], str]:
    return lambda w: (
        "/api/v1/parliament"
        + path.format(
            session=w.p.session.pk,
            item=w.p.item.pk,
            motion=w.p.motion.pk,
            vote=w.vote.pk,
            advice=w.advice.number,
            signal=w.signal.pk,
            term=w.p.term.pk,
            rule=w.rule.pk,
        )
    )


def _composition(w: World) -> str:
    return f"/middenveldparlement/organen/{w.p.body.slug}/samenstelling/"


def _body_documents(w: World) -> str:
    return f"/middenveldparlement/organen/{w.p.body.slug}/documenten/"


def _motion_for_a(w: World) -> dict[str, Any]:
    return {
        "action": "table",
        "organisation": str(w.a.organisation.pk),
        "item": str(w.p.item.pk),
        "kind": "motion",
        "amends": "",
        "title": "Meer speelpleinen",
        "text": "Het parlement vraagt meer speelpleinen.",
    }


def _strata(w: World) -> str:
    names = "; ".join(m.organisation.name for m in w.p.members)
    return f"Iedereen | 1 | {names}"


CASES = [
    Case("parliament", "get", lambda w: "/middenveldparlement/", EVERYONE),
    Case("thematic table", "get", lambda w: "/middenveldparlement/organen/thematafel-jeugd/", EVERYONE),
    Case("session", "get", _session, EVERYONE),
    Case("session .ics", "get", lambda w: _session(w) + "agenda.ics", EVERYONE),
    Case("vote", "get", _vote, EVERYONE),
    Case("tally", "get", lambda w: _vote(w) + "stand/", EVERYONE),
    Case("advice tracker", "get", lambda w: "/middenveldparlement/adviezen/", EVERYONE),
    Case("advice", "get", lambda w: f"/middenveldparlement/adviezen/{w.advice.number}/", EVERYONE),
    Case("draws", "get", lambda w: "/middenveldparlement/lottrekkingen/", EVERYONE),
    Case("signals report", "get", lambda w: f"/middenveldparlement/signalen/bundel/{timezone.now().year}/", EVERYONE),
    Case("signals report PDF", "get", lambda w: f"/middenveldparlement/signalen/bundel/{timezone.now().year}.pdf", EVERYONE),
    Case("file a signal (form)", "get", lambda w: "/middenveldparlement/signalen/nieuw/", SIGNED_IN),
    Case("signals", "get", lambda w: "/middenveldparlement/signalen/", SIGNED_IN),
    Case("new draw (form)", "get", lambda w: "/middenveldparlement/lottrekkingen/nieuw/", STAFF),
    Case(
        "register attendance", "post", _session, RUNNERS,
        data=lambda w: {"action": "attend", "person": str(w.p.members[2].delegate.pk)},
    ),
    Case("table a motion for A", "post", _session, A_MEMBERS, data=_motion_for_a),
    Case(
        "withdraw A's motion", "post", _session, A_MEMBERS,
        data=lambda w: {"action": "withdraw", "motion": str(w.p.motion.pk)},
    ),
    Case("cast a vote", "post", _vote, SEATED, data=lambda w: {"action": "cast", "choice": "yes"}),
    Case("close the vote", "post", _vote, RUNNERS, data=lambda w: {"action": "close"}),
    Case(
        "answer an advice", "post", lambda w: f"/middenveldparlement/adviezen/{w.advice.number}/",
        STAFF, data=lambda w: {"answer": "accepted", "reasons": "Goed idee.", "actions": ""},
    ),
    Case(
        "file a signal for A", "post", lambda w: "/middenveldparlement/signalen/nieuw/", A_MEMBERS,
        data=lambda w: {
            "organisation": str(w.a.organisation.pk), "title": "Geen fietsenstalling",
            "text": "Onze leden vinden geen plaats.", "theme": "climate", "district": "",
        },
    ),
    Case(
        "draw seats by lot", "post", lambda w: "/middenveldparlement/lottrekkingen/nieuw/", STAFF,
        data=lambda w: {"term": str(w.p.term.pk), "seed": "zaad", "strata": _strata(w)},
    ),
    Case("composition (page)", "get", _composition, STAFF),
    Case(
        "add a composition rule", "post", _composition, STAFF,
        data=lambda w: {"action": "add", "term": str(w.p.term.pk), "kind": "size", "size": "small", "seats": "2"},
    ),
    Case(
        "remove a composition rule", "post", _composition, STAFF,
        data=lambda w: {"action": "remove", "term": str(w.p.term.pk), "rule": str(w.rule.pk)},
    ),
    Case(
        "make the seats", "post", _composition, STAFF,
        data=lambda w: {"action": "apply", "term": str(w.p.term.pk)},
    ),
    Case("body documents (form)", "get", _body_documents, RUNNERS),
    Case(
        "add a body document", "post", _body_documents, RUNNERS,
        data=lambda w: {"action": "add", "title": "Jaarverslag", "file": _pdf()},
    ),
    Case(
        "remove a body document", "post", _body_documents, RUNNERS,
        data=lambda w: {"action": "remove", "document": str(w.body_document.pk)},
    ),
    Case("download a body document", "get", lambda w: w.body_document.url, EVERYONE),
    Case("session documents (form)", "get", lambda w: _session(w) + "documenten/", RUNNERS),
    Case(
        "add an agenda document", "post", lambda w: _session(w) + "documenten/", RUNNERS,
        data=lambda w: {"action": "add", "item": str(w.p.item.pk), "title": "Presentatie", "file": _pdf()},
    ),
    Case(
        "remove an agenda document", "post", lambda w: _session(w) + "documenten/", RUNNERS,
        data=lambda w: {"action": "remove", "document": str(w.agenda_document.pk)},
    ),
    Case("download an agenda document", "get", lambda w: w.agenda_document.url, EVERYONE),
    Case("API bodies", "get", _api("/bodies"), EVERYONE),
    Case("API sessions", "get", _api("/sessions"), EVERYONE),
    Case("API session", "get", _api("/sessions/{session}"), EVERYONE),
    Case("API vote", "get", _api("/votes/{vote}"), EVERYONE),
    Case("API advice", "get", _api("/advice"), EVERYONE),
    Case("API one advice", "get", _api("/advice/{advice}"), EVERYONE),
    Case("API signals", "get", _api("/signals"), SIGNED_IN),
    Case(
        "API register attendance", "post", _api("/sessions/{session}/attendance"), RUNNERS,
        data=lambda w: {"person_id": w.p.members[2].delegate.pk}, json=True,
    ),
    Case(
        "API table a motion for A", "post", _api("/items/{item}/motions"), A_MEMBERS,
        data=lambda w: {
            "organisation_id": w.a.organisation.pk, "kind": "motion", "title": "Meer bomen",
            "text": "Het parlement vraagt meer bomen.",
        },
        json=True,
    ),
    Case(
        "API withdraw A's motion", "post", _api("/motions/{motion}/withdraw"), A_MEMBERS,
        data=lambda w: {"reason": "Niet meer nodig"}, json=True,
    ),
    Case(
        "API cast", "post", _api("/votes/{vote}/cast"), SEATED,
        data=lambda w: {"choice": "no"}, json=True,
    ),
    Case("API close", "post", _api("/votes/{vote}/close"), RUNNERS, data=lambda w: {}, json=True),
    Case(
        "API answer an advice", "post", _api("/advice/{advice}/answer"), STAFF,
        data=lambda w: {"answer": "partly", "reasons": "Deels haalbaar."}, json=True,
    ),
    Case(
        "API file a signal for A", "post", _api("/signals"), A_MEMBERS,
        data=lambda w: {
            "organisation_id": w.a.organisation.pk, "title": "Te duur", "text": "Zalen zijn te duur.",
            "theme": "housing",
        },
        json=True,
    ),
    Case(
        "API sort a signal", "post", _api("/signals/{signal}/sort"), STAFF,
        data=lambda w: {"tags": ["zalen"]}, json=True,
    ),
    Case("API composition", "get", _api("/terms/{term}/composition"), STAFF),
    Case(
        "API add a composition rule", "post", _api("/terms/{term}/composition/rules"), STAFF,
        data=lambda w: {"kind": "theme", "value": "youth", "seats": 2}, json=True,
    ),
    Case(
        "API remove a composition rule", "delete", _api("/composition-rules/{rule}"), STAFF,
        data=lambda w: {}, json=True,
    ),
    Case(
        "API make the seats", "post", _api("/terms/{term}/composition/apply"), STAFF,
        data=lambda w: {}, json=True,
    ),
    Case("API who comes", "get", _api("/sessions/{session}/confirmations"), RUNNERS),
]  # fmt: skip

DENIED = {401, 403, 404, 405, 409, 422}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_role_may_or_may_not(client, world, role, case):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = world.fingerprint()
    data = case.data(world) if case.data else {}
    url = case.url(world)
    if case.json:
        response = getattr(client, case.method)(url, data, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, data)
    status = response.status_code
    location = response.get("Location", "")
    to_sign_in = status == 302 and "/aanmelden/" in location
    if role in case.allowed:
        assert status < 400 and not to_sign_in, f"{role} should be allowed: {case} gave {status}"
        if case.method != "get":
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"


def test_guessing_another_organisations_signal_looks_like_a_missing_one(client, world):
    client.force_login(world.users["admin_b"])
    other = client.get(f"/api/v1/parliament/signals?organisation={world.a.organisation.pk}")
    assert world.signal.title not in other.content.decode()


def test_only_the_secretary_and_staff_see_who_comes(client, world):
    for role in ROLES:
        client.logout()
        cache.clear()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        page = client.get("/en" + _session(world)).content.decode()
        assert ("Not answered yet" in page) == (role in RUNNERS), role


def test_staff_and_the_secretary_see_the_links_to_change_the_body(client, world):
    for role in ROLES:
        client.logout()
        cache.clear()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        page = client.get("/middenveldparlement/").content.decode()
        assert (_body_documents(world) in page) == (role in RUNNERS), role
        assert (_composition(world) in page) == (role in STAFF), role
