from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", auth_views.LoginView.as_view(), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("registreren/", TemplateView.as_view(template_name="base.html"), name="signup"),
    path("mijn/", TemplateView.as_view(template_name="base.html"), name="profile"),
]
