"""The public trajectory pages: content, languages, fallbacks and query budgets."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from middenveld.core.seeding import SeedContext
from middenveld.trajectory import models
from middenveld.trajectory.seed import seed_trajectory

PAGES = [
    "/",
    "/traject/",
    "/werven/",
    "/werven/basiswerk/",
    "/tijdlijn/",
    "/documenten/",
    "/nieuws/",
    "/nieuws/platform-online/",
]


@pytest.fixture
def demo(db):
    seed_trajectory(SeedContext(scale=1, write=lambda _s: None))


@pytest.mark.parametrize("prefix", ["", "/en", "/fr", "/tr", "/ar", "/bg"])
@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_answers_in_every_language(client, demo, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_trajectory_page_tells_what_why_for_whom_definition_goal_research_and_contact(
    client, demo
):
    html = client.get("/traject/").content.decode()
    for text in (
        "Wat is het traject middenveld?",
        "Waarom dit traject?",
        "Voor wie?",
        "sociaal middenveld",
        "doel",
        "onderzoek",
    ):
        assert text in html
    assert "samenwerking.middenveld@stad.gent" in html
    assert "09 267 03 00" in html
    assert 'href="tel:+3292670300"' in html


def test_the_workstreams_show_actions_with_status_and_progress(client, demo):
    html = client.get("/werven/").content.decode()
    assert html.count('class="workstream"') == 6
    assert '<progress max="100" value="60"' in html


def test_the_workstream_page_shows_its_milestones(client, demo):
    html = client.get("/werven/basiswerk/").content.decode()
    assert "Inspraakmomenten" in html
    assert "<caption>" in html


def test_the_timeline_holds_the_trajectory_milestones_past_and_ahead(client, demo):
    html = client.get("/tijdlijn/").content.decode()
    for day in ("2020-05-01", "2021-03-27", "2021-05-07", "2021-06-26"):
        assert f'datetime="{day}"' in html


def test_a_timeline_entry_is_past_or_ahead_by_date(db):
    today = timezone.localdate()
    past = models.TimelineEntry(starts_on=today - timedelta(days=3), title_nl="x")
    running = models.TimelineEntry(
        starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=1), title_nl="y"
    )
    assert past.is_past
    assert not running.is_past


def test_unknown_workstream_and_news_are_404_in_the_visitors_language(client, demo):
    assert client.get("/werven/bestaat-niet/").status_code == 404
    response = client.get("/ar/nieuws/bestaat-niet/")
    assert response.status_code == 404
    assert 'dir="rtl"' in response.content.decode()


def test_unpublished_and_future_news_stay_hidden(client, demo):
    models.NewsItem.objects.create(
        slug="concept", title_nl="Concept", summary_nl="s", body_nl="b", is_published=False
    )
    models.NewsItem.objects.create(
        slug="later",
        title_nl="Later",
        summary_nl="s",
        body_nl="b",
        published_at=timezone.now() + timedelta(days=2),
    )
    assert client.get("/nieuws/concept/").status_code == 404
    assert client.get("/nieuws/later/").status_code == 404


def test_documents_filter_by_kind_and_ignore_unknown_kinds(client, demo):
    html = client.get("/documenten/?soort=recording").content.decode()
    assert "Opname van het webinar" in html
    assert "Eindrapport" not in html
    assert client.get("/documenten/?soort=%00bogus").status_code == 200
    assert client.get("/documenten/?pagina=99999").status_code == 200
    assert client.get("/documenten/?pagina=abc").status_code == 200


def test_a_page_that_falls_back_to_dutch_says_so_and_marks_the_dutch_text(client, db):
    models.Workstream.objects.create(
        number=1, slug="a", title_nl="Alleen Nederlands", summary_nl="Kort"
    )
    html = client.get("/fr/werven/").content.decode()
    assert 'class="translation-notice"' in html
    assert "Alleen Nederlands" in html
    assert 'class="translation-notice"' not in client.get("/werven/").content.decode()


def test_a_fully_translated_page_has_no_notice(client, db):
    models.Workstream.objects.create(
        number=1, slug="a", title_nl="NL", summary_nl="NL", title_fr="FR", summary_fr="FR"
    )
    assert 'class="translation-notice"' not in client.get("/fr/werven/").content.decode()


def _grow(scale, start=0):
    ws = models.Workstream.objects.get(slug="basiswerk")
    for n in range(start, start + scale):
        action = models.Action.objects.create(
            workstream=ws, title_nl=f"Actie {n}", progress=n % 100
        )
        models.ActionMilestone.objects.create(
            action=action, title_nl="Mijlpaal", due_on=date(2027, 1, 1)
        )
        models.TimelineEntry.objects.create(
            starts_on=date(2027, 1, 1) + timedelta(days=n), title_nl=f"Moment {n}", workstream=ws
        )
        models.Document.objects.create(
            title_nl=f"Document {n}", url="https://example.org/", workstream=ws
        )
        models.NewsItem.objects.create(
            slug=f"n-{n}", title_nl=f"Nieuws {n}", summary_nl="s", body_nl="b"
        )


@pytest.mark.parametrize(
    "path",
    ["/", "/werven/", "/werven/basiswerk/", "/tijdlijn/", "/documenten/", "/nieuws/", "/traject/"],
)
def test_list_pages_keep_a_constant_number_of_queries_as_data_grows(
    client, demo, path, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    _grow(3)
    small = count()
    _grow(30, start=100)
    large = count()
    assert large == small, f"{path}: {small} queries with few rows, {large} with many"
    assert small <= 10


def test_the_question_form_link_stays_in_the_visitors_language(client, demo):
    assert 'href="/ar/vragen/"' in client.get("/ar/traject/").content.decode()
    contact = models.ContactInfo.objects.get()
    contact.form_url = "https://example.org/formulier"
    contact.save()  # as the back office does: the footer's cached copy is dropped
    assert 'href="https://example.org/formulier"' in client.get("/traject/").content.decode()


def test_an_uploaded_document_can_be_downloaded(client, db, settings, tmp_path):
    from django.core.files.base import ContentFile

    from middenveld.trajectory.seed import minimal_pdf

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = models.Document(title_nl="Verslag")
    document.file.save("verslag.pdf", ContentFile(minimal_pdf("Verslag")), save=True)
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")


def test_the_footer_is_rendered_once_per_language_and_follows_a_change(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from middenveld.trajectory.selectors import footer_html

    contact = models.ContactInfo.objects.create(email="a@example.org", phone="09 000 00 00")
    assert "a@example.org" in footer_html("nl")
    with CaptureQueriesContext(connection) as queries:
        assert "a@example.org" in footer_html("nl")
    assert len(queries) == 0
    assert "Any questions?" in footer_html("en")
    contact.email = "b@example.org"
    contact.save()
    assert "b@example.org" in footer_html("nl")
    assert "b@example.org" in footer_html("en")
    contact.delete()
    assert "b@example.org" not in footer_html("nl")
    assert 'class="footer"' in footer_html("nl")
