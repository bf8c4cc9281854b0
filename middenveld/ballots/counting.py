"""From stored votes to a result, and to and from Pabulib files.

Everything about *how* to count is in ``middenveld.participation.counting`` (the budget
rules, Schulze, Borda, the Pabulib reader and writer); this module feeds it a ballot's
votes and keeps the answer JSON-ready.

Reproducible count: ``ballot_inputs`` gathers everything a count depends on (the method
and its limits, the options with their costs in the published order, and every vote,
sorted, without voters) and ``inputs_hash`` fingerprints it (SHA-256 of canonical JSON).
The stored result carries that fingerprint; a recount from the same votes gives the same
inputs, so the same fingerprint and, the rules being deterministic, the same result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from middenveld.ballots.models import Ballot, Cast, Method, Option
from middenveld.participation.counting import pabulib, ranked
from middenveld.participation.counting.budget import equal_shares_completion, greedy
from middenveld.participation.counting.errors import BallotInvalid, PabulibError
from middenveld.participation.counting.instance import BudgetInstance, Project

RESULT_FORMAT = 1
BUDGET_RULE = "equal-shares-completion"
COMPARISON_RULE = "greedy"


# --- One vote ------------------------------------------------------------------------------


def _codes(value: Any, *, name: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise BallotInvalid(_("Send %(name)s as a list of option codes.") % {"name": name})
    codes = []
    for item in value:
        if not isinstance(item, str):
            raise BallotInvalid(_("Option %(id)s is not on this ballot.") % {"id": str(item)[:40]})
        codes.append(item)
    return codes


def _only_key(content: Any, key: str, method_label: str) -> Any:
    if not isinstance(content, Mapping):
        raise BallotInvalid(_("Your vote could not be read. Fill in the form again, please."))
    other = [k for k in ("choices", "ranking", "points") if k in content and k != key]
    if key not in content:
        raise BallotInvalid(
            _("This is a %(method)s ballot: send your vote as “%(key)s”.")
            % {"method": method_label, "key": key}
        )
    if other:
        raise BallotInvalid(
            _("This is a %(method)s ballot: send your vote as “%(key)s” only, not “%(other)s”.")
            % {"method": method_label, "key": key, "other": other[0]}
        )
    return content[key]


def _in_order(codes: Sequence[str], options: Sequence[Option]) -> list[str]:
    chosen = set(codes)
    return [option.code for option in options if option.code in chosen]


def _cost(option: Option) -> Fraction:
    return Fraction(option.cost) if option.cost is not None else Fraction(0)


def validate_content(ballot: Ballot, options: Sequence[Option], content: Any) -> dict[str, Any]:
    """Check one vote with the counting engine's rules; return it normalised.

    Raises ``BallotInvalid`` (an ``Invalid``) with a sentence for the voter: more choices
    than allowed, an option twice or unknown, points that do not add up, over the budget.
    """
    codes = [option.code for option in options]
    allowed = set(codes)
    method = ballot.method
    if method == Method.APPROVAL:
        choices = _codes(_only_key(content, "choices", _("approval")), name="choices")
        ranked.validate_approval(choices, allowed, ballot.max_choices, min_choices=1)
        return {"choices": _in_order(choices, options)}
    if method == Method.BUDGET:
        choices = _codes(_only_key(content, "choices", _("budget")), name="choices")
        costs = {option.code: _cost(option) for option in options}
        ranked.validate_budget_choice(choices, costs, Fraction(ballot.budget or 0))
        ranked.validate_approval(choices, allowed, None, min_choices=1)
        return {"choices": _in_order(choices, options)}
    if method == Method.RANKING:
        ranking = _codes(_only_key(content, "ranking", _("ranking")), name="ranking")
        ranked.validate_ranking(ranking, allowed, min_ranked=1)
        return {"ranking": ranking}
    points = _only_key(content, "points", _("points"))
    if not isinstance(points, Mapping):
        raise BallotInvalid(_("Send the points as a list of option codes with a number each."))
    ranked.validate_points(
        {str(code): value for code, value in points.items()}, allowed, ballot.total_points
    )
    return {"points": {code: points[code] for code in codes if points.get(code)}}


# --- Counting a ballot ---------------------------------------------------------------------


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _amount(value: Decimal | None) -> str | None:
    return pabulib.format_amount(Fraction(value)) if value is not None else None


def ballot_inputs(ballot: Ballot) -> dict[str, Any]:
    """Everything the count depends on, without voters (see the module text)."""
    options = list(Option.objects.filter(ballot=ballot).order_by("order", "id"))
    votes = sorted(
        _canonical(content)
        for content in Cast.objects.filter(ballot=ballot).values_list("content", flat=True)
    )
    return {
        "format": RESULT_FORMAT,
        "method": ballot.method,
        "max_choices": ballot.max_choices,
        "total_points": ballot.total_points,
        "budget": _amount(ballot.budget),
        "options": [{"code": o.code, "cost": _amount(o.cost)} for o in options],
        "votes": votes,
    }


def inputs_hash(inputs: Mapping[str, Any]) -> str:
    return hashlib.sha256(_canonical(inputs).encode("utf-8")).hexdigest()


def _places(places: Sequence[ranked.Place]) -> list[dict[str, Any]]:
    return [
        {"position": p.position, "options": list(p.candidates), "score": p.score} for p in places
    ]


def _budget_instance(inputs: Mapping[str, Any], votes: list[Any]) -> BudgetInstance:
    return BudgetInstance(
        projects=[
            Project(id=o["code"], cost=Fraction(o["cost"] or 0), name="") for o in inputs["options"]
        ],
        budget=Fraction(inputs["budget"] or 0),
        approvals=[tuple(vote["choices"]) for vote in votes],
    )


def _budget_result(instance: BudgetInstance) -> dict[str, Any]:
    outcome = equal_shares_completion(instance)
    comparison = greedy(instance)
    return {
        "rule": BUDGET_RULE,
        "selected": outcome.selected,
        "explanation": outcome.explanation,
        "comparison": {
            "rule": COMPARISON_RULE,
            "selected": comparison.selected,
            "explanation": comparison.explanation,
        },
    }


def _ranking_result(rankings: list[Sequence[str]], codes: list[str]) -> dict[str, Any]:
    schulze = ranked.schulze(rankings, codes)
    borda = ranked.borda(rankings, codes)
    wins = {
        a: sum(1 for b in codes if b != a and schulze.pairwise[a][b] > schulze.pairwise[b][a])
        for a in codes
    }
    return {
        "rule": "schulze",
        "order": schulze.order,
        "places": _places(schulze.places),
        "pairwise": schulze.pairwise,
        "head_to_head_wins": wins,
        "borda": {"totals": borda.totals, "places": _places(borda.places)},
    }


def count(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The result of a ballot from its inputs (``ballot_inputs``), JSON-ready."""
    method = inputs["method"]
    codes = [o["code"] for o in inputs["options"]]
    votes = [json.loads(vote) for vote in inputs["votes"]]
    result: dict[str, Any] = {"format": RESULT_FORMAT, "method": method, "voters": len(votes)}
    if method == Method.APPROVAL:
        tally = ranked.approval_count(
            (vote["choices"] for vote in votes), codes, inputs["max_choices"]
        )
        result.update(totals=tally.totals, places=_places(tally.places))
    elif method == Method.POINTS:
        tally = ranked.points_count(
            (vote["points"] for vote in votes), codes, inputs["total_points"]
        )
        result.update(totals=tally.totals, places=_places(tally.places))
    elif method == Method.RANKING:
        result.update(_ranking_result([vote["ranking"] for vote in votes], codes))
    else:
        result.update(_budget_result(_budget_instance(inputs, votes)))
    return result


# --- Pabulib -------------------------------------------------------------------------------

VOTE_TYPES: dict[str, str] = {
    Method.APPROVAL: "approval",
    Method.BUDGET: "approval",
    Method.RANKING: "ordinal",
    Method.POINTS: "cumulative",
}
PB_RULES: dict[str, str] = {
    Method.APPROVAL: "approval",
    Method.BUDGET: "equalshares/add1u",
    Method.RANKING: "schulze",
    Method.POINTS: "cumulative",
}


def _dutch(obj: Any, name: str) -> str:
    """The Dutch text of a translated field (the source language of Pabulib files here)."""
    return str(getattr(obj, f"{name}_nl", None) or getattr(obj, name))


def export_pb(ballot: Ballot) -> str:
    """A closed ballot's votes as a Pabulib file, without voters.

    Voters are numbered 1..n in the order of their sorted votes, so nothing in the file
    tells who voted when. Budget and approval ballots are ``approval`` files (an approval
    ballot's options cost 1 each and the budget is the number one may choose); ranking
    ballots are ``ordinal`` (most preferred first) and points ballots ``cumulative``
    (with a ``points`` column).
    """
    inputs = ballot_inputs(ballot)
    options = list(Option.objects.filter(ballot=ballot).order_by("order", "id"))
    votes = [json.loads(vote) for vote in inputs["votes"]]
    method = ballot.method
    meta = {
        "description": _dutch(ballot, "title"),
        "country": "Belgium",
        "unit": "Gent",
        "instance": ballot.slug,
        "date_begin": ballot.opens_at.date().isoformat(),
        "date_end": ballot.closes_at.date().isoformat(),
        "rule": PB_RULES[method],
        "language": "nl",
        "electorate": ballot.electorate,
    }
    votes_extra: dict[str, list[str]] = {}
    if method == Method.BUDGET:
        projects = [Project(o.code, _cost(o), _dutch(o, "title")) for o in options]
        budget = Fraction(ballot.budget or 0)
        approvals = [tuple(vote["choices"]) for vote in votes]
    else:
        projects = [Project(o.code, Fraction(1), _dutch(o, "title")) for o in options]
        if method == Method.APPROVAL:
            budget = Fraction(ballot.max_choices or len(options) or 1)
            approvals = [tuple(vote["choices"]) for vote in votes]
            meta["max_length"] = str(ballot.max_choices or len(options))
        elif method == Method.RANKING:
            budget = Fraction(len(options) or 1)
            approvals = [tuple(vote["ranking"]) for vote in votes]
        else:
            budget = Fraction(len(options) or 1)
            approvals = [tuple(vote["points"]) for vote in votes]
            votes_extra["points"] = [
                ",".join(str(vote["points"][code]) for code in vote["points"]) for vote in votes
            ]
            meta["max_sum_points"] = str(ballot.total_points)
    instance = BudgetInstance(projects=projects, budget=budget, approvals=approvals)
    text = pabulib.write_pb(instance, meta=meta, votes_extra=votes_extra)
    vote_type = VOTE_TYPES[method]
    if vote_type != "approval":
        # write_pb writes approval files; the votes are written in the same shape.
        lines = text.split("\n")
        end = lines.index("PROJECTS")
        lines[:end] = [
            f"vote_type;{vote_type}" if line == "vote_type;approval" else line
            for line in lines[:end]
        ]
        text = "\n".join(lines)
    return text


def count_pb(data: bytes | str) -> dict[str, Any]:
    """Read and count a Pabulib file; the result has the shape of a ballot's result, with
    the projects' names and costs under ``labels`` and ``costs``. Nothing is stored."""
    election = pabulib.read_pb_election(data)
    codes = [project.id for project in election.projects]
    result: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "voters": len(election.votes),
        "vote_type": election.vote_type,
        "meta": dict(election.meta),
        "labels": {p.id: p.name or p.id for p in election.projects},
        "costs": {p.id: pabulib.format_amount(p.cost) for p in election.projects},
        "budget_amount": pabulib.format_amount(election.budget),
    }
    if election.vote_type in pabulib.APPROVAL_TYPES:
        result["method"] = Method.BUDGET.value
        result.update(_budget_result(election.budget_instance()))
    elif election.vote_type == "ordinal":
        result["method"] = Method.RANKING.value
        result.update(_ranking_result(list(election.votes), codes))
    else:
        result["method"] = Method.POINTS.value
        totals: dict[str, Fraction] = dict.fromkeys(codes, Fraction(0))
        for vote, points in zip(election.votes, election.points or [], strict=False):
            for code, value in zip(vote, points, strict=True):
                totals[code] += value
        ordered = sorted(codes, key=lambda code: (-totals[code], codes.index(code)))
        places: list[dict[str, Any]] = []
        position = 1
        for index, code in enumerate(ordered):
            if index and totals[code] == totals[ordered[index - 1]]:
                places[-1]["options"].append(code)
            else:
                position = index + 1
                places.append(
                    {"position": position, "options": [code], "score": _score(totals[code])}
                )
        result.update(totals={c: _score(v) for c, v in totals.items()}, places=places)
    return result


def _score(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else pabulib.format_amount(value)


__all__ = [
    "PabulibError",
    "ballot_inputs",
    "count",
    "count_pb",
    "export_pb",
    "inputs_hash",
    "validate_content",
]
