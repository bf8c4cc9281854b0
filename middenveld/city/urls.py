from django.urls import path

from middenveld.city import views

app_name = "city"

urlpatterns = [
    path("mijn/meldingen/", views.notifications, name="notifications"),
    path("mijn/meldingen/gelezen/", views.notifications_read, name="notifications_read"),
    path("mijn/meldingen/dagoverzicht/", views.digest, name="digest"),
]
