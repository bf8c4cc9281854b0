from django.urls import path

from middenveld.guide import views

app_name = "guide"

urlpatterns = [
    path("wegwijzer/", views.overview, name="overview"),
    path("wegwijzer/checklist/", views.checklist, name="checklist"),
    path("wegwijzer/checklist.pdf", views.checklist_download, name="checklist_pdf"),
    path("wegwijzer/checklist/afvinken/", views.tick, name="tick"),
    path("wegwijzer/<slug:slug>/", views.step_detail, name="step"),
]
