"""A stored result in plain words, for the results page, the back office and the .pb import.

``result_view(result, labels)`` turns the JSON result of ``counting.count`` (or
``counting.count_pb``) into rows and whole sentences in the active language. ``labels``
maps an option's code to its title (the ballot's options, or the names in a .pb file).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from middenveld.participation.counting.ranked import format_euros


def euros(amount: Any) -> str:
    if amount in (None, ""):
        return ""
    return format_euros(Fraction(str(amount)))


def _title(labels: Mapping[str, str], code: str) -> str:
    return labels.get(code) or code


def _tie_sentences(places: list[dict[str, Any]], labels: Mapping[str, str]) -> list[str]:
    sentences = []
    for place in places:
        if len(place["options"]) < 2:
            continue
        names = ", ".join(_title(labels, code) for code in place["options"])
        sentences.append(
            _(
                "%(names)s share place %(place)d. In the list they follow the published "
                "order of the ballot."
            )
            % {"names": names, "place": place["position"]}
        )
    return sentences


def _placed_rows(result: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    rows = []
    for place in result["places"]:
        for code in place["options"]:
            rows.append(
                {
                    "code": code,
                    "title": _title(labels, code),
                    "position": place["position"],
                    "score": result["totals"].get(code, 0),
                    "tied": len(place["options"]) > 1,
                }
            )
    return rows


def _ranking(result: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    borda = result["borda"]
    borda_place = {
        code: place["position"] for place in borda["places"] for code in place["options"]
    }
    others = max(len(result["order"]) - 1, 0)
    rows = []
    for place in result["places"]:
        for code in place["options"]:
            rows.append(
                {
                    "code": code,
                    "title": _title(labels, code),
                    "position": place["position"],
                    "tied": len(place["options"]) > 1,
                    "wins": result["head_to_head_wins"].get(code, 0),
                    "others": others,
                    "borda": borda["totals"].get(code, 0),
                    "borda_position": borda_place.get(code),
                }
            )
    schulze_first = result["places"][0]["options"] if result["places"] else []
    borda_first = borda["places"][0]["options"] if borda["places"] else []
    agree = set(schulze_first) == set(borda_first)
    return {
        "rows": rows,
        "ties": _tie_sentences(result["places"], labels),
        "borda_agrees": agree,
        "borda_first": [_title(labels, code) for code in borda_first],
    }


def _selected_sentence(entry: Mapping[str, Any]) -> str:
    if entry.get("stage") == "equal-shares":
        paid_by = entry.get("paid_by", 0)
        full = entry.get("paid_full_share", 0)
        sentence = ngettext(
            "%(paid_by)d supporter paid for it together with the others who voted for it: "
            "%(total)s in all.",
            "%(paid_by)d of its supporters paid for it together: %(total)s in all.",
            paid_by,
        ) % {"paid_by": paid_by, "total": euros(entry.get("total_paid") or entry.get("cost"))}
        if full == paid_by:
            sentence += " " + ngettext(
                "Each paid the same share of %(share)s.",
                "Each paid the same share of %(share)s.",
                paid_by,
            ) % {"share": euros(entry.get("share"))}
        else:
            sentence += " " + ngettext(
                "%(full)d of them paid the full share of %(share)s; the others paid all they "
                "had left.",
                "%(full)d of them paid the full share of %(share)s; the others paid all they "
                "had left.",
                full,
            ) % {"full": full, "share": euros(entry.get("share"))}
        return sentence
    return _(
        "Chosen when the money left over was filled: among the projects that still fit, "
        "it had the most votes. After it, %(left)s was left."
    ) % {"left": euros(entry.get("remaining_after"))}


def _rejected_sentence(entry: Mapping[str, Any]) -> str:
    reason = entry.get("reason")
    if reason == "no_votes":
        return _("Nobody voted for this project.")
    if reason == "free":
        return _("This project costs nothing, so equal shares does not count it.")
    if reason == "supporters_short":
        return _(
            "Its supporters had only %(available)s left together, less than the %(cost)s it costs."
        ) % {"available": euros(entry.get("supporters_budget")), "cost": euros(entry["cost"])}
    if reason == "does_not_fit":
        if not entry.get("votes"):
            return _(
                "Nobody voted for this project, and when the money left over was filled only "
                "%(remaining)s was left, less than the %(cost)s it costs."
            ) % {"cost": euros(entry["cost"]), "remaining": euros(entry.get("remaining_budget"))}
        return _(
            "Its supporters could not pay for it together with their equal shares, and when "
            "the money left over was filled only %(remaining)s was left, less than the "
            "%(cost)s it costs."
        ) % {"cost": euros(entry["cost"]), "remaining": euros(entry.get("remaining_budget"))}
    return ""


def _budget(
    result: Mapping[str, Any], labels: Mapping[str, str], costs: Mapping[str, str]
) -> dict[str, Any]:
    explanation = result["explanation"]
    selected = [
        {
            "code": entry["id"],
            "title": _title(labels, entry["id"]),
            "cost": euros(entry["cost"]),
            "votes": entry.get("votes", 0),
            "stage": entry.get("stage"),
            "sentence": _selected_sentence(entry),
        }
        for entry in explanation.get("selected", [])
    ]
    # With the completion every project left out was first out of its supporters' reach
    # and then did not fit in what was left: the sentence says both.
    rejected = [
        {
            "code": entry["id"],
            "title": _title(labels, entry["id"]),
            "cost": euros(entry["cost"]),
            "votes": entry.get("votes", 0),
            "sentence": _rejected_sentence(entry),
        }
        for entry in explanation.get("rejected", [])
    ]
    comparison = result["comparison"]
    greedy_selected = comparison["selected"]
    ours = set(result["selected"])
    theirs = set(greedy_selected)
    summary = ngettext(
        "%(voters)d voter. The budget was %(budget)s; the selected projects cost %(spent)s "
        "together, so %(left)s is left.",
        "%(voters)d voters. The budget was %(budget)s; the selected projects cost %(spent)s "
        "together, so %(left)s is left.",
        result["voters"],
    ) % {
        "voters": result["voters"],
        "budget": euros(explanation.get("budget")),
        "spent": euros(explanation.get("spent")),
        "left": euros(explanation.get("left_over")),
    }
    how = _(
        "Every voter got an equal share of the budget: %(start)s each. A project is bought "
        "when the people who voted for it can pay for it together, sharing its cost as "
        "equally as they can; the project that costs each of its supporters least is "
        "bought first."
    ) % {"start": euros(explanation.get("start_budget_per_voter"))}
    increments = explanation.get("increments") or 0
    if increments:
        how += " " + ngettext(
            "Because money was left, each voter's share was raised by €1, %(count)d time, "
            "while the outcome still fitted in the budget (the “Add1U” completion): "
            "%(share)s each in the end.",
            "Because money was left, each voter's share was raised by €1, %(count)d times, "
            "while the outcome still fitted in the budget (the “Add1U” completion): "
            "%(share)s each in the end.",
            increments,
        ) % {"count": increments, "share": euros(explanation.get("budget_per_voter"))}
    how += " " + _(
        "What was still left was then filled with the projects with the most votes that fitted."
    )
    return {
        "summary": summary,
        "how": how,
        "selected": selected,
        "rejected": rejected,
        "greedy": [
            {"code": code, "title": _title(labels, code), "cost": euros(costs.get(code))}
            for code in greedy_selected
        ],
        "greedy_spent": euros(comparison["explanation"].get("spent")),
        "only_equal_shares": [_title(labels, c) for c in result["selected"] if c not in theirs],
        "only_greedy": [_title(labels, c) for c in greedy_selected if c not in ours],
    }


def result_view(
    result: Mapping[str, Any],
    labels: Mapping[str, str],
    costs: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    method = result["method"]
    view: dict[str, Any] = {"method": method, "voters": result["voters"]}
    if method in ("approval", "points"):
        view["rows"] = _placed_rows(result, labels)
        view["ties"] = _tie_sentences(result["places"], labels)
    elif method == "ranking":
        view.update(_ranking(result, labels))
    else:
        view.update(_budget(result, labels, costs or {}))
    return view
