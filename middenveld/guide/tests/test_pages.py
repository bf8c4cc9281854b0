"""The public guide pages: every language, the Dutch fallback notice, the explanation's
tables and links, previous/next, and what an anonymous visitor sees."""

from __future__ import annotations

import pytest

from middenveld.guide.tests.factories import TickFactory

pytestmark = pytest.mark.django_db

PREFIXES = ["", "/en", "/fr", "/tr", "/ar", "/bg"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "path", ["/wegwijzer/", "/wegwijzer/vereniging-of-vzw/", "/wegwijzer/verzekeringen/"]
)
def test_every_guide_page_answers_in_every_language(client, guide, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    lang = prefix.strip("/") or "nl"
    assert f'lang="{lang}"'.encode() in response.content


def test_the_overview_lists_the_steps_in_order_with_their_number_of_tasks(client, guide):
    html = client.get("/en/wegwijzer/").content.decode()
    assert html.index("Informal association or vzw?") < html.index("Insurance")
    assert "2 tasks on the checklist" in html
    assert "3 tasks on the checklist" in html


def test_a_language_without_translation_shows_dutch_and_says_so(client, guide):
    html = client.get("/fr/wegwijzer/verzekeringen/").content.decode()
    assert "Verzekeringen" in html
    assert 'class="translation-notice"' in html


def test_a_translated_page_has_no_fallback_notice(client, guide):
    html = client.get("/en/wegwijzer/verzekeringen/").content.decode()
    assert "Insurance" in html
    assert 'class="translation-notice"' not in html


def test_an_untranslated_task_alone_also_gives_the_notice(client, guide):
    guide.tasks[3].title_en = ""
    guide.tasks[3].save()
    html = client.get("/en/wegwijzer/verzekeringen/").content.decode()
    assert 'class="translation-notice"' in html
    assert "Informeer de vrijwilligers" in html


def test_the_explanation_table_has_a_caption_and_header_cells(client, guide):
    html = client.get("/wegwijzer/vereniging-of-vzw/").content.decode()
    assert "<caption>Het verschil</caption>" in html
    assert '<th scope="col">Feitelijke vereniging</th>' in html
    assert '<th scope="row">Starten</th>' in html


def test_links_in_the_explanation_keep_the_readers_language(client, guide):
    assert 'href="/vragen/"' in client.get("/wegwijzer/vereniging-of-vzw/").content.decode()
    assert 'href="/en/vragen/"' in client.get("/en/wegwijzer/vereniging-of-vzw/").content.decode()


def test_a_step_links_to_the_previous_and_next_step(client, guide):
    first = client.get("/en/wegwijzer/vereniging-of-vzw/").content.decode()
    assert 'rel="next"' in first and "/en/wegwijzer/verzekeringen/" in first
    assert 'rel="prev"' not in first
    second = client.get("/en/wegwijzer/verzekeringen/").content.decode()
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "Step 2 of 2" in second


def test_an_unknown_step_is_404(client, guide):
    assert client.get("/wegwijzer/bestaat-niet/").status_code == 404
    assert client.get("/en/wegwijzer/bestaat-niet/").status_code == 404


def test_an_anonymous_visitor_reads_the_tasks_without_forms_and_is_invited_to_sign_in(
    client, guide
):
    html = client.get("/en/wegwijzer/verzekeringen/").content.decode()
    assert "Take out liability insurance" in html
    assert "csrfmiddlewaretoken" not in html
    assert '<form method="post" action="/en/wegwijzer/checklist/afvinken/"' not in html
    assert "Sign in to tick off these tasks" in html


def test_the_anonymous_guide_is_cached_and_an_edit_makes_it_fresh(client, guide):
    assert client.get("/en/wegwijzer/").headers["X-Cache"] == "miss"
    assert client.get("/en/wegwijzer/").headers["X-Cache"] == "hit"
    guide.steps[1].title_en = "Insurance policies"
    guide.steps[1].save()
    response = client.get("/en/wegwijzer/")
    assert b"Insurance policies" in response.content


def test_a_signed_in_member_sees_the_progress_of_their_checklists(client, guide, org_a):
    TickFactory(task=guide.tasks[0], organisation=org_a.organisation, done_by=org_a.member)
    client.force_login(org_a.member)
    html = client.get("/en/wegwijzer/").content.decode()
    assert "Buurtwerk Rabot" in html
    assert "1 of 5 tasks" in html
    assert "Just me" in html
    assert "0 of 5 tasks" in html


def test_a_signed_in_member_ticks_from_the_step_page_for_their_organisation(client, guide, org_a):
    client.force_login(org_a.member)
    html = client.get("/en/wegwijzer/verzekeringen/").content.decode()
    assert "Checklist of Buurtwerk Rabot: 0 of 3 done." in html
    assert 'name="voor" value="buurtwerk-rabot"' in html
    assert "Mark as done" in html
