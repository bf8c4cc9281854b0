"""Panels of the 360° view that other modules contribute.

The timeline shows what happened; a panel shows where things stand now (an
open coaching trajectory, bookings this month, applications under review).
A module registers a panel once, from its ``apps.py`` ``ready()``::

    from middenveld.organisations.overview import overview_panel

    overview_panel(
        "coaching",
        title=_("Coaching"),
        template="coaching/admin/_overview_panel.html",
        context=lambda organisation, viewer: {"trajectories": ...},
        order=50,
    )

``context`` gets the organisation and the staff member looking, and returns
what the template needs; it should cost a constant number of queries. The
template is included with that dict as ``panel`` and ``organisation``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from middenveld.organisations.models import Organisation


@dataclass(frozen=True)
class OverviewPanel:
    key: str
    title: str | Promise
    template: str
    context: Callable[[Organisation, Any], dict[str, Any]]
    order: int = 100


_PANELS: dict[str, OverviewPanel] = {}


def overview_panel(
    key: str,
    *,
    title: str | Promise,
    template: str,
    context: Callable[[Organisation, Any], dict[str, Any]],
    order: int = 100,
) -> OverviewPanel:
    panel = OverviewPanel(key, title, template, context, order)
    _PANELS[key] = panel
    return panel


def overview_panels(organisation: Organisation, viewer: Any) -> list[tuple[OverviewPanel, dict]]:
    """Every registered panel with its context, in order."""
    panels = sorted(_PANELS.values(), key=lambda p: (p.order, p.key))
    return [(panel, panel.context(organisation, viewer)) for panel in panels]
