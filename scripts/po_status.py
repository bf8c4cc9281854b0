#!/usr/bin/env python
"""Translation status of the .po files: per language, total / translated / fuzzy / untranslated.

Usage:
    python scripts/po_status.py                 # every language under middenveld/locale
    python scripts/po_status.py ar nl           # only these languages
    python scripts/po_status.py --list ar       # also print each open entry

Exits with status 1 when any entry is untranslated or fuzzy, when a header is
fuzzy or has no Plural-Forms, when a plural entry has the wrong number of forms,
or when a translation does not keep the %(name)s placeholders of its source.

Django ships no .po parser and we add no dependency for this, so the small
parser below reads the subset of the gettext PO format that ``makemessages``
writes: comments, flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n],
continued strings, and obsolete (#~) entries, which are skipped.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "middenveld" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None


def unquote(text: str) -> str:
    """Decode one quoted PO string literal, e.g. ``"a \\"b\\"\\n"``."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text!r}")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Read a .po file into entries (the header included, obsolete entries left out)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # which field continued strings belong to
    seen_keyword = False

    def finish() -> None:
        nonlocal entry, target, seen_keyword
        if seen_keyword:
            entries.append(entry)
        entry, target, seen_keyword = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue  # obsolete entry
        if line.startswith("#"):
            if seen_keyword:  # a comment after the strings starts a new entry
                finish()
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            else:
                entry.comments.append(raw)
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: string without a keyword")
            _append(entry, target, unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and seen_keyword and target and target[0] == "msgstr":
            finish()
        if not seen_keyword:
            entry.line = number
        seen_keyword = True
        if keyword == "msgctxt":
            target = ("msgctxt", 0)
            entry.msgctxt = ""
        elif keyword == "msgid":
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            target = ("msgid_plural", 0)
            entry.msgid_plural = ""
        elif keyword == "msgstr":
            target = ("msgstr", 0)
            entry.msgstr[0] = ""
        elif (match := re.fullmatch(r"msgstr\[(\d+)\]", keyword)) is not None:
            target = ("msgstr", int(match.group(1)))
            entry.msgstr[target[1]] = ""
        else:
            raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")
        _append(entry, target, unquote(rest))
    finish()
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    elif name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    else:
        entry.msgid += text


def header_fields(header: Entry) -> dict[str, str]:
    fields = {}
    for line in header.msgstr.get(0, "").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def nplurals(header: Entry) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", header_fields(header).get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


@dataclass
class Status:
    language: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    problems: list[str] = field(default_factory=list)
    open_entries: list[Entry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.fuzzy or self.untranslated or self.problems)


def check(language: str, path: Path) -> Status:
    status = Status(language)
    entries = parse_po(path)
    header = next((e for e in entries if e.is_header), None)
    forms = None
    if header is None:
        status.problems.append("no header")
    else:
        if header.fuzzy:
            status.problems.append("the header is marked fuzzy")
        forms = nplurals(header)
        if forms is None:
            status.problems.append("the header has no Plural-Forms")
        language_field = header_fields(header).get("Language", "")
        if language_field != language:
            status.problems.append(f"the header says Language: {language_field!r}")
    for entry in entries:
        if entry.is_header:
            continue
        status.total += 1
        if entry.fuzzy:
            status.fuzzy += 1
            status.open_entries.append(entry)
            continue
        strings = [entry.msgstr.get(i, "") for i in sorted(entry.msgstr)]
        if not strings or not all(strings):
            status.untranslated += 1
            status.open_entries.append(entry)
            continue
        status.translated += 1
        where = f"line {entry.line} ({entry.msgid[:40]!r})"
        if entry.msgid_plural is not None and forms is not None and len(strings) != forms:
            status.problems.append(f"{where}: {len(strings)} plural forms, expected {forms}")
        if "python-format" in entry.flags or PLACEHOLDER.search(entry.msgid):
            wanted = set(PLACEHOLDER.findall(entry.msgid)) | set(
                PLACEHOLDER.findall(entry.msgid_plural or "")
            )
            for index, text in enumerate(strings):
                found = set(PLACEHOLDER.findall(text))
                # A plural form may leave out a placeholder ("Every week" needs no
                # counter), but no form may use one the source does not give.
                if found != wanted and (entry.msgid_plural is None or not found <= wanted):
                    status.problems.append(f"{where}: placeholders differ in msgstr[{index}]")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", help="language codes (default: all found)")
    parser.add_argument("--list", action="store_true", help="print every open entry")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)

    found = {p.parent.parent.name: p for p in args.locale_dir.glob("*/LC_MESSAGES/django.po")}
    languages = args.languages or sorted(found)
    if not languages:
        print(f"No .po files under {args.locale_dir}", file=sys.stderr)
        return 1

    failed = False
    print(f"{'language':<9}{'total':>7}{'translated':>12}{'fuzzy':>7}{'untranslated':>14}")
    for language in languages:
        if language not in found:
            print(f"{language:<9}  no .po file")
            failed = True
            continue
        status = check(language, found[language])
        print(
            f"{language:<9}{status.total:>7}{status.translated:>12}"
            f"{status.fuzzy:>7}{status.untranslated:>14}"
        )
        for problem in status.problems:
            print(f"    {problem}")
        if args.list:
            for entry in status.open_entries:
                label = "fuzzy" if entry.fuzzy else "missing"
                print(f"    {label} line {entry.line}: {entry.msgid!r}")
        failed = failed or not status.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
