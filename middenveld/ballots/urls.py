from django.urls import path

from middenveld.ballots import views

app_name = "ballots"

urlpatterns = [
    path("inspraak/stemmingen/", views.ballot_list, name="list"),
    path("inspraak/stemmingen/<slug:slug>/", views.ballot_detail, name="ballot"),
    path("inspraak/stemmingen/<slug:slug>/stemmen.pb", views.ballot_export, name="export"),
]
