"""Staff set-up (budgets, regulations, calls), agreements and distributions (Dutch paths)."""

from django.urls import URLPattern, path

from middenveld.funding import views_agreements, views_setup

urlpatterns: list[URLPattern] = [
    path("subsidies/beheer/", views_setup.staff_home, name="staff_home"),
    path("subsidies/beheer/budgetten/nieuw/", views_setup.budget_new, name="staff_budget_new"),
    path("subsidies/beheer/lijnen/nieuw/", views_setup.line_new, name="staff_line_new"),
    path(
        "subsidies/beheer/lijnen/overdracht/",
        views_setup.line_transfer,
        name="staff_line_transfer",
    ),
    path(
        "subsidies/beheer/lijnen/<int:pk>/beslissing/",
        views_setup.line_decision,
        name="staff_line_decision",
    ),
    path(
        "subsidies/beheer/reglementen/<slug:slug>/",
        views_setup.regulation_detail,
        name="staff_regulation",
    ),
    path(
        "subsidies/beheer/reglementen/<slug:slug>/v<int:number>.yaml",
        views_setup.regulation_export,
        {"format": "yaml"},
        name="staff_regulation_yaml",
    ),
    path(
        "subsidies/beheer/reglementen/<slug:slug>/v<int:number>.json",
        views_setup.regulation_export,
        {"format": "json"},
        name="staff_regulation_json",
    ),
    path("subsidies/beheer/oproepen/", views_setup.call_list, name="staff_calls"),
    path("subsidies/beheer/oproepen/nieuw/", views_setup.call_new, name="staff_call_new"),
    path(
        "subsidies/beheer/oproepen/<slug:slug>/bewerken/",
        views_setup.call_edit,
        name="staff_call_edit",
    ),
    path(
        "subsidies/beheer/overeenkomsten/",
        views_agreements.agreement_list,
        name="staff_agreements",
    ),
    path(
        "subsidies/beheer/overeenkomsten/nieuw/",
        views_agreements.agreement_new,
        name="staff_agreement_new",
    ),
    path(
        "subsidies/beheer/overeenkomsten/<int:pk>/",
        views_agreements.agreement_detail,
        name="staff_agreement",
    ),
    path(
        "subsidies/beheer/verdeling/<int:line>/",
        views_agreements.distribution,
        name="staff_distribution",
    ),
    path(
        "subsidies/beheer/verdeling/<int:line>/<int:run>/",
        views_agreements.distribution_run,
        name="staff_distribution_run",
    ),
    path(
        "subsidies/overeenkomsten/<int:pk>/",
        views_agreements.agreement_member,
        name="agreement",
    ),
]
