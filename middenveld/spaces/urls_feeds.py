"""The private calendar feeds (``feeds.py``): the feed itself and "my calendar feeds"."""

from django.urls import path

from middenveld.spaces import feeds

urlpatterns = [
    path("ruimtes/agenda/<str:token>.ics", feeds.feed, name="feed"),
    path("mijn/boekingen/agenda/", feeds.my_feeds, name="my_feeds"),
]
