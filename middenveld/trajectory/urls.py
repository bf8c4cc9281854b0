from django.urls import path

from middenveld.trajectory import views

app_name = "trajectory"

urlpatterns = [
    path("", views.home, name="home"),
    path("traject/", views.trajectory, name="trajectory"),
    path("werven/", views.workstream_list, name="workstreams"),
    path("werven/<slug:slug>/", views.workstream_detail, name="workstream"),
    path("tijdlijn/", views.timeline, name="timeline"),
    path("documenten/", views.document_list, name="documents"),
    path("nieuws/", views.news_list, name="news"),
    path("nieuws/<slug:slug>/", views.news_detail, name="news_item"),
]
