"""Ballots: casting a vote, counting, recounting, exporting and importing Pabulib files.

Pages, the API and the back office all call these. They take keyword arguments, check
the rule (``rules.py``), and raise a ``DomainError`` with a sentence on refusal.

Casting is one row per voter and ballot, held by the database (``Cast``'s partial unique
constraints). ``cast_ballot`` locks the voter's row if it exists and compares: the same
vote again (a double click, a page sent twice) changes nothing; another vote replaces
the content of that row. Two first casts at the same moment both try to insert; the
database lets one through and the other, on the unique constraint, starts again and
finds the row to lock and update. So 500 casts of 50 organisations at once leave
exactly 50 rows, each holding one of its organisation's votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from middenveld.ballots import counting
from middenveld.ballots import timeline as _timeline  # noqa: F401  (declares the event kinds)
from middenveld.ballots.models import Ballot, Cast, Option
from middenveld.ballots.rules import Voter
from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotAuthenticated
from middenveld.organisations.models import Organisation
from middenveld.organisations.timeline import timeline_record

CAST_ATTEMPTS = 5


def _when(moment: Any) -> str:
    return date_format(localtime(moment), "DATETIME_FORMAT")


def _require(user: Any, rule: str, obj: Any = None) -> None:
    decision = rules.check(rule, user, obj)
    if decision:
        return
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(decision.reason or None)
    raise Forbidden(decision.reason or None)


# --- Casting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CastOutcome:
    cast: Cast
    # "cast" (a first vote), "changed" (the vote replaced) or "unchanged" (the same again).
    status: str


def ballot_open_check(ballot: Ballot, now: Any = None) -> None:
    """Refuse when the ballot is not open now (server time)."""
    state = ballot.state(now)
    if state == "upcoming":
        raise Conflict(
            _("This ballot opens on %(opens)s. You can vote from then on.")
            % {"opens": _when(ballot.opens_at)},
            code="ballot_not_open",
        )
    if state == "closed":
        raise Conflict(
            _("This ballot closed on %(closes)s. Votes can no longer be cast or changed.")
            % {"closes": _when(ballot.closes_at)},
            code="ballot_closed",
        )


def cast_ballot(
    *,
    ballot: Ballot,
    by: Any,
    content: Any,
    organisation: Organisation | None = None,
    options: list[Option] | None = None,
) -> CastOutcome:
    """Store ``by``'s vote (for ``organisation`` on a ballot for organisations).

    ``content`` is ``{"choices": [codes]}`` (approval, budget), ``{"ranking": [codes]}``
    (most preferred first) or ``{"points": {code: points}}``. The last vote before the
    close counts; sending the same vote again changes nothing.
    """
    if ballot.for_organisations:
        if organisation is None:
            message = _("Choose the organisation you vote for.")
            _require(by, "ballots.view", ballot)
            if not getattr(by, "is_authenticated", False):
                raise NotAuthenticated()
            raise Invalid(message, fields={"organisation": [message]})
        _require(by, "ballots.cast_for_organisation", Voter(ballot, organisation))
        voter: dict[str, Any] = {"organisation": organisation}
    else:
        if organisation is not None:
            message = _(
                "On this ballot every resident votes for themselves. Leave the organisation out."
            )
            raise Invalid(message, fields={"organisation": [message]})
        _require(by, "ballots.cast_as_resident", ballot)
        voter = {"user": by}
    now = timezone.now()
    ballot_open_check(ballot, now)
    if options is None:
        options = list(ballot.options.all())
    normalised = counting.validate_content(ballot, options, content)
    return _store(ballot=ballot, voter=voter, by=by, content=normalised, now=now)


def _store(
    *, ballot: Ballot, voter: dict[str, Any], by: Any, content: dict[str, Any], now: Any
) -> CastOutcome:
    organisation = voter.get("organisation")
    for attempt in range(CAST_ATTEMPTS):
        try:
            with transaction.atomic():
                existing = Cast.objects.select_for_update().filter(ballot=ballot, **voter).first()
                if existing is not None and existing.content == content:
                    return CastOutcome(existing, "unchanged")
                if existing is None:
                    cast = Cast.objects.create(
                        ballot=ballot,
                        cast_by=by,
                        content=content,
                        created_at=now,
                        updated_at=now,
                        **voter,
                    )
                    status = "cast"
                else:
                    cast = existing
                    cast.content = content
                    cast.cast_by = by
                    cast.updated_at = now
                    cast.changes += 1
                    cast.save(update_fields=["content", "cast_by", "updated_at", "changes"])
                    status = "changed"
                if organisation is not None:
                    timeline_record(
                        organisation=organisation,
                        kind=f"ballots.{status}",
                        actor=by,
                        subject=ballot,
                        data={"ballot": ballot.title, "ballot_id": ballot.pk},
                        occurred_at=now,
                    )
                return CastOutcome(cast, status)
        except IntegrityError:
            # Someone cast for the same voter at the same moment and got in first: the
            # row exists now, so the next attempt locks and updates it.
            if attempt == CAST_ATTEMPTS - 1:
                raise Conflict(
                    _(
                        "Your vote could not be stored because of another vote at the same moment. Send it again, please."
                    )
                ) from None
    raise AssertionError("unreachable")


def cast_for(*, ballot: Ballot, by: Any, organisation: Organisation | None = None) -> Cast | None:
    """The vote ``by`` sees as theirs: the organisation's on an organisations ballot."""
    if not getattr(by, "is_authenticated", False):
        return None
    if ballot.for_organisations:
        if organisation is None:
            return None
        return Cast.objects.filter(ballot=ballot, organisation=organisation).first()
    return Cast.objects.filter(ballot=ballot, user=by).first()


# --- Counting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecountReport:
    result: dict[str, Any]
    inputs_hash: str
    previous_hash: str
    same_inputs: bool
    same_result: bool


def _closed_check(ballot: Ballot) -> None:
    if not ballot.is_closed():
        raise Conflict(
            _(
                "The results stay hidden from everyone, city staff included, until the "
                "ballot closes on %(closes)s. Come back after that."
            )
            % {"closes": _when(ballot.closes_at)},
            code="results_hidden",
        )


def ballot_count(*, ballot: Ballot) -> Ballot:
    """Count a closed ballot once and store the result with the fingerprint of its votes.

    Later calls return the stored result. Raises Conflict before the close.
    """
    _closed_check(ballot)
    if ballot.result is not None:
        return ballot
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if locked.result is None:
            inputs = counting.ballot_inputs(locked)
            locked.result = counting.count(inputs)
            locked.inputs_hash = counting.inputs_hash(inputs)
            locked.counted_at = timezone.now()
            locked.save(update_fields=["result", "inputs_hash", "counted_at"])
    ballot.result, ballot.inputs_hash, ballot.counted_at = (
        locked.result,
        locked.inputs_hash,
        locked.counted_at,
    )
    return ballot


def ballot_recount(*, ballot: Ballot, by: Any) -> RecountReport:
    """Count again from the stored votes (city staff), store it and say whether anything
    differs from the stored count."""
    _require(by, "ballots.manage", ballot)
    _closed_check(ballot)
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        inputs = counting.ballot_inputs(locked)
        result = counting.count(inputs)
        fingerprint = counting.inputs_hash(inputs)
        report = RecountReport(
            result=result,
            inputs_hash=fingerprint,
            previous_hash=locked.inputs_hash,
            same_inputs=fingerprint == locked.inputs_hash,
            same_result=result == locked.result,
        )
        locked.result, locked.inputs_hash, locked.counted_at = result, fingerprint, timezone.now()
        locked.save(update_fields=["result", "inputs_hash", "counted_at"])
    ballot.result, ballot.inputs_hash, ballot.counted_at = result, fingerprint, locked.counted_at
    return report


def ballot_results(*, ballot: Ballot, user: Any) -> dict[str, Any]:
    """The result of a closed ballot (counted on first demand). Before the close: Conflict."""
    decision = rules.check("ballots.view", user, ballot)
    if not decision:
        _require(user, "ballots.view", ballot)
    _closed_check(ballot)
    ballot_count(ballot=ballot)
    assert ballot.result is not None
    return ballot.result


# --- Pabulib -------------------------------------------------------------------------------


def ballot_export_pb(*, ballot: Ballot, user: Any) -> str:
    """The anonymised votes of a closed ballot as a Pabulib file."""
    decision = rules.check("ballots.view", user, ballot)
    if not decision:
        _require(user, "ballots.view", ballot)
    _closed_check(ballot)
    return counting.export_pb(ballot)


PB_MAX_BYTES = 50 * 1024 * 1024


def pb_import_count(*, data: bytes, by: Any) -> dict[str, Any]:
    """Read a Pabulib file and count it. Nothing is stored. A malformed file raises
    ``PabulibError`` (an ``Invalid``) with the line number and the reason."""
    _require(by, "ballots.manage")
    if not data:
        message = _("Choose a .pb file to count.")
        raise Invalid(message, fields={"file": [message]})
    if len(data) > PB_MAX_BYTES:
        message = _("This file is larger than 50 MB. Split it or count it with manage.py pb_count.")
        raise Invalid(message, fields={"file": [message]})
    return counting.count_pb(data)
