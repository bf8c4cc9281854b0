"""Storage for files that only some people may see.

``private_storage`` is the ``"private"`` entry of ``STORAGES``: never served under
MEDIA_URL. A view checks who asks and streams the file with ``private_file_response``.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import Storage, storages
from django.http import FileResponse


def private_storage() -> Storage:
    return storages["private"]


def private_file_response(field_file: Any, *, filename: str, content_type: str) -> FileResponse:
    """A download that the browser saves rather than shows, so no upload runs as a page."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
