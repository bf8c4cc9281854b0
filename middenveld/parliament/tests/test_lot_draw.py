"""Seats drawn by lot: reproducible from the published seed, shown with its inputs."""

from __future__ import annotations

import hashlib

import pytest

from middenveld.core.errors import Forbidden, Invalid
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.parliament import services
from middenveld.parliament.models import LotDraw, Mandate, SeatKind
from middenveld.parliament.services import Stratum

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(db):
    return {
        "small": [OrganisationFactory(name=f"Kleine groep {n}") for n in range(6)],
        "large": [OrganisationFactory(name=f"Grote vzw {n}") for n in range(4)],
    }


def _strata(candidates):
    return [
        Stratum("Kleine organisaties", 2, candidates["small"]),
        Stratum("Grote organisaties", 1, candidates["large"]),
    ]


def test_a_draw_gives_lot_seats_and_mandates_and_can_be_redone(parliament, staff, candidates):
    draw = services.lot_draw(
        term=parliament.term, by=staff, seed="2026-11-29 zitting 1", strata=_strata(candidates)
    )
    seats = parliament.term.seats.filter(kind=SeatKind.LOT).order_by("number")
    assert [s.number for s in seats] == [6, 7, 8]
    drawn = [row["drawn"] for row in draw.result["strata"]]
    assert [len(d) for d in drawn] == [2, 1]
    assert set(
        Mandate.objects.filter(seat__in=seats).values_list("organisation_id", flat=True)
    ) == {
        *drawn[0],
        *drawn[1],
    }
    assert services.lot_draw_verify(draw)
    # Anyone can redo it by hand: the order is SHA-256 of "seed|stratum|id".
    ids = [c.pk for c in candidates["small"]]
    by_hand = sorted(
        ids,
        key=lambda i: hashlib.sha256(
            f"2026-11-29 zitting 1|Kleine organisaties|{i}".encode()
        ).hexdigest(),
    )
    assert drawn[0] == by_hand[:2]
    draw.result["strata"][0]["drawn"] = by_hand[2:4]
    assert not services.lot_draw_verify(draw)


def test_the_same_seed_gives_the_same_order_and_another_seed_another(candidates):
    ids = [c.pk for c in candidates["small"]]
    first = services.lot_rank("zaad", "Kleine organisaties", ids)
    assert first == services.lot_rank("zaad", "Kleine organisaties", list(reversed(ids)))
    others = {tuple(services.lot_rank(f"zaad-{n}", "Kleine organisaties", ids)) for n in range(5)}
    assert len(others) > 1


def test_bad_draws_are_refused_and_change_nothing(parliament, staff, candidates):
    small = candidates["small"]
    bad = [
        [Stratum("Klein", 7, small)],
        [Stratum("Klein", 0, small)],
        [Stratum("Klein", 1, small), Stratum("Klein", 1, candidates["large"])],
        [Stratum("Klein", 1, [small[0], small[0]])],
        [],
    ]
    for strata in bad:
        with pytest.raises(Invalid):
            services.lot_draw(term=parliament.term, by=staff, seed="zaad", strata=strata)
    with pytest.raises(Invalid):
        services.lot_draw(term=parliament.term, by=staff, seed="  ", strata=_strata(candidates))
    with pytest.raises(Forbidden):
        services.lot_draw(
            term=parliament.term, by=parliament.secretary, seed="zaad", strata=_strata(candidates)
        )
    assert not LotDraw.objects.exists()
    assert parliament.term.seats.count() == 5


def test_the_draw_page_shows_seed_inputs_and_result(client, parliament, staff, candidates):
    draw = services.lot_draw(
        term=parliament.term, by=staff, seed="open-zaad", strata=_strata(candidates)
    )
    page = client.get(f"/middenveldparlement/lottrekkingen/{draw.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "open-zaad" in text
    assert "Kleine groep 5" in text and "Grote vzw 3" in text
    assert client.get("/middenveldparlement/lottrekkingen/").status_code == 200
    assert client.get("/middenveldparlement/lottrekkingen/999999/").status_code == 404


def test_staff_draw_from_the_form_and_typos_get_a_clear_message(
    client, parliament, staff, candidates
):
    from middenveld.organisations.models import Status

    for organisation in candidates["small"]:
        assert organisation.status == Status.VERIFIED
    client.force_login(staff)
    assert client.get("/middenveldparlement/lottrekkingen/nieuw/").status_code == 200
    names = "; ".join(o.name for o in candidates["small"])
    bad = client.post(
        "/en/middenveldparlement/lottrekkingen/nieuw/",  # the English message
        {"term": parliament.term.pk, "seed": "zaad", "strata": f"Klein | 2 | {names}; Onbekend"},
    )
    assert bad.status_code == 422
    assert "Onbekend is not a verified organisation" in bad.content.decode()
    assert not LotDraw.objects.exists()
    good = client.post(
        "/middenveldparlement/lottrekkingen/nieuw/",
        {"term": parliament.term.pk, "seed": "zaad", "strata": f"Klein | 2 | {names}"},
    )
    assert good.status_code == 302
    assert LotDraw.objects.get().result["strata"][0]["drawn"]


def test_only_staff_make_draws(client, parliament):
    assert client.get("/middenveldparlement/lottrekkingen/nieuw/").status_code == 302
    client.force_login(parliament.secretary)
    assert client.get("/middenveldparlement/lottrekkingen/nieuw/").status_code == 403
