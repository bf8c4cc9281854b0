"""Forms of the public and member pages of spaces. They check what a person types
(a number, a date, a time) and put each answer next to its field; the booking rules
themselves are checked by ``services`` and shown on the same fields."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.core.models import District
from middenveld.organisations.models import Membership, Organisation, Status
from middenveld.spaces import times
from middenveld.spaces.models import Facility, Repeat, Weekday
from middenveld.spaces.services import HORIZON_DAYS, SCOPES, SERIES_MAX_OCCURRENCES

WHOLE_NUMBER = _("Fill in a whole number, for example 30.")
VALID_DATE = _("Fill in a valid date (day/month/year).")
VALID_TIME = _("Fill in a valid time, for example 19:30.")

#: The most exception dates one request may list (a series holds at most
#: SERIES_MAX_OCCURRENCES dates, so more exceptions make no sense).
EXCEPTIONS_MAX = SERIES_MAX_OCCURRENCES
_EXCEPTION_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


# --- The catalogue filter ---------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    """The GET form of /ruimtes/. Its field names are the Dutch query parameters."""

    wijk = forms.ChoiceField(
        label=_("District"),
        required=False,
        error_messages={
            "invalid_choice": _("This district does not exist. Choose one from the list.")
        },
    )
    personen = forms.IntegerField(
        label=_("Number of people"),
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": WHOLE_NUMBER,
            "min_value": _("Fill in a number of at least 1."),
            "max_value": _("Fill in a number of at most 100000."),
        },
    )
    voorziening = forms.MultipleChoiceField(
        label=_("Facilities"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("This facility does not exist. Choose from the list.")},
    )
    datum = forms.DateField(
        label=_("Free on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": VALID_DATE},
    )
    van = forms.TimeField(
        label=_("From"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": VALID_TIME},
    )
    tot = forms.TimeField(
        label=_("Until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": VALID_TIME},
    )

    def __init__(
        self,
        *args: Any,
        districts: list[District] | None = None,
        facilities: list[Facility] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.districts = (
            districts
            if districts is not None
            else list(District.objects.filter(buildings__published=True).distinct())
        )
        self.facilities = facilities if facilities is not None else list(Facility.objects.all())
        self.fields["wijk"].choices = [("", _("All districts"))] + [  # type: ignore[attr-defined]
            (district.slug, district.name) for district in self.districts
        ]
        self.fields["voorziening"].choices = [  # type: ignore[attr-defined]
            (facility.code, facility.name) for facility in self.facilities
        ]

    def clean_datum(self) -> date | None:
        day = self.cleaned_data.get("datum")
        if day is None:
            return None
        today = timezone.localdate()
        last = today + timedelta(days=HORIZON_DAYS)
        if day < today:
            raise forms.ValidationError(_("This day is in the past. Choose today or a later day."))
        if day > last:
            raise forms.ValidationError(
                _("Choose a day from today until %(day)s.") % {"day": _day(last)}
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("datum"), data.get("van"), data.get("tot")
        errors = {"datum", "van", "tot"} & set(self.errors)
        if errors:
            return data
        if day is None and (start or end):
            self.add_error("datum", _("Choose a day as well, or leave the times empty."))
            return data
        if day is None:
            return data
        if start is None:
            self.add_error("van", _("Fill in from what time the space must be free."))
        if end is None:
            self.add_error("tot", _("Fill in until what time the space must be free."))
        if start is None or end is None:
            return data
        if end <= start:
            self.add_error("tot", _("The end must come after the start, on the same day."))
            return data
        try:
            times.span(day, start, end, fold=0)
        except times.NonExistentTime as error:
            for name, messages in (error.details.get("fields") or {}).items():
                target = "van" if name == "start_time" else "tot"
                for message in messages:
                    self.add_error(target, str(message))
            self.add_error(None, str(error.message))
        return data

    @property
    def free_filter(self) -> tuple[date, time, time] | None:
        """The day and times to look for free spaces, when they are all valid."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data.get("datum") and data.get("van") and data.get("tot"):
            return data["datum"], data["van"], data["tot"]
        return None

    def valid_value(self, name: str) -> Any:
        """A field's cleaned value, or nothing when it was wrong (the rest still applies)."""
        self.is_valid()
        if name in self.errors:
            return None
        return self.cleaned_data.get(name)


# --- Booking ----------------------------------------------------------------------------


def parse_dates(text: str) -> list[date]:
    """Dates separated by commas, semicolons or new lines, as 24/12/2026 or 2026-12-24."""
    found: list[date] = []
    wrong: list[str] = []
    for piece in re.split(r"[,;\n\r]+", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        for pattern in _EXCEPTION_FORMATS:
            try:
                found.append(datetime.strptime(piece, pattern).date())  # noqa: DTZ007
                break
            except ValueError:
                continue
        else:
            wrong.append(piece[:20])
    if wrong:
        raise forms.ValidationError(
            _(
                "These are not dates: %(values)s. Write dates as day/month/year, for example 24/12/2026."
            )
            % {"values": ", ".join(f"“{value}”" for value in wrong[:5])}
        )
    if len(found) > EXCEPTIONS_MAX:
        raise forms.ValidationError(_("List at most %(max)d dates.") % {"max": EXCEPTIONS_MAX})
    return sorted(set(found))


class BookingForm(forms.Form):
    """What a person asks. The field names are those of ``services.booking_plan``,
    so the service's answers land on the right field."""

    organisation = forms.ChoiceField(label=_("For which organisation?"), choices=())
    purpose = forms.CharField(
        label=_("What is it for?"),
        max_length=200,
        help_text=_("For example: monthly meeting of the neighbourhood committee."),
    )
    attendees = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=100_000,
        error_messages={"invalid": WHOLE_NUMBER},
    )
    first_day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": VALID_DATE},
        help_text=_("For a series: the first day."),
    )
    start_time = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": VALID_TIME},
    )
    end_time = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": VALID_TIME},
    )
    fold = forms.ChoiceField(
        label=_("This hour happens twice that night. Which one do you mean?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("0", _("The first time (still summer time)")),
            ("1", _("The second time (already winter time)")),
        ],
    )
    repeat = forms.ChoiceField(
        label=_("How often?"),
        widget=forms.RadioSelect,
        choices=[
            (Repeat.ONCE, _("Once")),
            (Repeat.WEEKLY, _("Every week or every few weeks")),
        ],
        initial=Repeat.ONCE,
    )
    interval_weeks = forms.IntegerField(
        label=_("Every how many weeks?"),
        required=False,
        min_value=1,
        max_value=52,
        initial=1,
        error_messages={"invalid": WHOLE_NUMBER},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On which days of the week?"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        choices=Weekday.choices,
        help_text=_("Without a choice: the weekday of the first day."),
    )
    until = forms.DateField(
        label=_("Until (last day of the series)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": VALID_DATE},
    )
    exceptions = forms.CharField(
        label=_("Except on these days"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date a line or separated by commas, for example 24/12/2026."),
    )
    skip_refused = forms.BooleanField(required=False, widget=forms.HiddenInput)
    expected_count = forms.IntegerField(
        required=False, min_value=0, max_value=10_000, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        memberships = (
            Membership.objects.filter(user_id=user.pk)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.own: dict[str, Organisation] = {
            str(m.organisation_id): m.organisation for m in memberships
        }
        self.others: dict[str, Organisation] = {}
        if getattr(user, "is_city_staff", False):
            self.others = {
                str(o.pk): o
                for o in Organisation.objects.filter(status=Status.VERIFIED)
                .exclude(pk__in=[int(pk) for pk in self.own])
                .order_by("name")
                .only("pk", "name", "slug")
            }
        choices: list[Any] = [(pk, o.name) for pk, o in self.own.items()]
        if self.others:
            choices.append(
                (
                    _("Another organisation (as city staff)"),
                    [(pk, o.name) for pk, o in self.others.items()],
                )
            )
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Choose one of your organisations."
        )
        if len(self.own) == 1 and not self.others:
            self.fields["organisation"].initial = next(iter(self.own))

    @property
    def has_organisations(self) -> bool:
        return bool(self.own or self.others)

    def clean_organisation(self) -> Organisation:
        value = self.cleaned_data.get("organisation") or ""
        organisation = self.own.get(value) or self.others.get(value)
        if organisation is None:
            raise forms.ValidationError(_("Choose one of your organisations."))
        return organisation

    def clean_exceptions(self) -> list[date]:
        return parse_dates(self.cleaned_data.get("exceptions") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("repeat") == Repeat.WEEKLY
            and not data.get("until")
            and "until" not in self.errors
        ):
            self.add_error("until", _("Say until when the series runs."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """What ``services.booking_plan`` / ``booking_request`` take, from the cleaned data."""
        data = self.cleaned_data
        weekly = data["repeat"] == Repeat.WEEKLY
        return {
            "purpose": data["purpose"],
            "attendees": data["attendees"],
            "first_day": data["first_day"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "fold": int(data["fold"]) if data.get("fold") in ("0", "1") else None,
            "repeat": data["repeat"],
            "interval_weeks": (data.get("interval_weeks") or 1) if weekly else 1,
            "weekdays": list(data.get("weekdays") or []) if weekly else [],
            "until": data.get("until") if weekly else None,
            "exceptions": list(data.get("exceptions") or []) if weekly else [],
        }

    def hidden_values(self) -> list[tuple[str, str]]:
        """The cleaned request as (name, value) pairs, for the form of step 2."""
        data = self.cleaned_data
        pairs = [
            ("organisation", str(data["organisation"].pk)),
            ("purpose", data["purpose"]),
            ("attendees", str(data["attendees"])),
            ("first_day", data["first_day"].isoformat()),
            ("start_time", data["start_time"].strftime("%H:%M")),
            ("end_time", data["end_time"].strftime("%H:%M")),
            ("repeat", data["repeat"]),
        ]
        if data.get("fold") in ("0", "1"):
            pairs.append(("fold", data["fold"]))
        if data["repeat"] == Repeat.WEEKLY:
            pairs.append(("interval_weeks", str(data.get("interval_weeks") or 1)))
            pairs += [("weekdays", str(day)) for day in data.get("weekdays") or []]
            if data.get("until"):
                pairs.append(("until", data["until"].isoformat()))
            exceptions = data.get("exceptions") or []
            if exceptions:
                pairs.append(("exceptions", ", ".join(day.isoformat() for day in exceptions)))
        return pairs


# --- Cancelling -------------------------------------------------------------------------


class CancelForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What do you cancel?"),
        widget=forms.RadioSelect,
        choices=[
            ("one", _("One date")),
            ("following", _("This date and all dates after it")),
            ("all", _("All coming dates")),
        ],
        initial="all",
    )
    occurrence = forms.ChoiceField(
        label=_("Which date?"),
        required=False,
        choices=(),
        help_text=_("Only needed for one date, or for this date and the following."),
        error_messages={"invalid_choice": _("Choose one of the coming dates of this booking.")},
    )
    reason = forms.CharField(
        label=_("Why do you cancel?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The other side reads this."),
    )

    def __init__(self, *args: Any, occurrences: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [("", _("Choose a date"))] + [  # type: ignore[attr-defined]
            (str(occurrence.pk), _occurrence_label(occurrence)) for occurrence in occurrences
        ]

    def clean_scope(self) -> str:
        scope = self.cleaned_data.get("scope") or "all"
        return scope if scope in SCOPES else "all"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("scope") in ("one", "following")
            and not data.get("occurrence")
            and "occurrence" not in self.errors
        ):
            self.add_error("occurrence", _("Choose the date."))
        return data


def _occurrence_label(occurrence: Any) -> str:
    starts = times.to_local(occurrence.starts_at)
    ends = times.to_local(occurrence.ends_at)
    return f"{starts:%d/%m/%Y} {starts:%H:%M}–{ends:%H:%M}"
