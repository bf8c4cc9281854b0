"""Uploads are checked by what they contain, not by what they are called."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from middenveld.core.errors import Invalid
from middenveld.core.uploads import document_check, image_check

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _zip(entries: dict[str, bytes | str], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, entries[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            if name != stored_first:
                archive.writestr(name, content)
    return buffer.getvalue()


def _odt(mimetype: str = ODT_MIMETYPE) -> bytes:
    return _zip(
        {
            "mimetype": mimetype,
            "META-INF/manifest.xml": "<manifest:manifest/>",
            "content.xml": "<office:document-content/>",
        },
        stored_first="mimetype",
    )


def _docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        }
    )


def _picture(fmt: str, size: tuple[int, int] = (20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt)
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _refusal(check, upload, **options) -> Invalid:
    with pytest.raises(Invalid) as caught:
        check(upload, **options)
    return caught.value


# --- Documents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("statuten.pdf", PDF, "pdf"),
        ("statuten.odt", _odt(), "odt"),
        ("statuten.docx", _docx(), "docx"),
        ("zonder-extensie", PDF, "pdf"),  # the name does not matter either way
        ("statuten.docx", _odt(), "odt"),
    ],
)
def test_a_real_document_is_accepted_as_what_it_is(name, content, kind):
    upload = _upload(name, content)

    assert document_check(upload) == kind
    assert upload.tell() == 0  # rewound, ready to be saved
    assert upload.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("statuten.pdf", _picture("PNG")),
        ("statuten.pdf", b"MZ\x90\x00\x03 this is a program"),
        ("statuten.pdf", b""),
        ("statuten.pdf", b"%PD"),
        ("statuten.docx", _zip({"readme.txt": "just a zip"})),
        ("statuten.docx", _zip({"[Content_Types].xml": "<Types/>"})),  # no word/document.xml
        ("statuten.odt", _odt("application/vnd.oasis.opendocument.spreadsheet")),
        ("statuten.odt", _odt("application/vnd.oasis.opendocument.text-template")),
        ("statuten.docx", b"PK\x03\x04 broken zip"),
    ],
)
def test_something_that_is_not_a_real_document_is_refused_whatever_its_name(name, content):
    upload = _upload(name, content)

    error = _refusal(document_check, upload, field="statutes")

    assert "not a real PDF / ODT / DOCX file" in str(error)
    assert error.details["fields"] == {"statutes": [str(error)]}
    assert upload.tell() == 0


def test_only_the_kinds_asked_for_are_accepted():
    error = _refusal(document_check, _upload("besluit.docx", _docx()), kinds=("pdf",))

    assert "not a real PDF file" in str(error)
    assert document_check(_upload("besluit.pdf", PDF), kinds=("pdf",)) == "pdf"


def test_a_document_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 1_000_000
    big = PDF + b"%" * 1_000_000

    error = _refusal(document_check, _upload("groot.pdf", big))

    assert "too large" in str(error)
    assert "1 MB" in str(error)
    assert document_check(_upload("klein.pdf", PDF)) == "pdf"


def test_a_document_of_exactly_the_size_limit_is_accepted(settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = len(PDF)

    assert document_check(_upload("precies.pdf", PDF)) == "pdf"


def test_a_zip_bomb_posing_as_an_odt_is_refused_without_unpacking_it():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("mimetype", "w") as entry,
    ):
        entry.write(ODT_MIMETYPE.encode())
        for _ in range(64):
            entry.write(b"\x00" * 1_000_000)  # 64 MB of zeros, a few kB compressed
    upload = _upload("bom.odt", buffer.getvalue())
    assert upload.size < 1_000_000

    tracemalloc.start()
    try:
        with pytest.raises(Invalid):
            document_check(upload)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 8_000_000  # the 64 MB were never unpacked


# --- Pictures -------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp")])
def test_a_real_picture_is_accepted(fmt, kind):
    content = _picture(fmt)
    upload = _upload(f"logo.{kind}", content)

    assert image_check(upload) == kind
    assert upload.tell() == 0
    assert upload.read() == content


def test_a_picture_is_recognised_whatever_its_name():
    assert image_check(_upload("logo.png", _picture("JPEG"))) == "jpeg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"This is a text file, not a picture."),
        ("logo.png", b""),
        ("logo.png", _picture("PNG")[:40]),  # cut off halfway
        ("logo.gif", _picture("GIF")),
        ("logo.png", _picture("GIF")),
        ("logo.png", _picture("BMP")),
        ("logo.png", PDF),
    ],
)
def test_something_that_is_not_a_png_jpeg_or_webp_picture_is_refused(name, content):
    upload = _upload(name, content)

    error = _refusal(image_check, upload)

    assert "not a PNG, JPEG or WebP picture" in str(error)
    assert error.details["fields"] == {"logo": [str(error)]}
    assert upload.tell() == 0


@pytest.mark.parametrize("size", [(4001, 10), (10, 4001), (5000, 5000)])
def test_a_picture_of_more_than_4000_pixels_a_side_is_refused(size):
    error = _refusal(image_check, _upload("groot.png", _picture("PNG", size)), field="photo")

    assert "4000 by 4000 pixels" in str(error)
    assert "photo" in error.details["fields"]


def test_a_picture_of_exactly_4000_pixels_a_side_is_accepted():
    assert image_check(_upload("rand.png", _picture("PNG", (4000, 1)))) == "png"


def test_a_picture_over_the_size_limit_is_refused(settings):
    content = _picture("PNG")
    settings.UPLOAD_IMAGE_MAX_BYTES = len(content) - 1

    error = _refusal(image_check, _upload("logo.png", content))

    assert "too large" in str(error)
