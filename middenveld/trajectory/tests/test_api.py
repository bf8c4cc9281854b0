"""The trajectory's public API: workstreams, timeline, documents, news."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from middenveld.trajectory.models import ActionStatus, DocumentKind
from middenveld.trajectory.tests.factories import (
    ActionFactory,
    ActionMilestoneFactory,
    DocumentFactory,
    NewsItemFactory,
    TimelineEntryFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


# --- workstreams --------------------------------------------------------------------


def test_workstreams_come_with_their_actions_and_milestones(client):
    workstream = WorkstreamFactory(number=1, slug="basiswerk", title_nl="Basiswerk versterken")
    action = ActionFactory(
        workstream=workstream, title_nl="Budget verdelen", status=ActionStatus.DONE, progress=100
    )
    ActionFactory(workstream=workstream, progress=0, status=ActionStatus.PLANNED)
    ActionMilestoneFactory(action=action, title_nl="Prioriteiten gekozen", reached=True)

    [item] = results(client.get("/api/v1/workstreams"))
    assert item["slug"] == "basiswerk"
    assert item["title"] == "Basiswerk versterken"
    assert item["url"] == "http://testserver/werven/basiswerk/"
    assert item["progress"] == 50
    assert item["language"] == "nl"
    assert item["untranslated"] is False
    first = item["actions"][0]
    assert first["title"] == "Budget verdelen"
    assert (first["status"], first["progress"]) == ("done", 100)
    assert first["milestones"] == [
        {
            "language": "nl",
            "untranslated": False,
            "title": "Prioriteiten gekozen",
            "due_on": action.milestones.get().due_on.isoformat(),
            "reached": True,
        }
    ]


def test_a_workstream_by_its_slug(client):
    WorkstreamFactory(slug="parlement", body_nl="Een middenveldparlement.")
    body = client.get("/api/v1/workstreams/parlement").json()
    assert body["slug"] == "parlement"
    assert body["body"] == "Een middenveldparlement."


def test_an_unknown_workstream_is_a_404_in_the_error_shape(client):
    response = client.get("/api/v1/workstreams/bestaat-niet")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_texts_come_in_the_requested_language_with_dutch_fallback(client):
    workstream = WorkstreamFactory(
        title_nl="Werf",
        title_en="Workstream",
        summary_nl="Kort",
        summary_en="Short",
        body_nl="Tekst",
        body_en="Text",
    )
    ActionFactory(workstream=workstream, title_nl="Actie zonder vertaling", description_nl="")

    [item] = results(client.get("/api/v1/workstreams?lang=en"))
    assert (item["title"], item["summary"]) == ("Workstream", "Short")
    assert item["url"] == f"http://testserver/en/werven/{workstream.slug}/"
    assert item["language"] == "en"
    assert item["untranslated"] is False
    [action] = item["actions"]
    assert action["title"] == "Actie zonder vertaling"
    assert action["language"] == "en"
    assert action["untranslated"] is True

    [item] = results(client.get("/api/v1/workstreams", headers={"Accept-Language": "fr"}))
    assert item["title"] == "Werf"
    assert item["untranslated"] is True


# --- timeline -----------------------------------------------------------------------


def test_the_timeline_in_date_order_with_its_workstream(client):
    today = timezone.localdate()
    later = TimelineEntryFactory(starts_on=today + timedelta(days=10), title_nl="Later")
    TimelineEntryFactory(starts_on=today - timedelta(days=10), title_nl="Eerder", workstream=None)

    items = results(client.get("/api/v1/timeline"))
    assert [i["title"] for i in items] == ["Eerder", "Later"]
    assert [i["is_past"] for i in items] == [True, False]
    assert items[0]["workstream"] is None
    assert items[1]["workstream"]["slug"] == later.workstream.slug


def test_the_timeline_as_csv(client):
    TimelineEntryFactory(title_nl="Startmoment", starts_on=timezone.localdate())
    rows = csv_rows(client.get("/api/v1/timeline?format=csv"))
    assert rows[0] == [
        "starts_on",
        "ends_on",
        "title",
        "body",
        "workstream",
        "language",
        "untranslated",
    ]
    assert rows[1][2] == "Startmoment"
    assert rows[1][5:] == ["nl", "false"]


def test_an_unknown_format_is_a_422(client):
    assert client.get("/api/v1/timeline?format=xlsx").status_code == 422


# --- documents ----------------------------------------------------------------------


def test_documents_newest_first_with_their_link(client):
    DocumentFactory(title_nl="Oud", published_on=timezone.localdate() - timedelta(days=30))
    DocumentFactory(title_nl="Nieuw", url="https://example.org/nieuw.pdf", kind=DocumentKind.REPORT)

    items = results(client.get("/api/v1/documents"))
    assert [i["title"] for i in items] == ["Nieuw", "Oud"]
    assert items[0]["url"] == "https://example.org/nieuw.pdf"
    assert items[0]["kind"] == "report"


def test_documents_filtered_by_kind(client):
    DocumentFactory(kind=DocumentKind.RECORDING, title_nl="Opname")
    DocumentFactory(kind=DocumentKind.DOCUMENT)
    assert [i["title"] for i in results(client.get("/api/v1/documents?kind=recording"))] == [
        "Opname"
    ]


def test_an_unknown_kind_is_a_422_naming_the_field(client):
    response = client.get("/api/v1/documents?kind=video")
    assert response.status_code == 422
    assert list(response.json()["error"]["details"]["fields"]) == ["kind"]


def test_documents_as_csv_keep_the_filter_and_neutralise_formulas(client):
    DocumentFactory(
        kind=DocumentKind.REPORT, title_nl='=HYPERLINK("http://evil")', description_nl="@SUM(1)"
    )
    DocumentFactory(kind=DocumentKind.REPORT, title_nl="+32 9 210 10 10", description_nl="-1")
    DocumentFactory(kind=DocumentKind.DOCUMENT, title_nl="Niet in de lijst")

    rows = csv_rows(client.get("/api/v1/documents?kind=report&format=csv"))
    assert rows[0][:4] == ["published_on", "kind", "title", "description"]
    cells = {cell for row in rows[1:] for cell in row}
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'@SUM(1)" in cells
    assert "'+32 9 210 10 10" in cells
    assert "'-1" in cells
    assert "Niet in de lijst" not in cells
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )


def test_csv_comes_in_the_requested_language(client):
    DocumentFactory(title_nl="Verslag", title_en="Report", description_nl="Tekst")
    rows = csv_rows(client.get("/api/v1/documents?format=csv&lang=en"))
    assert rows[1][2] == "Report"
    assert rows[1][-2:] == ["en", "true"]  # the description has no English yet


# --- news ---------------------------------------------------------------------------


def test_only_published_news_newest_first(client):
    NewsItemFactory(title_nl="Ouder", published_at=timezone.now() - timedelta(days=2))
    NewsItemFactory(title_nl="Recent", published_at=timezone.now() - timedelta(hours=1))
    NewsItemFactory(title_nl="Concept", is_published=False)
    NewsItemFactory(title_nl="Gepland", published_at=timezone.now() + timedelta(days=1))

    items = results(client.get("/api/v1/news"))
    assert [i["title"] for i in items] == ["Recent", "Ouder"]
    assert "body" not in items[0]


def test_a_news_item_by_its_slug(client):
    NewsItemFactory(slug="van-start", body_nl="Het traject is gestart.")
    body = client.get("/api/v1/news/van-start").json()
    assert body["body"] == "Het traject is gestart."
    assert body["url"] == "http://testserver/nieuws/van-start/"


@pytest.mark.parametrize("slug", ["bestaat-niet", "concept"])
def test_unknown_or_unpublished_news_is_a_404(client, slug):
    NewsItemFactory(slug="concept", is_published=False)
    response = client.get(f"/api/v1/news/{slug}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


# --- query budgets: the number of queries does not grow with the rows ---------------


def _workstreams(n):
    for _ in range(n):
        workstream = WorkstreamFactory()
        for action in ActionFactory.create_batch(2, workstream=workstream):
            ActionMilestoneFactory.create_batch(2, action=action)


def _timeline(n):
    TimelineEntryFactory.create_batch(n)


def _documents(n):
    DocumentFactory.create_batch(n)


def _news(n):
    NewsItemFactory.create_batch(n)


BUDGETS = [
    # Each budget includes the content-version lookup of the public cache.
    ("/api/v1/workstreams", _workstreams, 5),  # version, count, workstreams, actions, milestones
    ("/api/v1/timeline", _timeline, 3),  # version, count, entries with their workstream
    ("/api/v1/timeline?format=csv", _timeline, 2),
    ("/api/v1/documents", _documents, 3),
    ("/api/v1/documents?format=csv", _documents, 2),
    ("/api/v1/news", _news, 3),
]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            assert len(response.json()["results"]) > 0
    return len(queries)


@pytest.mark.parametrize(("url", "make", "budget"), BUDGETS)
def test_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, url, make, budget
):
    make(3)
    with django_assert_max_num_queries(budget):
        few = _queries(client, url)
    make(27)
    with django_assert_max_num_queries(budget):
        many = _queries(client, url)
    assert few == many


def test_public_reads_come_from_the_cache_until_content_changes(client):
    workstream = WorkstreamFactory(title_nl="Eerste titel", title_en="First title")
    assert client.get("/api/v1/workstreams")["X-Cache"] == "miss"
    cached = client.get("/api/v1/workstreams")
    assert cached["X-Cache"] == "hit"
    assert cached.json()["results"][0]["title"] == "Eerste titel"
    assert client.get("/api/v1/workstreams?lang=en").json()["results"][0]["title"] == "First title"
    workstream.title_nl = "Nieuwe titel"
    workstream.save()
    assert client.get("/api/v1/workstreams").json()["results"][0]["title"] == "Nieuwe titel"


def test_a_bad_token_is_refused_even_when_the_answer_is_cached(client):
    WorkstreamFactory()
    client.get("/api/v1/workstreams")
    assert client.get("/api/v1/workstreams")["X-Cache"] == "hit"
    response = client.get("/api/v1/workstreams", HTTP_AUTHORIZATION="Bearer mv_unknown_token")
    assert response.status_code == 401
