"""Funding's public pages (Dutch paths, see ``views_public``).

``/subsidies/<instrument>/`` would also catch the other funding modules' addresses
(``/subsidies/aanvragen/`` …), because ``urls.py`` lists these patterns first. The
``instrument`` converter therefore refuses every first path segment that another
funding URL module uses, read from their patterns, so those resolve to their own views.
"""

from __future__ import annotations

import re
from functools import cache

from django.urls import URLPattern, path, register_converter
from django.urls.converters import SlugConverter

from middenveld.funding import views_public as views

#: Our own fixed first segments after ``subsidies/``.
OWN = frozenset({"zelftest", "oproepen", "toekenningen", "toekenningen.csv", "toekenningen.json"})


@cache
def _reserved() -> frozenset[str]:
    from middenveld.funding import urls_agreements, urls_apply, urls_staff

    found: set[str] = set(OWN)
    for module in (urls_apply, urls_staff, urls_agreements):
        for pattern in getattr(module, "urlpatterns", []):
            route = str(getattr(pattern.pattern, "_route", ""))
            match = re.match(r"^subsidies/([^/<]+)", route)
            if match:
                found.add(match.group(1))
    return frozenset(found)


class InstrumentSlug(SlugConverter):
    def to_python(self, value: str) -> str:
        if value in _reserved():
            raise ValueError(value)  # not ours: URL resolution tries the next pattern
        return value


register_converter(InstrumentSlug, "instrument")

urlpatterns: list[URLPattern] = [
    path("subsidies/", views.home, name="home"),
    path("subsidies/zelftest/", views.check, name="check"),
    path("subsidies/toekenningen/", views.awards, name="awards"),
    path("subsidies/toekenningen.csv", views.awards_csv, name="awards_csv"),
    path("subsidies/toekenningen.json", views.awards_json, name="awards_json"),
    path("subsidies/toekenningen/<str:identifier>/", views.award_detail, name="award"),
    path("subsidies/oproepen/<slug:slug>/", views.call_detail, name="call"),
    path("subsidies/<instrument:slug>/", views.instrument_detail, name="instrument"),
    path(
        "subsidies/<instrument:slug>/reglement.yaml",
        views.regulation_file,
        {"format": "yaml"},
        name="regulation_yaml",
    ),
    path(
        "subsidies/<instrument:slug>/reglement.json",
        views.regulation_file,
        {"format": "json"},
        name="regulation_json",
    ),
]
