"""The parliament's pages (Dutch paths). Sessions and votes: ``views.py``; the advice
tracker and signals: ``views_advice.py``; draws by lot: ``views_draw.py``; the composition
rules: ``views_composition.py``; documents: ``views_documents.py``."""

from django.urls import path

from middenveld.parliament import (
    views,
    views_advice,
    views_composition,
    views_documents,
    views_draw,
)

app_name = "parliament"

urlpatterns = [
    path("middenveldparlement/", views.home, name="home"),
    path("middenveldparlement/organen/<slug:slug>/", views.body_detail, name="body"),
    path(
        "middenveldparlement/organen/<slug:slug>/samenstelling/",
        views_composition.composition,
        name="composition",
    ),
    path(
        "middenveldparlement/organen/<slug:slug>/documenten/",
        views_documents.body_documents,
        name="body_documents",
    ),
    path(
        "middenveldparlement/documenten/<int:pk>/",
        views_documents.body_document,
        name="body_document",
    ),
    path("middenveldparlement/zittingen/<int:pk>/", views.session_detail, name="session"),
    path(
        "middenveldparlement/zittingen/<int:pk>/documenten/",
        views_documents.session_documents,
        name="session_documents",
    ),
    path(
        "middenveldparlement/agendadocumenten/<int:pk>/",
        views_documents.agenda_document,
        name="agenda_document",
    ),
    path(
        "middenveldparlement/zittingen/<int:pk>/agenda.ics", views.session_ics, name="session_ics"
    ),
    path("middenveldparlement/stemmingen/<int:pk>/", views.vote_detail, name="vote"),
    path("middenveldparlement/stemmingen/<int:pk>/stand/", views.vote_tally, name="tally"),
    path("middenveldparlement/lottrekkingen/", views_draw.draw_list, name="draws"),
    path("middenveldparlement/lottrekkingen/nieuw/", views_draw.draw_new, name="draw_new"),
    path("middenveldparlement/lottrekkingen/<int:pk>/", views_draw.draw_detail, name="draw"),
    path("middenveldparlement/adviezen/", views_advice.advice_list, name="advice_list"),
    path("middenveldparlement/adviezen/<str:number>/", views_advice.advice_detail, name="advice"),
    path("middenveldparlement/signalen/", views_advice.signal_list, name="signals"),
    path("middenveldparlement/signalen/nieuw/", views_advice.signal_new, name="signal_new"),
    path(
        "middenveldparlement/signalen/bundel/<int:year>/",
        views_advice.signal_report,
        name="signal_report",
    ),
    path(
        "middenveldparlement/signalen/bundel/<int:year>.pdf",
        views_advice.signal_report_pdf,
        name="signal_report_pdf",
    ),
]
