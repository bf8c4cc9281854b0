"""Why a ballot or a Pabulib file is refused.

Both are `Invalid` domain errors, so a page shows the message and the API answers 422
without extra code. Messages are English msgids, translated with `gettext` (not lazy)
when the error is raised, so they come out in the language active at that moment.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid


class BallotInvalid(Invalid):
    """A ballot breaks a rule of its ballot (too many choices, over the budget, …).

    `message` is a whole sentence for the voter, e.g. "You gave 101 points; share exactly 100."
    """

    code = "ballot_invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message, code=self.code)


class PabulibError(Invalid):
    """A `.pb` file that cannot be read. `line` is the 1-based line the problem is on.

    `str(error)` is "line 17: the cost 'abc' of project 5 is not a number."
    """

    code = "pabulib_invalid"

    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        message = _("line %(line)d: %(reason)s") % {"line": line, "reason": reason}
        super().__init__(message, code=self.code, details={"line": line})
