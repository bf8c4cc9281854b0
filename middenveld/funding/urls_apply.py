"""The applicant's pages, and the staff action that sends an application back."""

from django.urls import URLPattern, path

from middenveld.funding import views_apply

urlpatterns: list[URLPattern] = [
    path(
        "subsidies/oproepen/<slug:slug>/aanvragen/",
        views_apply.application_start,
        name="application_start",
    ),
    path("subsidies/mijn-aanvragen/", views_apply.my_applications, name="my_applications"),
    path(
        "subsidies/aanvragen/<str:reference>/",
        views_apply.application_detail,
        name="application",
    ),
    path(
        "subsidies/aanvragen/<str:reference>/indienen/",
        views_apply.application_submit,
        name="application_submit",
    ),
    path(
        "subsidies/aanvragen/<str:reference>/intrekken/",
        views_apply.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "subsidies/aanvragen/<str:reference>/kopie.pdf",
        views_apply.application_copy,
        name="application_pdf",
    ),
    path(
        "subsidies/aanvragen/<str:reference>/bijlagen/",
        views_apply.attachment_add,
        name="application_attachment_add",
    ),
    path(
        "subsidies/aanvragen/<str:reference>/bijlagen/<int:pk>/",
        views_apply.attachment_download,
        name="application_attachment",
    ),
    path(
        "subsidies/aanvragen/<str:reference>/bijlagen/<int:pk>/verwijderen/",
        views_apply.attachment_remove,
        name="application_attachment_remove",
    ),
    path(
        "subsidies/beheer/aanvragen/<str:reference>/terugsturen/",
        views_apply.application_return,
        name="application_return",
    ),
]
