"""The report of an import: ``Action``, and each row's ``RowError``s in an ``ImportRow``
of the ``ImportReport``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


ACTION_LABELS: dict[str, str | Promise] = {
    Action.CREATE: gettext_lazy("New"),
    Action.UPDATE: gettext_lazy("Changed"),
    Action.UNCHANGED: gettext_lazy("Unchanged"),
}


@dataclass(frozen=True)
class RowError:
    column: str  # the column's name as in COLUMNS, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        if not self.column:
            return self.message
        return _("%(column)s: %(message)s") % {"column": self.column, "message": self.message}


@dataclass
class ImportRow:
    number: int  # the row number a spreadsheet shows (the column names are on row 1)
    name: str  # for display; shortened
    action: str = ""
    errors: list[RowError] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # labels of the fields that change

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, ""))


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the recognised columns, in file order
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.is_valid and row.action == action)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(Action.UNCHANGED)

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def invalid(self) -> int:
        return len(self.invalid_rows)

    @property
    def is_valid(self) -> bool:
        return self.invalid == 0

    @property
    def summary(self) -> str:
        return ngettext(
            "%(total)d row: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(invalid)d with problems.",
            "%(total)d rows: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(invalid)d with problems.",
            self.total,
        ) % {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
        }

    @property
    def outcome(self) -> str:
        if self.dry_run and self.is_valid:
            return _(
                "Nothing was written: this was a check. Every row is valid, so the file "
                "can be imported."
            )
        if self.dry_run:
            return _(
                "Nothing was written: this was a check. Correct the rows with problems and "
                "check the file again."
            )
        if not self.is_valid:
            return _(
                "Nothing was imported, because some rows have problems. Correct them and "
                "import the file again."
            )
        if not self.written:
            return _("Every row is already in the register as it is: nothing needed to change.")
        return _("The file was imported.")
