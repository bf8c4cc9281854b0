"""iCalendar files (RFC 5545) with a ``Europe/Brussels`` VTIMEZONE.

Small on purpose and free of Django models, so other modules (a booking of a space,
a coaching session) can reuse it::

    from middenveld.events.ics import CalendarEntry, calendar_file

    data = calendar_file([CalendarEntry(uid=..., starts_at=..., ends_at=..., summary=...)])
    send_templated_mail(..., attachments=[("afspraak.ics", data, CALENDAR_MIME)])

Times are written in local Brussels time with ``TZID=Europe/Brussels`` (what people
see in their agenda, also across the change to and from summer time); DTSTAMP is in
UTC. Text is escaped (backslash, semicolon, comma, new lines) and lines are folded
at 75 octets without splitting a UTF-8 character, with CRLF line ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

TZID = "Europe/Brussels"
BRUSSELS = ZoneInfo(TZID)
CALENDAR_MIME = "text/calendar; charset=utf-8; method=PUBLISH"
PRODID = "-//Middenveld Gent//Middenveld//NL"

# The rules in force in Belgium since 1996 (EU summer time): last Sunday of March
# 02:00 → 03:00, last Sunday of October 03:00 → 02:00.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "X-LIC-LOCATION:Europe/Brussels",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. ``starts_at``/``ends_at`` must be aware datetimes."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED
    sequence: int = 0
    stamp: datetime | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and new lines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\n", "\\n")
    # Other control characters are not allowed in a content line.
    return "".join(ch for ch in value if ch == "\t" or ord(ch) >= 0x20 and ord(ch) != 0x7F)


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current = ""
            size = 0
            limit = 74  # continuation lines start with a space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("Calendar times must be aware datetimes.")
    return value.astimezone(BRUSSELS).strftime("%Y%m%dT%H%M%S")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(entry: CalendarEntry, now: datetime) -> list[str]:
    if entry.status not in ("CONFIRMED", "TENTATIVE", "CANCELLED"):
        raise ValueError(f"Unknown VEVENT status {entry.status!r}.")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(entry.uid)}",
        f"DTSTAMP:{_utc(entry.stamp or now)}",
        f"DTSTART;TZID={TZID}:{_local(entry.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(entry.ends_at)}",
        f"SUMMARY:{escape_text(entry.summary)}",
        f"STATUS:{entry.status}",
        f"SEQUENCE:{max(0, int(entry.sequence))}",
    ]
    if entry.description:
        lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
    if entry.location:
        lines.append(f"LOCATION:{escape_text(entry.location)}")
    if entry.url:
        # A URI value is not escaped; it may not hold line breaks.
        lines.append(f"URL:{''.join(entry.url.split())}")
    if entry.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in entry.categories))
    lines.append("END:VEVENT")
    return lines


def calendar_file(
    entries: Iterable[CalendarEntry], *, name: str = "", now: datetime | None = None
) -> bytes:
    """A whole VCALENDAR with the VTIMEZONE and one VEVENT per entry, as UTF-8 bytes."""
    now = now or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    lines.extend(VTIMEZONE)
    for entry in entries:
        lines.extend(_event_lines(entry, now))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
