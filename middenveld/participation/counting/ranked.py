"""Counting approval, points and ranked ballots, and checking a ballot before it is stored.

Pure Python with exact integers; no database. Candidates are ids (strings); the caller
passes them as a sequence, and that order is the one deterministic tie-break used
everywhere here: when two candidates are tied, the one earlier in `candidates` comes
first in the strict `ranking`/`order`. Callers pass the candidates sorted by id (or in
the published order of the ballot) so that the tie-break is announced beforehand. The
ties themselves stay visible in `places`, where tied candidates share a place.

Counting functions check every ballot with the same `validate_*` helper the ballot
services use, and refuse the whole count (`BallotInvalid`, naming the ballot's number)
rather than silently leave a ballot out.

Choices made here:
- Borda: with m candidates, a candidate ranked k-th gets m - k points (the first gets
  m - 1, the last of a full ranking 0); a candidate a ballot does not rank gets 0 from
  that ballot. A short ranking thus gives its candidates the same points as the top of
  a full ranking.
- Schulze: a ballot ranks its candidates above every candidate it leaves out, and
  leaves those tied among themselves. Path strength is measured in winning votes
  (d[a][b] counts only when d[a][b] > d[b][a]); strongest paths by the widest-path
  (Floyd–Warshall) method. Places: the candidates no remaining candidate beats share a
  place, then they are taken away and the rest is placed the same way.
- Points ballots must share exactly `total` points (not "at most").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from middenveld.participation.counting.errors import BallotInvalid

__all__ = [
    "BallotInvalid",
    "Place",
    "SchulzeResult",
    "Tally",
    "approval_count",
    "borda",
    "format_euros",
    "points_count",
    "schulze",
    "validate_approval",
    "validate_budget_choice",
    "validate_points",
    "validate_ranking",
]

Amount = int | Fraction | Decimal


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Candidates sharing one place. `position` is 1-based and counts the candidates
    above (two tied at 2 are followed by 4). `score` is their total (None for Schulze)."""

    position: int
    candidates: tuple[str, ...]
    score: int | None = None

    @property
    def tied(self) -> bool:
        return len(self.candidates) > 1


@dataclass
class Tally:
    """Totals per candidate (approval, points, Borda) and the places they give."""

    totals: dict[str, int]
    places: list[Place]

    @property
    def ranking(self) -> list[str]:
        """Every candidate, best first; ties broken by the order of `candidates`."""
        return [candidate for place in self.places for candidate in place.candidates]

    @property
    def ties(self) -> list[Place]:
        return [place for place in self.places if place.tied]

    def tie_sentences(self) -> list[str]:
        """One sentence per tie, for the results page."""
        return [_tie_sentence(place) for place in self.ties]


@dataclass
class SchulzeResult:
    """The Schulze order and the numbers behind it.

    `pairwise[a][b]` is how many ballots rank a above b; `strength[a][b]` is the strength
    of the strongest path from a to b (0 when there is none). a beats b when
    strength[a][b] > strength[b][a].
    """

    order: list[str]
    places: list[Place]
    pairwise: dict[str, dict[str, int]]
    strength: dict[str, dict[str, int]]
    ballots: int = 0
    winners: list[str] = field(default_factory=list)

    def beats(self, a: str, b: str) -> bool:
        return self.strength[a][b] > self.strength[b][a]

    @property
    def ties(self) -> list[Place]:
        return [place for place in self.places if place.tied]

    def tie_sentences(self) -> list[str]:
        return [_tie_sentence(place) for place in self.ties]


def _tie_sentence(place: Place) -> str:
    names = ", ".join(place.candidates)
    if place.score is None:
        return _(
            "%(names)s share place %(place)d: none of them beats the others. The order "
            "among them follows the published order of the ballot."
        ) % {"names": names, "place": place.position}
    return _(
        "%(names)s share place %(place)d with %(score)d each. The order among them follows "
        "the published order of the ballot."
    ) % {"names": names, "place": place.position, "score": place.score}


def _places_by_score(totals: Mapping[str, int], candidates: Sequence[str]) -> list[Place]:
    by_score: dict[int, list[str]] = {}
    for candidate in candidates:
        by_score.setdefault(totals[candidate], []).append(candidate)
    places = []
    position = 1
    for score in sorted(by_score, reverse=True):
        group = tuple(by_score[score])
        places.append(Place(position, group, score))
        position += len(group)
    return places


def _unique(candidates: Sequence[str]) -> list[str]:
    result = list(candidates)
    if len(set(result)) != len(result):
        raise ValueError("candidates must not repeat")
    return result


def _ballot_problem(number: int, error: BallotInvalid) -> BallotInvalid:
    return BallotInvalid(
        _("Ballot %(number)d cannot be counted: %(reason)s")
        % {"number": number, "reason": error.message}
    )


# --- counting -------------------------------------------------------------------------


def approval_count(
    ballots: Iterable[Iterable[str]], candidates: Sequence[str], max_choices: int | None
) -> Tally:
    """How many ballots approve each candidate. `max_choices` None means no limit."""
    candidates = _unique(candidates)
    allowed = set(candidates)
    totals = dict.fromkeys(candidates, 0)
    for number, ballot in enumerate(ballots, 1):
        choice = tuple(ballot)
        try:
            validate_approval(choice, allowed, max_choices)
        except BallotInvalid as error:
            raise _ballot_problem(number, error) from None
        for candidate in choice:
            totals[candidate] += 1
    return Tally(totals, _places_by_score(totals, candidates))


def points_count(
    ballots: Iterable[Mapping[str, int]], candidates: Sequence[str], total_points: int = 100
) -> Tally:
    """The points each candidate receives; every ballot shares exactly `total_points`."""
    candidates = _unique(candidates)
    allowed = set(candidates)
    totals = dict.fromkeys(candidates, 0)
    for number, ballot in enumerate(ballots, 1):
        try:
            validate_points(ballot, allowed, total_points)
        except BallotInvalid as error:
            raise _ballot_problem(number, error) from None
        for candidate, points in ballot.items():
            totals[candidate] += points
    return Tally(totals, _places_by_score(totals, candidates))


def _grouped_rankings(
    rankings: Iterable[Sequence[str]], allowed: set[str]
) -> Counter[tuple[str, ...]]:
    """Identical rankings counted once each (a city's ballots repeat a lot)."""
    grouped: Counter[tuple[str, ...]] = Counter()
    for number, ranking in enumerate(rankings, 1):
        ranking = tuple(ranking)
        if ranking not in grouped:
            try:
                validate_ranking(ranking, allowed, min_ranked=0)
            except BallotInvalid as error:
                raise _ballot_problem(number, error) from None
        grouped[ranking] += 1
    return grouped


def borda(rankings: Iterable[Sequence[str]], candidates: Sequence[str]) -> Tally:
    """Borda scores: the k-th of m candidates gets m - k; unranked candidates get 0."""
    candidates = _unique(candidates)
    m = len(candidates)
    totals = dict.fromkeys(candidates, 0)
    for ranking, count in _grouped_rankings(rankings, set(candidates)).items():
        for index, candidate in enumerate(ranking):
            totals[candidate] += (m - 1 - index) * count
    return Tally(totals, _places_by_score(totals, candidates))


def schulze(rankings: Iterable[Sequence[str]], candidates: Sequence[str]) -> SchulzeResult:
    """The Schulze method (winning votes, strongest paths); see the module text."""
    candidates = _unique(candidates)
    grouped = _grouped_rankings(rankings, set(candidates))
    pairwise = {a: dict.fromkeys(candidates, 0) for a in candidates}
    for ranking, count in grouped.items():
        ranked = set(ranking)
        unranked = [c for c in candidates if c not in ranked]
        for index, above in enumerate(ranking):
            row = pairwise[above]
            for below in ranking[index + 1 :]:
                row[below] += count
            for below in unranked:
                row[below] += count

    strength = {a: dict.fromkeys(candidates, 0) for a in candidates}
    for a in candidates:
        for b in candidates:
            if a != b and pairwise[a][b] > pairwise[b][a]:
                strength[a][b] = pairwise[a][b]
    for via in candidates:
        through = strength[via]
        for a in candidates:
            if a == via:
                continue
            to_via = strength[a][via]
            if not to_via:
                continue
            row = strength[a]
            for b in candidates:
                if b != a and b != via:
                    wider = min(to_via, through[b])
                    if wider > row[b]:
                        row[b] = wider

    places = []
    remaining = list(candidates)
    position = 1
    while remaining:
        unbeaten = tuple(
            a for a in remaining if not any(strength[b][a] > strength[a][b] for b in remaining)
        )
        places.append(Place(position, unbeaten))
        position += len(unbeaten)
        remaining = [a for a in remaining if a not in unbeaten]
    order = [candidate for place in places for candidate in place.candidates]
    return SchulzeResult(
        order=order,
        places=places,
        pairwise=pairwise,
        strength=strength,
        ballots=sum(grouped.values()),
        winners=list(places[0].candidates) if places else [],
    )


# --- checking one ballot --------------------------------------------------------------


def _check_known_and_once(choice_ids: Sequence[str], allowed_ids: Iterable[str]) -> None:
    allowed = allowed_ids if isinstance(allowed_ids, set | frozenset) else set(allowed_ids)
    seen: set[str] = set()
    for choice in choice_ids:
        if choice not in allowed:
            raise BallotInvalid(_("Project %(id)s is not on this ballot.") % {"id": choice})
        if choice in seen:
            raise BallotInvalid(_("Project %(id)s is on your ballot twice.") % {"id": choice})
        seen.add(choice)


def validate_approval(
    choice_ids: Sequence[str],
    allowed_ids: Iterable[str],
    max_choices: int | None,
    *,
    min_choices: int = 0,
) -> None:
    """An approval ballot: known projects, each once, at most `max_choices` (None: no limit)."""
    _check_known_and_once(choice_ids, allowed_ids)
    count = len(choice_ids)
    if max_choices is not None and count > max_choices:
        raise BallotInvalid(
            ngettext(
                "You chose %(count)d project; this ballot allows at most %(max)d.",
                "You chose %(count)d projects; this ballot allows at most %(max)d.",
                count,
            )
            % {"count": count, "max": max_choices}
        )
    if count < min_choices:
        raise BallotInvalid(
            ngettext(
                "Choose at least %(min)d project; you chose %(count)d.",
                "Choose at least %(min)d projects; you chose %(count)d.",
                min_choices,
            )
            % {"count": count, "min": min_choices}
        )


def validate_ranking(
    ranking: Sequence[str], allowed_ids: Iterable[str], *, min_ranked: int = 1
) -> None:
    """A ranking: known projects, each once, at least `min_ranked` of them."""
    _check_known_and_once(ranking, allowed_ids)
    if len(ranking) < min_ranked:
        raise BallotInvalid(
            ngettext(
                "Put at least %(min)d project in your order.",
                "Put at least %(min)d projects in your order.",
                min_ranked,
            )
            % {"min": min_ranked}
        )


def validate_points(
    points: Mapping[str, int], allowed_ids: Iterable[str], total: int = 100
) -> None:
    """A points ballot: known projects, whole numbers of 0 or more, summing to exactly `total`."""
    _check_known_and_once(list(points), allowed_ids)
    given = 0
    for project_id, value in points.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise BallotInvalid(
                _("Give whole numbers of points; project %(id)s has %(value)s.")
                % {"id": project_id, "value": value}
            )
        if value < 0:
            raise BallotInvalid(
                _("Project %(id)s has %(value)d points; give 0 points or more.")
                % {"id": project_id, "value": value}
            )
        given += value
    if given != total:
        raise BallotInvalid(
            _("You gave %(given)d points; share exactly %(total)d.")
            % {"given": given, "total": total}
        )


def validate_budget_choice(
    choice_ids: Sequence[str], project_costs: Mapping[str, Amount], budget: Amount
) -> None:
    """A budget ballot: known projects, each once, costing together no more than `budget`."""
    _check_known_and_once(choice_ids, project_costs.keys())
    cost = sum((Fraction(project_costs[choice]) for choice in choice_ids), Fraction(0))
    if cost > Fraction(budget):
        raise BallotInvalid(
            _("The projects you chose cost %(cost)s; the budget is %(budget)s.")
            % {"cost": format_euros(cost), "budget": format_euros(budget)}
        )


def format_euros(amount: Amount) -> str:
    """ "€12,500" (English) or "€12.500" (Dutch); cents only when there are any."""
    value = Fraction(amount)
    if value.denominator == 1:
        return "€" + number_format(value.numerator, 0, use_l10n=True, force_grouping=True)
    cents = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return "€" + number_format(cents, 2, use_l10n=True, force_grouping=True)
