from django.urls import path

from middenveld.events import views

app_name = "events"

urlpatterns = [
    path("activiteiten/", views.event_list, name="list"),
    path("activiteiten/<slug:slug>/", views.event_detail, name="detail"),
    path("activiteiten/<slug:slug>/afmelden/", views.registration_cancel, name="cancel"),
    path("activiteiten/<slug:slug>/agenda.ics", views.registration_ics, name="ics"),
    path("mijn/activiteiten/", views.my_registrations, name="mine"),
]
