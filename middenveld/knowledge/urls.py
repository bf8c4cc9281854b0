from django.urls import path

from middenveld.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("vragen/faq/", views.faq, name="faq"),
    path("vragen/faq/suggesties/", views.suggestions, name="suggestions"),
    path("vragen/faq/<slug:slug>/", views.article, name="article"),
]
