from django.urls import path

from middenveld.support import views

app_name = "support"

urlpatterns = [
    path("vragen/", views.ask, name="ask"),
    path("vragen/verzonden/", views.sent, name="sent"),
]
