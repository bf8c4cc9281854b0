from django.urls import path

from middenveld.coaching import views

app_name = "coaching"

urlpatterns = [
    path(
        "mijn/organisaties/<slug:slug>/coaching/",
        views.organisation_coaching,
        name="organisation",
    ),
]
