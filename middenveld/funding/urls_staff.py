"""The staff review, the assessors' pages, awards, reports and decision letters
(``views_staff.py``). Dutch paths."""

from django.urls import path

from middenveld.funding import views_staff

urlpatterns = [
    path(
        "subsidies/beheer/aanvragen/",
        views_staff.application_list,
        name="staff_applications",
    ),
    path(
        "subsidies/beheer/aanvragen/<str:reference>/",
        views_staff.application_detail,
        name="staff_application",
    ),
    path(
        "subsidies/beheer/aanvragen/<str:reference>/momentopname/<int:pk>/",
        views_staff.snapshot_staff,
        name="staff_snapshot",
    ),
    path(
        "subsidies/beheer/oproepen/<slug:slug>/beoordelaars/",
        views_staff.call_assessors,
        name="call_assessors",
    ),
    path(
        "subsidies/beheer/toekenningen/<str:identifier>/",
        views_staff.award_detail,
        name="staff_award",
    ),
    path(
        "subsidies/beheer/rapporten/<int:pk>/bestand/",
        views_staff.report_download,
        name="report_download",
    ),
    path("subsidies/beoordelen/", views_staff.assess_list, name="assess_list"),
    path("subsidies/beoordelen/<str:reference>/", views_staff.assess, name="assess"),
    path(
        "subsidies/mijn-aanvragen/rapporten/<int:pk>/",
        views_staff.report_file,
        name="report_file",
    ),
    path(
        "subsidies/mijn-aanvragen/momentopnamen/<int:pk>/",
        views_staff.snapshot_member,
        name="snapshot",
    ),
    path(
        "subsidies/toekenningen/<str:identifier>/brief.pdf",
        views_staff.award_letter,
        name="award_letter",
    ),
    path(
        "subsidies/beslissingen/<str:reference>/brief.pdf",
        views_staff.decision_letter,
        name="decision_letter",
    ),
]
