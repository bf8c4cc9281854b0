from django.urls import path

from middenveld.participation import views

app_name = "participation"

urlpatterns = [
    path("inspraak/", views.process_list, name="processes"),
    path("inspraak/reacties/<int:pk>/melden/", views.comment_report, name="comment_report"),
    path("inspraak/<slug:slug>/", views.process_detail, name="process"),
    path("inspraak/<slug:slug>/voorstellen/", views.proposal_list, name="proposals"),
    path("inspraak/<slug:slug>/voorstellen/nieuw/", views.proposal_new, name="proposal_new"),
    path("inspraak/<slug:slug>/voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
]
