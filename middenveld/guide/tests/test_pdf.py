"""The checklist as a PDF: a real PDF with the tasks and their state, in the reader's language."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from middenveld.guide.tests.factories import TickFactory

pytestmark = pytest.mark.django_db


def _text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_every_task_with_its_state(client, guide, org_a):
    TickFactory(task=guide.tasks[2], organisation=org_a.organisation, done_by=org_a.admin)
    client.force_login(org_a.member)
    response = client.get("/en/wegwijzer/checklist.pdf?voor=buurtwerk-rabot")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "wegwijzer-checklist-buurtwerk-rabot.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    reader, text = _text(response)
    for task in guide.tasks:
        assert task.title_en in text
    assert "☑ Take out liability insurance" in text
    assert "☐ Inform the volunteers" in text
    assert "1 of 5 tasks done" in text
    assert "Buurtwerk Rabot" in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_pdf_is_in_dutch_on_the_dutch_site(client, guide, org_a):
    client.force_login(org_a.member)
    _reader, text = _text(client.get("/wegwijzer/checklist.pdf?voor=buurtwerk-rabot"))
    assert "Sluit een BA-verzekering af" in text


def test_the_pdf_works_in_arabic_right_to_left(client, guide, org_a):
    guide.tasks[0].title_ar = "اكتب ما تفعلونه"
    guide.tasks[0].save()
    client.force_login(org_a.member)
    response = client.get("/ar/wegwijzer/checklist.pdf?voor=buurtwerk-rabot")
    assert response.status_code == 200
    reader, text = _text(response)
    assert "اكتب ما تفعلونه" in text
    # A task without an Arabic text falls back to Dutch, like the page.
    assert "Kies: vzw of niet" in text
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_the_pdf_works_in_bulgarian(client, guide, org_a):
    guide.tasks[1].title_bg = "Изберете: сдружение или не"
    guide.tasks[1].save()
    client.force_login(org_a.member)
    response = client.get("/bg/wegwijzer/checklist.pdf?voor=buurtwerk-rabot")
    assert response.status_code == 200
    _reader, text = _text(response)
    assert "Изберете: сдружение или не" in text


def test_a_persons_own_checklist_downloads_too(client, guide, outsider):
    TickFactory(task=guide.tasks[0], user=outsider, done_by=outsider)
    client.force_login(outsider)
    response = client.get("/en/wegwijzer/checklist.pdf?voor=mij")
    assert response.status_code == 200
    _reader, text = _text(response)
    assert "☑ Write down what you do" in text
    assert outsider.name in text


def test_the_checklist_page_links_to_the_pdf_and_prints_cleanly(client, guide, org_a):
    client.force_login(org_a.member)
    html = client.get("/en/wegwijzer/checklist/?voor=buurtwerk-rabot").content.decode()
    assert 'href="/en/wegwijzer/checklist.pdf?voor=buurtwerk-rabot"' in html
    assert "guide/guide.css" in html
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("guide/guide.css")).read_text(encoding="utf-8")
    assert "@media print" in css
    assert ".guide-task form" in css.split("@media print", 1)[1]
