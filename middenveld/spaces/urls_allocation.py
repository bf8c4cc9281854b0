"""The organisations' pages of seasonal allocation (Dutch paths). They come before
the catalogue's ``ruimtes/<building>/`` in ``urls.py``."""

from django.urls import path

from middenveld.spaces import views_allocation

urlpatterns = [
    path("ruimtes/toewijzing/", views_allocation.allocation_list, name="allocation_list"),
    path(
        "ruimtes/toewijzing/<int:pk>/", views_allocation.allocation_round, name="allocation_round"
    ),
    path(
        "ruimtes/toewijzing/<int:pk>/aanvraag/<int:request_id>/intrekken/",
        views_allocation.allocation_withdraw,
        name="allocation_withdraw",
    ),
]
