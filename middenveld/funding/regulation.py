"""A regulation's rules (subsidiereglement) as structured data: read, written, checked, told.

City staff write the rules of a regulation as a readable YAML (or JSON) file. The
rules are stored as JSON on a ``RegulationVersion`` (``rules_hash`` tells two
versions apart); a new version never changes what was submitted under the old one.
Everything here is pure, except ``rules_check`` and ``describe``, which ask the
register (``eligibility_check``, the names of recognitions and districts).

The file (schema ``middenveld.regulation/1``)::

    schema: middenveld.regulation/1            # required, exactly this
    applicants:                                # who may apply (all optional)
      verified: true                           # verified by the city (default true)
      legal_forms: [VZW, FV]                   # LegalForm codes; empty = any
      recognitions: [basiswerk]                # RecognitionType codes; any one valid
      districts: []                            # District slugs; empty = the whole city
      self_organisation: false                 # only self-organisations (default false)
    categories:                                # required, at least one
      - code: klein
        name: {nl: Kleine aanvraag, en: Small request}
        max_amount: '2500.00'                  # either max_amount ...
        anytime: true                          # may come in outside the rounds
      - code: vast
        name: {nl: Vaste bijdrage}
        fixed_amount: '500.00'                 # ... or fixed_amount, never both
    lead_time_days: 42                         # days between request and activity (0)
    rounds:                                    # leave out: requests come in any time
      deadlines: ['01-15', '04-15', '09-15']   # MM-DD every year, end of the day in Brussels
      decision_days: 60                        # the decision comes this many days later
    max_grants_per_year: 2                     # per applicant per calendar year (null = no limit)
    cost_categories:                           # the lines of the budget table
      - {code: catering, name: {nl: Catering}}
    cost_caps:                                 # a cost category's share of the total budget
      - {category: catering, max_share: '0.15'}
    activity_types:
      - {code: partijpolitiek, name: {nl: Partijpolitieke activiteiten}}
    excluded_activity_types: [partijpolitiek]  # codes from activity_types
    attachments_required:
      - {code: begroting, name: {nl: Begroting}}

Names are ``{language: text}`` with at least ``nl`` (shown when a language has no
text); a plain text is taken as the Dutch name. Codes are lower-case letters, digits, ``-`` and ``_``, unique in their list.
Amounts are euros as text (``'2500.00'``; a number such as ``2500`` is accepted and
written back as text); shares are between 0 and 1. Unknown rules, duplicate keys,
anchors and aliases are refused.

``rules_load`` returns the rules in their normal form: every rule present (with its
default), amounts as ``'2500.00'``, shares as ``'0.15'``, deadlines sorted, names in
the order of ``settings.LANGUAGES``. ``rules_dump`` writes that form back, keys in
the order above, so ``rules_load(rules_dump(r)) == r``. A refused file raises
``RegulationFileError`` naming the line (and the path, such as
``cost_caps › 1 › max_share``, items counted from 1) and the reason.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_UP, Decimal, InvalidOperation
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.utils import dateformat, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from middenveld.core.errors import Invalid
from middenveld.funding.money import format_euros, parse_euros
from middenveld.organisations.eligibility import Requirement, eligibility_check
from middenveld.organisations.models import LegalForm, Organisation

__all__ = [
    "SCHEMA",
    "Facts",
    "RegulationFileError",
    "Rules",
    "category",
    "describe",
    "requirement",
    "round_deadline",
    "round_decision_day",
    "rules_check",
    "rules_dump",
    "rules_hash",
    "rules_load",
]

SCHEMA = "middenveld.regulation/1"
BRUSSELS = ZoneInfo("Europe/Brussels")
FALLBACK_LANGUAGE = "nl"
MAX_FILE_CHARS = 200_000

Rules = dict[str, Any]
Format = Literal["yaml", "json"]
Path = tuple[str | int, ...]

_TOP = (
    "schema",
    "applicants",
    "categories",
    "lead_time_days",
    "rounds",
    "max_grants_per_year",
    "cost_categories",
    "cost_caps",
    "activity_types",
    "excluded_activity_types",
    "attachments_required",
)
_APPLICANTS = ("verified", "legal_forms", "recognitions", "districts", "self_organisation")
_CATEGORY = ("code", "name", "fixed_amount", "max_amount", "anytime")
_ROUNDS = ("deadlines", "decision_days")
_NAMED = ("code", "name")
_CAP = ("category", "max_share")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
_MONTH_DAY = re.compile(r"^([0-9]{2})-([0-9]{2})$")


class RegulationFileError(Invalid):
    """A regulation file (or rules dict) that cannot be accepted: where, and why."""

    code = "regulation_file"

    def __init__(self, reason: str, *, line: int | None = None, path: Path = ()) -> None:
        self.reason = reason
        self.line = line
        self.path = _path_text(path)
        if line is not None and self.path:
            message = _("Line %(line)s (%(path)s): %(reason)s") % {
                "line": line,
                "path": self.path,
                "reason": reason,
            }
        elif line is not None:
            message = _("Line %(line)s: %(reason)s") % {"line": line, "reason": reason}
        elif self.path:
            message = _("At %(path)s: %(reason)s") % {"path": self.path, "reason": reason}
        else:
            message = reason
        super().__init__(message, details={"line": line, "path": self.path, "reason": reason})


def _path_text(path: Path) -> str:
    return " › ".join(str(part + 1) if isinstance(part, int) else part for part in path)


# --- Reading and writing -------------------------------------------------------------


def rules_load(text: str, *, format: Format = "yaml") -> Rules:
    """The rules in ``text`` (YAML or JSON), checked and in their normal form."""
    if format not in ("yaml", "json"):
        raise ValueError(f"Unknown format {format!r}; use 'yaml' or 'json'.")
    if len(text) > MAX_FILE_CHARS:
        raise RegulationFileError(
            _("The file is too large: a regulation file has at most %(count)s characters.")
            % {"count": MAX_FILE_CHARS}
        )
    if format == "yaml":
        data, lines = _read_yaml(text)
    else:
        data, lines = _read_json(text)
    return _Checker(lines).document(data)


def rules_dump(rules: Mapping[str, Any], *, format: Format = "yaml") -> str:
    """``rules`` as a readable file; ``rules_load(rules_dump(r), format=f) == r``."""
    normal = _Checker(_Lines()).document(_plain(rules))
    if format == "json":
        return json.dumps(normal, ensure_ascii=False, indent=2) + "\n"
    if format != "yaml":
        raise ValueError(f"Unknown format {format!r}; use 'yaml' or 'json'.")
    header = f"# Regulation rules, schema {SCHEMA} (see middenveld/funding/regulation.py).\n"
    return header + yaml.dump(
        _styled(normal),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def rules_hash(rules: Mapping[str, Any]) -> str:
    """sha256 of the rules as canonical JSON: equal rules, equal hash (key order aside)."""
    canonical = json.dumps(
        _plain(rules), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


class _FlowMap(dict[str, Any]):
    pass


class _FlowList(list[Any]):
    pass


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # List items indented under their key, as people write them.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _MONTH_DAY.match(value):  # '01-15', quoted so that nobody reads it as a sum
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _FlowMap,
    lambda dumper, value: dumper.represent_mapping(
        "tag:yaml.org,2002:map", value.items(), flow_style=True
    ),
)
_Dumper.add_representer(
    _FlowList,
    lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=True
    ),
)

_FLOW_WIDTH = 60


def _styled(value: Any) -> Any:
    """Short mappings and lists of plain values on one line, the rest as blocks."""
    if isinstance(value, dict):
        styled = {key: _styled(item) for key, item in value.items()}
        plain = all(not isinstance(item, dict | list) for item in value.values())
        width = sum(len(str(key)) + len(str(item)) + 4 for key, item in value.items())
        if value and plain and width <= _FLOW_WIDTH:
            return _FlowMap(styled)
        return styled
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return _FlowList(value)
        return [_styled(item) for item in value]
    return value


class _Lines:
    """Where each value (and each key) of the file starts, by its path."""

    def __init__(self) -> None:
        self.values: dict[Path, int] = {}
        self.keys: dict[Path, int] = {}

    def of(self, path: Path, *, key: bool = False) -> int | None:
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get(())


def _yaml_problem(error: yaml.YAMLError) -> RegulationFileError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or getattr(error, "context", None) or str(error)
    return RegulationFileError(
        _("This is not valid YAML (%(problem)s).") % {"problem": problem},
        line=mark.line + 1 if mark is not None else None,
    )


def _read_yaml(text: str) -> tuple[Any, _Lines]:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise RegulationFileError(
                    _("Anchors and aliases (& and *) are not allowed; write each value out."),
                    line=event.start_mark.line + 1 if event.start_mark else None,
                )
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise _yaml_problem(error) from None
    if node is None:
        raise RegulationFileError(_("The file is empty."))
    lines = _Lines()
    _walk(node, (), lines, set())
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _yaml_problem(error) from None
    except ValueError as error:  # a value that composes but cannot be built: 2025-13-45
        raise RegulationFileError(
            _("A value in this file cannot be read (%(problem)s).") % {"problem": error}
        ) from None
    return data, lines


def _walk(node: yaml.Node, path: Path, lines: _Lines, seen: set[int]) -> None:
    """Record each node's line; refuse aliases (shared nodes) and duplicate keys."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise RegulationFileError(
            _("Anchors and aliases (& and *) are not allowed; write each value out."),
            line=line,
            path=path,
        )
    seen.add(id(node))
    lines.values[path] = line
    if isinstance(node, yaml.MappingNode):
        found: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in found:
                raise RegulationFileError(
                    _("“%(key)s” appears twice.") % {"key": key}, line=key_line, path=path
                )
            found.add(key)
            lines.keys[(*path, key)] = key_line
            _walk(value_node, (*path, key), lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, (*path, index), lines, seen)


def _read_json(text: str) -> tuple[Any, _Lines]:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise RegulationFileError(_("NaN and Infinity are not numbers a regulation can use."))

    if not text.strip():
        raise RegulationFileError(_("The file is empty."))
    try:
        data = json.loads(
            text, object_pairs_hook=pairs, parse_float=Decimal, parse_constant=constant
        )
    except json.JSONDecodeError as error:
        raise RegulationFileError(
            _("This is not valid JSON (%(problem)s).") % {"problem": error.msg},
            line=error.lineno,
        ) from None
    # JSON is (nearly) YAML: its node marks give the lines of values for later messages.
    lines = _Lines()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _walk(node, (), lines, set())
    except yaml.YAMLError:
        lines = _Lines()
    if duplicates:
        raise RegulationFileError(_("“%(key)s” appears twice.") % {"key": duplicates[0]})
    return data, lines


# --- Checking a file ------------------------------------------------------------------


class _Checker:
    """Checks the data of a file and builds the normal form; the first problem raises."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines

    def fail(self, path: Path, reason: str, *, key: bool = False) -> RegulationFileError:
        return RegulationFileError(reason, line=self.lines.of(path, key=key), path=path)

    # Shapes

    def mapping(
        self, value: Any, path: Path, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, _("This must be a set of “name: value” pairs."))
        for key in value:
            if not isinstance(key, str):
                raise self.fail((*path, str(key)), _("The name of a rule must be text."), key=True)
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                if close:
                    reason = _("Unknown rule “%(key)s”. Did you mean “%(suggestion)s”?") % {
                        "key": key,
                        "suggestion": close[0],
                    }
                else:
                    reason = _("Unknown rule “%(key)s”. The rules here are: %(allowed)s.") % {
                        "key": key,
                        "allowed": ", ".join(allowed),
                    }
                raise self.fail((*path, key), reason, key=True)
        for key in required:
            if key not in value:
                raise self.fail(path, _("“%(key)s” is missing.") % {"key": key})
        return value

    def sequence(self, value: Any, path: Path) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, _("This must be a list."))
        return value

    def text(self, value: Any, path: Path) -> str:
        if not isinstance(value, str):
            raise self.fail(path, _("This must be text."))
        if not value.strip():
            raise self.fail(path, _("This text is empty."))
        return value.strip()

    def boolean(self, value: Any, path: Path) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, _("This must be true or false."))
        return value

    def whole(self, value: Any, path: Path, minimum: int, maximum: int) -> int:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (minimum <= value <= maximum)
        ):
            raise self.fail(
                path,
                _("This must be a whole number from %(minimum)s to %(maximum)s.")
                % {"minimum": minimum, "maximum": maximum},
            )
        return value

    def code(self, value: Any, path: Path) -> str:
        if not isinstance(value, str) or not _CODE.match(value):
            raise self.fail(
                path,
                _(
                    "“%(code)s” is not a valid code: use lower-case letters, digits, “-” "
                    "and “_”, such as “catering”."
                )
                % {"code": value},
            )
        return value

    def codes(self, value: Any, path: Path, pattern: re.Pattern[str] = _CODE) -> list[str]:
        result: list[str] = []
        for index, item in enumerate(self.sequence(value, path)):
            if not isinstance(item, str) or not pattern.match(item):
                raise self.fail(
                    (*path, index), _("“%(code)s” is not a valid code.") % {"code": item}
                )
            if item in result:
                raise self.fail(
                    (*path, index), _("The code “%(code)s” is used twice.") % {"code": item}
                )
            result.append(item)
        return result

    def names(self, value: Any, path: Path) -> dict[str, str]:
        known = [code for code, _label in settings.LANGUAGES]
        if isinstance(value, str):  # a plain text is the Dutch name
            value = {FALLBACK_LANGUAGE: value}
        if not isinstance(value, dict):
            raise self.fail(path, _("This must be a set of “name: value” pairs."))
        for language in value:
            if language not in known:
                raise self.fail(
                    (*path, str(language)),
                    _("Unknown language “%(code)s”. The languages are: %(known)s.")
                    % {"code": language, "known": ", ".join(known)},
                    key=True,
                )
        texts = self.mapping(value, path, tuple(known))
        if FALLBACK_LANGUAGE not in texts:
            raise self.fail(
                path,
                _("A Dutch text (nl) is required: it is shown when a language has none."),
            )
        return {
            language: self.text(texts[language], (*path, language))
            for language in known
            if language in texts
        }

    def amount(self, value: Any, path: Path) -> str:
        if isinstance(value, float):
            value = repr(value)  # the shortest text that gives this float back: what was typed
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise self.fail(path, _("Write the amount as text, such as '2500.00'."))
        try:
            euros = parse_euros(value)
        except Invalid as error:
            raise self.fail(path, str(error.message)) from None
        if euros <= 0:
            raise self.fail(path, _("The amount must be more than zero."))
        return str(euros)

    def share(self, value: Any, path: Path) -> str:
        if isinstance(value, float):
            value = repr(value)
        reason = _("The share must be a number between 0 and 1, such as 0.15 for 15 percent.")
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise self.fail(path, reason)
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.fail(path, reason) from None
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(1):
            raise self.fail(path, reason)
        if number != number.quantize(Decimal("0.0001")):
            raise self.fail(path, _("A share has at most 4 digits after the point."))
        return format(number.normalize(), "f")

    def month_day(self, value: Any, path: Path) -> str:
        match = _MONTH_DAY.match(value) if isinstance(value, str) else None
        if match and match.group(0) == "02-29":
            raise self.fail(path, _("29 February does not come every year; choose another day."))
        try:
            if not match:
                raise ValueError
            date(2001, int(match.group(1)), int(match.group(2)))
        except ValueError:
            raise self.fail(
                path,
                _(
                    "“%(value)s” is not a day of the year. Write the month and the day as "
                    "MM-DD in quotes, such as '01-15' for 15 January."
                )
                % {"value": value},
            ) from None
        return str(value)

    def named_list(self, value: Any, path: Path) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = []
        for index, item in enumerate(self.sequence(value, path)):
            where = (*path, index)
            entry = self.mapping(item, where, _NAMED, _NAMED)
            code = self.code(entry["code"], (*where, "code"))
            if any(other["code"] == code for other in result):
                raise self.fail(
                    (*where, "code"), _("The code “%(code)s” is used twice.") % {"code": code}
                )
            result.append({"code": code, "name": self.names(entry["name"], (*where, "name"))})
        return result

    # The document

    def document(self, data: Any) -> Rules:
        if data is None:
            raise RegulationFileError(_("The file is empty."))
        top = self.mapping(data, (), _TOP, ("schema", "categories"))
        if top["schema"] != SCHEMA:
            raise self.fail(
                ("schema",),
                _(
                    "This file is for “%(found)s”; this version of the platform reads “%(expected)s”."
                )
                % {"found": top["schema"], "expected": SCHEMA},
            )
        cost_categories = self.named_list(top.get("cost_categories"), ("cost_categories",))
        activity_types = self.named_list(top.get("activity_types"), ("activity_types",))
        return {
            "schema": SCHEMA,
            "applicants": self.applicants(top.get("applicants")),
            "categories": self.categories(top["categories"]),
            "lead_time_days": self.whole(top.get("lead_time_days", 0), ("lead_time_days",), 0, 730),
            "rounds": self.rounds(top.get("rounds")),
            "max_grants_per_year": (
                None
                if top.get("max_grants_per_year") is None
                else self.whole(top["max_grants_per_year"], ("max_grants_per_year",), 1, 365)
            ),
            "cost_categories": cost_categories,
            "cost_caps": self.caps(top.get("cost_caps"), cost_categories),
            "activity_types": activity_types,
            "excluded_activity_types": self.excluded(
                top.get("excluded_activity_types"), activity_types
            ),
            "attachments_required": self.named_list(
                top.get("attachments_required"), ("attachments_required",)
            ),
        }

    def applicants(self, value: Any) -> dict[str, Any]:
        path: Path = ("applicants",)
        given = self.mapping({} if value is None else value, path, _APPLICANTS)
        legal_forms = self.codes(given.get("legal_forms"), (*path, "legal_forms"), _SLUG)
        for index, form in enumerate(legal_forms):
            if form not in LegalForm.values:
                raise self.fail(
                    (*path, "legal_forms", index),
                    _("Unknown legal form “%(code)s”. The legal forms are: %(known)s.")
                    % {"code": form, "known": ", ".join(LegalForm.values)},
                )
        return {
            "verified": self.boolean(given.get("verified", True), (*path, "verified")),
            "legal_forms": legal_forms,
            "recognitions": self.codes(given.get("recognitions"), (*path, "recognitions")),
            "districts": self.codes(given.get("districts"), (*path, "districts")),
            "self_organisation": self.boolean(
                given.get("self_organisation", False), (*path, "self_organisation")
            ),
        }

    def categories(self, value: Any) -> list[dict[str, Any]]:
        path: Path = ("categories",)
        items = self.sequence(value, path)
        if not items:
            raise self.fail(path, _("Give at least one category."))
        result: list[dict[str, Any]] = []
        for index, item in enumerate(items):
            where = (*path, index)
            given = self.mapping(item, where, _CATEGORY, ("code", "name"))
            code = self.code(given["code"], (*where, "code"))
            if any(other["code"] == code for other in result):
                raise self.fail(
                    (*where, "code"), _("The code “%(code)s” is used twice.") % {"code": code}
                )
            entry: dict[str, Any] = {
                "code": code,
                "name": self.names(given["name"], (*where, "name")),
            }
            if "fixed_amount" in given and "max_amount" in given:
                raise self.fail(
                    where,
                    _(
                        "A category has either a fixed amount (fixed_amount) or a maximum "
                        "(max_amount), not both."
                    ),
                )
            if "fixed_amount" in given:
                entry["fixed_amount"] = self.amount(given["fixed_amount"], (*where, "fixed_amount"))
            elif "max_amount" in given:
                entry["max_amount"] = self.amount(given["max_amount"], (*where, "max_amount"))
            else:
                raise self.fail(
                    where,
                    _("A category needs a fixed amount (fixed_amount) or a maximum (max_amount)."),
                )
            entry["anytime"] = self.boolean(given.get("anytime", False), (*where, "anytime"))
            result.append(entry)
        return result

    def rounds(self, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        path: Path = ("rounds",)
        given = self.mapping(value, path, _ROUNDS, ("deadlines",))
        days = [
            self.month_day(item, (*path, "deadlines", index))
            for index, item in enumerate(self.sequence(given["deadlines"], (*path, "deadlines")))
        ]
        if not days:
            raise self.fail(
                (*path, "deadlines"),
                _(
                    "Give at least one deadline, or leave out rounds when requests can come in at any time."
                ),
            )
        for index, day in enumerate(days):
            if days.index(day) != index:
                raise self.fail(
                    (*path, "deadlines", index),
                    _("The deadline “%(day)s” is given twice.") % {"day": day},
                )
        return {
            "deadlines": sorted(days),
            "decision_days": self.whole(
                given.get("decision_days", 60), (*path, "decision_days"), 1, 365
            ),
        }

    def caps(self, value: Any, cost_categories: list[dict[str, Any]]) -> list[dict[str, str]]:
        path: Path = ("cost_caps",)
        known = [entry["code"] for entry in cost_categories]
        result: list[dict[str, str]] = []
        for index, item in enumerate(self.sequence(value, path)):
            where = (*path, index)
            given = self.mapping(item, where, _CAP, _CAP)
            code = self.code(given["category"], (*where, "category"))
            if code not in known:
                raise self.fail(
                    (*where, "category"),
                    _("There is no cost category “%(code)s” in cost_categories.") % {"code": code},
                )
            if any(cap["category"] == code for cap in result):
                raise self.fail(
                    (*where, "category"),
                    _("There is already a cap for “%(code)s”.") % {"code": code},
                )
            result.append(
                {
                    "category": code,
                    "max_share": self.share(given["max_share"], (*where, "max_share")),
                }
            )
        return result

    def excluded(self, value: Any, activity_types: list[dict[str, Any]]) -> list[str]:
        path: Path = ("excluded_activity_types",)
        known = [entry["code"] for entry in activity_types]
        codes = self.codes(value, path)
        for index, code in enumerate(codes):
            if code not in known:
                raise self.fail(
                    (*path, index),
                    _("There is no activity type “%(code)s” in activity_types.") % {"code": code},
                )
        return codes


# --- Using the rules ---------------------------------------------------------------------


def requirement(rules: Rules) -> Requirement:
    """Who may apply, for ``eligibility_check`` / ``eligible_organisations``."""
    applicants = rules["applicants"]
    return Requirement(
        verified=applicants["verified"],
        legal_forms=tuple(applicants["legal_forms"]),
        recognitions=tuple(applicants["recognitions"]),
        districts=tuple(applicants["districts"]),
        self_organisation=True if applicants["self_organisation"] else None,
    )


def category(rules: Rules, code: str | None) -> dict[str, Any] | None:
    """The category with ``code``, or None."""
    return next((entry for entry in rules["categories"] if entry["code"] == code), None)


def _local_day(moment: datetime) -> date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("submitted_at must be an aware datetime")
    return moment.astimezone(BRUSSELS).date()


def round_deadline(
    rules: Rules, submitted_at: datetime, *, category_code: str | None = None
) -> date | None:
    """The round a request sent at ``submitted_at`` falls in: its deadline day.

    The next deadline on or after the day of ``submitted_at`` in Brussels (a deadline
    runs to the end of its day). None when the regulation has no rounds, or when
    ``category_code`` names a category that may come in at any time.
    """
    rounds = rules.get("rounds")
    if not rounds:
        return None
    entry = category(rules, category_code) if category_code is not None else None
    if entry is not None and entry["anytime"]:
        return None
    day = _local_day(submitted_at)
    for year in (day.year, day.year + 1):
        for month_day in rounds["deadlines"]:
            month, day_of_month = (int(part) for part in month_day.split("-"))
            deadline = date(year, month, day_of_month)
            if deadline >= day:
                return deadline
    raise AssertionError("unreachable: every year has each deadline")  # pragma: no cover


def round_decision_day(rules: Rules, deadline: date) -> date:
    """The day by which requests of the round closing on ``deadline`` are decided."""
    return deadline + timedelta(days=rules["rounds"]["decision_days"])


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What is known about one request, for ``rules_check``. ``organisation`` is None
    for the public self-check; ``grants_this_year`` is counted by the caller."""

    organisation: Organisation | None
    category: str
    submitted_at: datetime
    activity_type: str | None = None
    activity_starts_on: date | None = None
    amount: Decimal | None = None
    budget: Mapping[str, Decimal] = field(default_factory=dict)
    attachments: frozenset[str] | set[str] = frozenset()
    grants_this_year: int = 0


def _language() -> str:
    return (translation.get_language() or FALLBACK_LANGUAGE).split("-")[0]


def _name(entry: Mapping[str, Any], language: str | None = None) -> str:
    names = entry.get("name") or {}
    language = language or _language()
    return str(names.get(language) or names.get(FALLBACK_LANGUAGE) or entry.get("code", ""))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _euros(amount: Decimal | str) -> str:
    return format_euros(Decimal(amount), _language())


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _duration(days: int) -> str:
    """ "6 weeks" when ``days`` is a whole number of weeks, else "20 days"."""
    if days and days % 7 == 0:
        weeks = days // 7
        return ngettext("%(count)s week", "%(count)s weeks", weeks) % {"count": weeks}
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def _percent(share: Decimal) -> str:
    """ "22%", or "15.4%" (rounded up, so a share over the cap never reads as the cap)."""
    value = share * 100
    if value == value.to_integral_value():
        return number_format(value, 0) + "%"
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_UP)
    return number_format(rounded, 1) + "%"


def _cap_percent(share: str) -> str:
    value = (Decimal(share) * 100).normalize()
    places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
    return number_format(value, places) + "%"


def rules_check(rules: Rules, facts: Facts) -> list[str]:
    """Every rule that ``facts`` does not meet, as plain sentences in the active language.

    An empty list means the request may be sent. Only the applicant's eligibility asks
    the database (``eligibility_check``, on the day the activity starts).
    """
    problems: list[str] = []
    submitted_on = _local_day(facts.submitted_at)
    if facts.organisation is not None:
        result = eligibility_check(
            facts.organisation, requirement(rules), on=facts.activity_starts_on or submitted_on
        )
        problems.extend(result.reasons)

    entry = category(rules, facts.category)
    if not facts.category:
        problems.append(_("Choose a category."))
    elif entry is None:
        problems.append(_("This regulation has no category “%(code)s”.") % {"code": facts.category})
    else:
        problems.extend(_amount_problems(entry, facts.amount))

    problems.extend(_activity_type_problems(rules, facts.activity_type))
    problems.extend(_timing_problems(rules, facts, entry, submitted_on))
    problems.extend(_budget_problems(rules, facts.budget))

    limit = rules.get("max_grants_per_year")
    if limit is not None and facts.grants_this_year >= limit:
        problems.append(
            _(
                "Your organisation already received %(received)s this calendar year; "
                "this regulation allows at most %(allowed)s per calendar year."
            )
            % {"received": _grants(facts.grants_this_year), "allowed": _grants(limit)}
        )

    missing = [
        _name(attachment)
        for attachment in rules["attachments_required"]
        if attachment["code"] not in facts.attachments
    ]
    if missing:
        problems.append(
            ngettext(
                "Add this document: %(names)s.", "Add these documents: %(names)s.", len(missing)
            )
            % {"names": ", ".join(missing)}
        )
    return problems


def _grants(count: int) -> str:
    return ngettext("%(count)s grant", "%(count)s grants", count) % {"count": count}


def _amount_problems(entry: Mapping[str, Any], amount: Decimal | None) -> list[str]:
    if "fixed_amount" in entry:
        fixed = Decimal(entry["fixed_amount"])
        if amount is not None and amount != fixed:
            return [
                _("This category gives a fixed amount of %(fixed)s; you ask for %(amount)s.")
                % {"fixed": _euros(fixed), "amount": _euros(amount)}
            ]
        return []
    if amount is None:
        return [_("Fill in the amount you ask for.")]
    if amount <= 0:
        return [_("The amount you ask for must be more than zero.")]
    maximum = Decimal(entry["max_amount"])
    if amount > maximum:
        return [
            _("You ask for %(amount)s; this category allows at most %(maximum)s.")
            % {"amount": _euros(amount), "maximum": _euros(maximum)}
        ]
    return []


def _activity_type_problems(rules: Rules, code: str | None) -> list[str]:
    types = {entry["code"]: entry for entry in rules["activity_types"]}
    if not types:
        return []
    if not code:
        return [_("Choose the kind of activity.")]
    if code not in types:
        return [
            _("This regulation does not know the kind of activity “%(code)s”.") % {"code": code}
        ]
    if code in rules["excluded_activity_types"]:
        return [
            _("This regulation does not fund this kind of activity: %(type)s.")
            % {"type": _name(types[code])}
        ]
    return []


def _timing_problems(
    rules: Rules, facts: Facts, entry: Mapping[str, Any] | None, submitted_on: date
) -> list[str]:
    lead = rules["lead_time_days"]
    in_rounds = bool(rules.get("rounds")) and not (entry is not None and entry["anytime"])
    starts = facts.activity_starts_on
    if starts is None:
        return [_("Fill in the day the activity starts.")] if lead or in_rounds else []
    problems: list[str] = []
    before = (starts - submitted_on).days
    if lead and before < lead:
        if before <= 0:
            problems.append(
                _(
                    "Your activity starts on %(day)s, not after your request; this regulation "
                    "asks for requests at least %(required)s before the activity."
                )
                % {"day": _day(starts), "required": _duration(lead)}
            )
        else:
            problems.append(
                _(
                    "Your request comes in %(actual)s before the activity; this regulation "
                    "asks for at least %(required)s."
                )
                % {"actual": _duration(before), "required": _duration(lead)}
            )
    if in_rounds:
        deadline = round_deadline(rules, facts.submitted_at)
        assert deadline is not None
        decided = round_decision_day(rules, deadline)
        if starts < decided:
            problems.append(
                _(
                    "Your activity starts on %(day)s, before the decision on this round: "
                    "requests sent by %(deadline)s are decided by %(decision)s. Plan the "
                    "activity on %(decision)s or later."
                )
                % {"day": _day(starts), "deadline": _day(deadline), "decision": _day(decided)}
            )
    return problems


def _budget_problems(rules: Rules, budget: Mapping[str, Decimal]) -> list[str]:
    problems: list[str] = []
    names = {entry["code"]: _name(entry) for entry in rules["cost_categories"]}
    if names:
        for code in budget:
            if code not in names:
                problems.append(
                    _("Your budget has a cost line “%(code)s” that this regulation does not know.")
                    % {"code": code}
                )
    for code, cost in budget.items():
        if cost < 0:
            problems.append(
                _("The cost for %(name)s cannot be negative.") % {"name": names.get(code, code)}
            )
    total = sum((cost for cost in budget.values() if cost > 0), Decimal(0))
    if total <= 0:
        return problems
    for cap in rules["cost_caps"]:
        cost = budget.get(cap["category"], Decimal(0))
        share = cost / total
        if share > Decimal(cap["max_share"]):
            problems.append(
                _("%(name)s is %(share)s of your budget; at most %(cap)s is allowed.")
                % {
                    "name": _capital(names.get(cap["category"], cap["category"])),
                    "share": _percent(share),
                    "cap": _cap_percent(cap["max_share"]),
                }
            )
    return problems


# --- Telling the rules ---------------------------------------------------------------------


def describe(rules: Rules, language: str) -> list[str]:
    """The regulation in plain sentences in ``language``, for the public page."""
    with translation.override(language):
        return [str(sentence) for sentence in _describe(rules)]


def _describe(rules: Rules) -> list[str]:
    sentences: list[str] = list(requirement(rules).describe())
    for entry in rules["categories"]:
        values = {"name": _name(entry)}
        if "fixed_amount" in entry:
            values["amount"] = _euros(entry["fixed_amount"])
            if entry["anytime"] and rules.get("rounds"):
                sentence = _(
                    "%(name)s: a fixed amount of %(amount)s; you can ask for it at any time."
                )
            else:
                sentence = _("%(name)s: a fixed amount of %(amount)s.")
        else:
            values["amount"] = _euros(entry["max_amount"])
            if entry["anytime"] and rules.get("rounds"):
                sentence = _("%(name)s: at most %(amount)s; you can ask for it at any time.")
            else:
                sentence = _("%(name)s: at most %(amount)s.")
        sentences.append(sentence % values)
    if rules["lead_time_days"]:
        sentences.append(
            _("Send your request at least %(duration)s before the activity starts.")
            % {"duration": _duration(rules["lead_time_days"])}
        )
    rounds = rules.get("rounds")
    if rounds:
        days = [
            dateformat.format(date(2001, *(int(part) for part in month_day.split("-"))), "j F")
            for month_day in rounds["deadlines"]
        ]
        sentences.append(
            _(
                "Requests are decided in rounds. Send your request by the end of one of these "
                "days (Brussels time): %(days)s. The decision comes within %(decision)s after "
                "that day."
            )
            % {"days": ", ".join(days), "decision": _duration(rounds["decision_days"])}
        )
    else:
        sentences.append(_("You can send a request at any time."))
    limit = rules.get("max_grants_per_year")
    if limit is not None:
        sentences.append(
            ngettext(
                "An organisation can receive at most %(count)s grant per calendar year.",
                "An organisation can receive at most %(count)s grants per calendar year.",
                limit,
            )
            % {"count": limit}
        )
    names = {entry["code"]: _name(entry) for entry in rules["cost_categories"]}
    for cap in rules["cost_caps"]:
        sentences.append(
            _("%(name)s: at most %(cap)s of the total budget of the activity.")
            % {"name": _capital(names[cap["category"]]), "cap": _cap_percent(cap["max_share"])}
        )
    types = {entry["code"]: _name(entry) for entry in rules["activity_types"]}
    if rules["excluded_activity_types"]:
        sentences.append(
            _("Not funded: %(types)s.")
            % {"types": ", ".join(types[code] for code in rules["excluded_activity_types"])}
        )
    if rules["attachments_required"]:
        sentences.append(
            _("Documents to add: %(names)s.")
            % {"names": ", ".join(_name(entry) for entry in rules["attachments_required"])}
        )
    return sentences
