from django.urls import path

from middenveld.support import views

app_name = "support"

urlpatterns = [
    path("vragen/", views.ask, name="ask"),
    path("vragen/verzonden/", views.sent, name="sent"),
    path("mijn/vragen/", views.mine, name="mine"),
    path("mijn/vragen/<int:pk>/", views.question, name="question"),
    path("mijn/vragen/<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment, name="attachment"),
]
