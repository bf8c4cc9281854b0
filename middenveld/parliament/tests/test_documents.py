"""Documents of a body and of agenda items: a real PDF, ODT or DOCX is kept and served to
whoever may see the body; a file that is not what its name says, or too big, gets a clear
message and changes nothing; only officers and staff add them."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.core.errors import Forbidden, Invalid
from middenveld.parliament import services
from middenveld.parliament.models import AgendaDocument, BodyDocument, ParliamentLog

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="agenda.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile("nota.docx", buffer.getvalue())


def _fake():
    return SimpleUploadedFile("nota.pdf", b"MZ\x90\x00 this is a program", "application/pdf")


def _state():
    return (
        sorted(BodyDocument.objects.values_list("id", "title")),
        sorted(AgendaDocument.objects.values_list("id", "title")),
        ParliamentLog.objects.count(),
    )


def test_the_secretary_adds_a_document_to_an_agenda_item(parliament):
    document = services.agenda_document_add(
        item=parliament.item, by=parliament.secretary, title="Nota basiswerking", upload=_docx()
    )
    assert document.kind == "docx"
    assert document.file.name.endswith(".docx")
    assert ParliamentLog.objects.filter(subject="agendadocument", change="added").exists()


def test_a_fake_or_too_big_file_is_refused_and_changes_nothing(parliament):
    before = _state()
    with pytest.raises(Invalid) as refused:
        services.agenda_document_add(
            item=parliament.item, by=parliament.secretary, title="Nota", upload=_fake()
        )
    assert "not a real PDF / ODT / DOCX file" in str(refused.value.details["fields"]["file"][0])
    with override_settings(UPLOAD_DOCUMENT_MAX_BYTES=10), pytest.raises(Invalid) as refused:
        services.body_document_add(
            body=parliament.body, by=parliament.secretary, title="Charter", upload=_pdf()
        )
    assert "too large" in str(refused.value.message)
    assert _state() == before


def test_members_cannot_add_documents(parliament):
    before = _state()
    with pytest.raises(Forbidden):
        services.agenda_document_add(
            item=parliament.item, by=parliament.members[0].delegate, title="X", upload=_pdf()
        )
    with pytest.raises(Forbidden):
        services.body_document_add(
            body=parliament.body, by=parliament.members[0].delegate, title="X", link="https://a.be"
        )
    assert _state() == before


def test_a_body_document_is_a_file_or_a_link_not_both_nor_neither(parliament):
    by = parliament.secretary
    before = _state()
    for kwargs, field in [
        ({}, "file"),
        ({"upload": _pdf(), "link": "https://gent.be"}, "link"),
        ({"link": "javascript:alert(1)"}, "link"),
    ]:
        with pytest.raises(Invalid) as refused:
            services.body_document_add(body=parliament.body, by=by, title="Charter", **kwargs)
        assert field in refused.value.details["fields"]
    with pytest.raises(Invalid):
        services.body_document_add(body=parliament.body, by=by, title="  ", link="https://a.be")
    assert _state() == before
    link = services.body_document_add(
        body=parliament.body, by=by, title="Site", link="https://gent.be"
    )
    assert link.url == "https://gent.be"


def test_everyone_downloads_a_public_document_as_an_attachment(client, parliament):
    document = services.body_document_add(
        body=parliament.body,
        by=parliament.secretary,
        title="Huishoudelijk reglement",
        upload=_pdf(),
    )
    page = client.get("/en/middenveldparlement/").content.decode()
    assert document.url in page and "Huishoudelijk reglement" in page
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "huishoudelijk-reglement.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_documents_of_an_unpublished_body_stay_with_staff(client, parliament):
    body_doc = services.body_document_add(
        body=parliament.body, by=parliament.secretary, title="Ontwerp", upload=_pdf()
    )
    item_doc = services.agenda_document_add(
        item=parliament.item, by=parliament.secretary, title="Nota", upload=_pdf()
    )
    parliament.body.published = False
    parliament.body.save()
    assert client.get(body_doc.url).status_code == 404
    assert client.get(item_doc.url).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(body_doc.url).status_code == 200
    assert client.get(item_doc.url).status_code == 200


def test_the_session_page_lists_agenda_documents(client, parliament):
    document = services.agenda_document_add(
        item=parliament.item, by=parliament.secretary, title="Nota basiswerking", upload=_pdf()
    )
    page = client.get(parliament.session.get_absolute_url()).content.decode()
    assert document.url in page and "Document: Nota basiswerking (PDF)" in page


def test_the_upload_pages_add_refuse_and_remove(client, parliament):
    client.force_login(parliament.secretary)
    url = f"/en/middenveldparlement/zittingen/{parliament.session.pk}/documenten/"
    page = client.get(url).content.decode()
    assert '<label for="id_file">' in page and 'enctype="multipart/form-data"' in page

    before = _state()
    response = client.post(
        url, {"action": "add", "item": parliament.item.pk, "title": "Nota", "file": _fake()}
    )
    assert response.status_code == 422
    assert "not a real PDF / ODT / DOCX file" in response.content.decode()
    assert _state() == before

    response = client.post(
        url, {"action": "add", "item": parliament.item.pk, "title": "Nota", "file": _pdf()}
    )
    assert response.status_code == 302
    document = AgendaDocument.objects.get()
    response = client.post(url, {"action": "remove", "document": document.pk})
    assert response.status_code == 302 and not AgendaDocument.objects.exists()

    body_url = f"/en/middenveldparlement/organen/{parliament.body.slug}/documenten/"
    with override_settings(UPLOAD_DOCUMENT_MAX_BYTES=10):
        response = client.post(body_url, {"action": "add", "title": "Charter", "file": _pdf()})
    assert response.status_code == 422 and "too large" in response.content.decode()
    response = client.post(body_url, {"action": "add", "title": "Charter", "file": _pdf()})
    assert response.status_code == 302 and BodyDocument.objects.get().kind == "pdf"
