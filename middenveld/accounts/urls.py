"""Account pages. Paths are Dutch; other languages get a prefix (/en/, /fr/, ...)."""

from django.urls import path

from middenveld.accounts import views

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", views.signin, name="login"),
    path("afmelden/", views.SignoutView.as_view(), name="logout"),
    path("registreren/", views.signup, name="signup"),
    path("registreren/verzonden/", views.mail_sent, name="mail_sent"),
    path("registreren/opnieuw/", views.verification_resend, name="verification_resend"),
    path("registreren/bevestigen/<str:uidb64>/<str:token>/", views.verify, name="verify"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verzonden/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "wachtwoord-herstellen/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mijn/", views.profile, name="profile"),
    path("mijn/api-sleutels/", views.token_create, name="token_create"),
    path("mijn/api-sleutels/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
    path("mijn/gegevens-downloaden/", views.export, name="export"),
    path("mijn/account-verwijderen/", views.erase, name="erase"),
]
