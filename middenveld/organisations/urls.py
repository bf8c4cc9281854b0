from django.urls import path

from middenveld.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisaties/", views.directory, name="directory"),
    path("organisaties/registreren/", views.register_start, name="register"),
    path("organisaties/uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("organisaties/<slug:slug>/", views.detail, name="detail"),
    path("organisaties/<slug:slug>/organisatie.jsonld", views.jsonld, name="jsonld"),
    path("organisaties/<slug:slug>/bewerken/<str:step>/", views.edit_step, name="edit"),
    path("organisaties/<slug:slug>/indienen/", views.submit, name="submit"),
    path("organisaties/<slug:slug>/leden/", views.members, name="members"),
    path("organisaties/<slug:slug>/aansluiten/", views.join, name="join"),
    path("organisaties/<slug:slug>/verlaten/", views.leave, name="leave"),
    path("mijn/organisaties/", views.my_organisations, name="mine"),
]
