"""Reporting is included at the site root: Board reports, transparency portal, open data."""

from django.urls import path

from . import home, opendata, views

app_name = "reporting"
urlpatterns = [
    # Where each role lands after log-in
    path("inici/", home.home_for, name="home_for"),
    # Board reports (staff and Board)
    path("reports/plans/<slug:slug>.pdf", views.board_report, {"fmt": "pdf"}, name="report_pdf"),
    path("reports/plans/<slug:slug>.xlsx", views.board_report, {"fmt": "xlsx"}, name="report_xlsx"),
    path("informes/", views.reports_page, name="reports"),
    path("informes/feines/<int:pk>/", views.job_page, name="job"),
    path("informes/feines/<int:pk>/descarrega", views.job_download, name="job_download"),
    path("informes/feines/<int:pk>/atura", views.job_cancel, name="job_cancel"),
    path("informes/feines/<int:pk>/torna-hi", views.job_retry, name="job_retry"),
    # Transparency portal (public)
    path("transparencia/", views.transparency_home, name="transparency"),
    path("transparencia/acords/", views.transparency_agreements, name="public_agreements"),
    path("transparencia/acords/<int:pk>/", views.transparency_agreement, name="public_agreement"),
    path(
        "transparencia/municipis/<str:code>/",
        views.transparency_municipality,
        name="public_municipality",
    ),
    path(
        "transparencia/municipis/<str:code>/consentiment/",
        views.publication_consent,
        name="publication_consent",
    ),
    path("transparencia/equilibri-territorial/", views.balance_page, name="balance"),
    path(
        "transparencia/equilibri-territorial/mapa.json", views.balance_map_data, name="balance_map"
    ),
    path("transparencia/plans/<slug:slug>/", views.transparency_plan, name="public_plan"),
    path(
        "transparencia/plans/<slug:slug>/<str:code>/",
        views.transparency_objective,
        name="public_objective",
    ),
    # Open data (public)
    path("dades-obertes/", opendata.opendata_page, name="opendata"),
    path("dades-obertes/catalog.jsonld", opendata.catalog, name="catalog"),
    path(
        "dades-obertes/<slug:slug>.csv-metadata.json",
        opendata.dataset_csvw,
        name="dataset_csvw",
    ),
    path("dades-obertes/<slug:slug>.csv", opendata.dataset_csv, name="dataset_csv"),
    path("dades-obertes/<slug:slug>.json", opendata.dataset_json, name="dataset_json"),
    path(
        "dades-obertes/<slug:slug>/diccionari.json",
        opendata.dataset_dictionary,
        name="dataset_dictionary",
    ),
]
