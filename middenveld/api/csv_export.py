"""CSV downloads of tabular public lists (``?format=csv``).

``csv_response(filename, header, rows)`` streams the rows, so a long list costs
no memory; ``rows`` is an iterable of sequences, typically a generator over
``queryset.iterator()``. The rows are produced in the language of the request
even though streaming happens after the view has returned.

Every text cell that a spreadsheet would read as a formula (starting with
``= + - @``, a tab or a carriage return) is prefixed with an apostrophe (OWASP
"CSV injection").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from django.http import StreamingHttpResponse
from django.utils import translation
from ninja import Field, Schema

from middenveld.api.schemas import current_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvFormat(Schema):
    """Query parameters of an endpoint that also answers in CSV (extend it with filters)."""

    format: Literal["json", "csv"] = Field(
        "json", description="json (paginated) or csv (every row)."
    )


#: ``openapi_extra`` for such an endpoint: documents the text/csv answer.
CSV_OPENAPI: dict[str, Any] = {
    "responses": {
        200: {
            "description": "OK",
            "content": {
                "text/csv": {"schema": {"type": "string", "description": "With ?format=csv."}}
            },
        }
    }
}


def neutralise(value: Any) -> Any:
    """A cell value that no spreadsheet will execute."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]], language: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([neutralise(cell) for cell in header])
    with translation.override(language):
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    language = current_language()
    response = StreamingHttpResponse(
        csv_lines(header, rows, language), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Language"] = language
    return response
