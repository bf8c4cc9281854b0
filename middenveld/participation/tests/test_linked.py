"""A process page links to its events (middenveld.events) and ballots (middenveld.ballots);
unpublished ones stay out."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from middenveld.participation import selectors

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_process_page_links_its_published_events_and_ballots(client, process):
    from middenveld.ballots.tests.factories import BallotFactory
    from middenveld.events.tests.factories import EventFactory

    cache.clear()
    EventFactory(process=process, title_nl="Overlegmoment Rabot", title_en="Meeting Rabot")
    EventFactory(process=process, title_nl="Verborgen overleg", title_en="Hidden", published=False)
    EventFactory(title_nl="Ander proces", title_en="Other process")
    BallotFactory(process=process, title="Stemming prioriteiten")
    BallotFactory(process=process, title="Ontwerpstemming", published=False)
    text = client.get(process.get_absolute_url()).content.decode()
    assert "Meetings and events" in text and "Meeting Rabot" in text
    assert "Hidden" not in text and "Other process" not in text
    assert "Votes" in text and "Stemming prioriteiten" in text and "Ontwerpstemming" not in text
    assert "you can vote now" in text


def test_a_model_without_a_process_link_gives_nothing():
    assert selectors.linked_model("participation", "Phase") is not None  # has process → Process
    assert selectors.linked_model("participation", "Process") is None
    assert selectors.linked_model("nothing", "Here") is None
