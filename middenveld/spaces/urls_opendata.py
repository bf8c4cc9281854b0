"""Open data of spaces (``views_opendata.py``), in the ``spaces`` namespace."""

from django.urls import path

from middenveld.spaces import views_opendata

urlpatterns = [
    path(
        "ruimtes/open-data/ruimtes.jsonld",
        views_opendata.spaces_jsonld,
        name="opendata_spaces",
    ),
    path(
        "ruimtes/open-data/bezetting.jsonld",
        views_opendata.occupancy_jsonld,
        name="opendata_occupancy",
    ),
    path(
        "ruimtes/open-data/bezetting.csv",
        views_opendata.occupancy_csv,
        name="opendata_occupancy_csv",
    ),
]
