"""Loading a city's districts (wijken) from a JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from middenveld.core.models import District

GHENT_DISTRICTS = Path(__file__).parent / "data" / "districts_gent.json"


class DistrictFileError(ValueError):
    pass


def _read(path: Path) -> list[dict[str, str]]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DistrictFileError(f"Cannot read {path}: {exc}") from exc
    rows = data.get("districts") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise DistrictFileError("The file must hold an object with a non-empty list 'districts'.")
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if (
            not isinstance(row, dict)
            or not str(row.get("code", "")).strip()
            or not str(row.get("name", "")).strip()
        ):
            raise DistrictFileError(f"District {number} needs a 'code' and a 'name'.")
        if row["code"] in seen:
            raise DistrictFileError(f"District code {row['code']!r} appears twice.")
        seen.add(row["code"])
    return rows


def district_load(*, path: Path = GHENT_DISTRICTS) -> int:
    """Create or update the districts in ``path``; all or nothing. Returns how many were created."""
    rows = _read(path)
    created = 0
    with transaction.atomic():
        for row in rows:
            name = row["name"].strip()[:120]
            _obj, was_created = District.objects.update_or_create(
                code=row["code"].strip()[:20], defaults={"name": name, "slug": slugify(name)[:120]}
            )
            created += int(was_created)
    return created
