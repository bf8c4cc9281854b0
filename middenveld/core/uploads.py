"""Checking uploads by their content, not their name.

A file called ``statuten.pdf`` that is really a program is refused, and so is
a file over the size limit. Every module that takes files uses these::

    document_check(upload, kinds=("pdf", "odt", "docx"))   # -> the detected kind
    image_check(upload)                                    # -> "png", "jpeg" or "webp"

Both raise ``Invalid`` with a sentence for the person, and rewind the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid

DOCUMENT_LABELS = {"pdf": "PDF", "odt": "ODT", "docx": "DOCX"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def upload_too_large(upload: Any) -> bool:
    """Over the document size limit (the larger of the two limits)."""
    return _size(upload) > settings.UPLOAD_DOCUMENT_MAX_BYTES


def _too_large(field: str, limit: int) -> Invalid:
    message = _("This file is too large. Files can be at most %(mb)s MB.") % {
        "mb": f"{limit / 1_000_000:g}"
    }
    return Invalid(message, fields={field: [message]})


def _sniff_document(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read only the first bytes: a "mimetype" entry could be a zip bomb.
                with archive.open("mimetype") as entry:
                    if entry.read(len(_ODT_MIMETYPE) + 2).strip() == _ODT_MIMETYPE:
                        return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    finally:
        stream.seek(0)
    return None


def document_check(
    upload: Any, *, field: str = "file", kinds: Sequence[str] = ("pdf", "odt", "docx")
) -> str:
    limit = settings.UPLOAD_DOCUMENT_MAX_BYTES
    if _size(upload) > limit:
        raise _too_large(field, limit)
    kind = _sniff_document(upload)
    if kind is None or kind not in kinds:
        message = _(
            "This file is not a real %(kinds)s file, whatever its name says. "
            "Save it as %(kinds)s and try again."
        ) % {"kinds": " / ".join(DOCUMENT_LABELS.get(k, k.upper()) for k in kinds)}
        raise Invalid(message, fields={field: [message]})
    return kind


def image_check(upload: Any, *, field: str = "logo") -> str:
    from PIL import Image, UnidentifiedImageError

    limit = settings.UPLOAD_IMAGE_MAX_BYTES
    if _size(upload) > limit:
        raise _too_large(field, limit)
    message = _("This file is not a PNG, JPEG or WebP picture.")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = (image.format or "").lower()
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(message, fields={field: [message]}) from None
    finally:
        upload.seek(0)
    if kind not in ("png", "jpeg", "webp"):
        raise Invalid(message, fields={field: [message]})
    if width > 4000 or height > 4000:
        too_big = _("This picture is too large: at most 4000 by 4000 pixels.")
        raise Invalid(too_big, fields={field: [too_big]})
    return kind
