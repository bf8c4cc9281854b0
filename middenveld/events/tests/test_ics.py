"""The iCalendar files (RFC 5545): structure, Brussels time zone, escaping, folding."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from middenveld.accounts.tests.factories import UserFactory
from middenveld.events import services
from middenveld.events.ics import CalendarEntry, calendar_file, escape_text, fold
from middenveld.events.tests.factories import EventFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _entry(**extra) -> CalendarEntry:
    values = {
        "uid": "registration-1@middenveld.test",
        "starts_at": datetime(2021, 6, 26, 10, 0, tzinfo=BRUSSELS),
        "ends_at": datetime(2021, 6, 26, 11, 30, tzinfo=BRUSSELS),
        "summary": "Webinar: beleidslijnen",
    }
    values.update(extra)
    return CalendarEntry(**values)


def test_a_calendar_has_the_brussels_timezone_and_local_times():
    lines = _unfold(calendar_file([_entry()], now=datetime(2021, 6, 1, 8, 0, tzinfo=UTC)))

    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert "TZID:Europe/Brussels" in lines
    assert lines.count("BEGIN:DAYLIGHT") == 1 and lines.count("BEGIN:STANDARD") == 1
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert "DTSTART;TZID=Europe/Brussels:20210626T100000" in lines  # summer time, local
    assert "DTEND;TZID=Europe/Brussels:20210626T113000" in lines
    assert "DTSTAMP:20210601T080000Z" in lines
    assert lines.index("END:VTIMEZONE") < lines.index("BEGIN:VEVENT")


def test_winter_times_are_local_too():
    entry = _entry(
        starts_at=datetime(2026, 1, 15, 18, 0, tzinfo=UTC),
        ends_at=datetime(2026, 1, 15, 20, 0, tzinfo=UTC),
    )
    assert "DTSTART;TZID=Europe/Brussels:20260115T190000" in _unfold(calendar_file([entry]))


def test_text_is_escaped_and_long_lines_are_folded_without_breaking_characters():
    summary = "Inspraak; prioriteiten, basiswerk\\ en meer\nTweede regel " + "é" * 80
    data = calendar_file([_entry(summary=summary)])

    for raw in data.split(b"\r\n"):
        assert len(raw) <= 75
        raw.decode("utf-8")  # every physical line is valid UTF-8 on its own
    lines = _unfold(data)
    line = next(line for line in lines if line.startswith("SUMMARY:"))
    assert line == "SUMMARY:" + escape_text(summary)
    assert "\\;" in line and "\\," in line and "\\\\" in line and "\\n" in line


def test_fold_leaves_short_lines_alone():
    assert fold("SUMMARY:kort") == "SUMMARY:kort"


def test_naive_times_and_unknown_statuses_are_refused():
    with pytest.raises(ValueError):
        calendar_file([_entry(starts_at=datetime(2021, 6, 26, 10, 0))])
    with pytest.raises(ValueError):
        calendar_file([_entry(status="MAYBE")])


@pytest.mark.django_db
def test_a_registration_ics_has_the_link_only_with_a_place():
    event = EventFactory(capacity=1)
    registered = services.registration_create(event=event, person=UserFactory())
    waiting = services.registration_create(event=event, person=UserFactory())

    with_place = services.registration_ics(registered)
    on_list = services.registration_ics(waiting)

    assert b"geheim-123" in with_place.replace(b"\r\n ", b"") and b"STATUS:CONFIRMED" in with_place
    assert b"geheim-123" not in on_list.replace(b"\r\n ", b"") and b"STATUS:TENTATIVE" in on_list
    assert b"LOCATION:Stadhuis\\, Botermarkt 1\\, 9000 Gent" in with_place.replace(b"\r\n ", b"")
