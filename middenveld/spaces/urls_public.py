"""The public and member pages of spaces (Dutch paths): the catalogue, a building, a
space with its availability, booking it, and the person's bookings."""

from django.urls import path

from middenveld.spaces import views

urlpatterns = [
    path("ruimtes/", views.space_list, name="list"),
    path("ruimtes/<slug:building>/", views.building_detail, name="building"),
    path("ruimtes/<slug:building>/<slug:space>/", views.space_detail, name="space"),
    path("ruimtes/<slug:building>/<slug:space>/boeken/", views.book, name="book"),
    path("mijn/boekingen/", views.my_bookings, name="mine"),
    path("mijn/boekingen/<int:pk>/", views.booking_detail, name="booking"),
    path("mijn/boekingen/<int:pk>/agenda.ics", views.booking_ics, name="booking_ics"),
]
