from django.urls import path

from . import views

app_name = "maturity"
urlpatterns = [
    path("", views.index, name="index"),
    path("model/", views.model_page, name="model"),
    path("serveis/", views.services_page, name="services"),
    path("mapa/dades.json", views.map_data, name="map_data"),
    path("comparativa/<str:band>/", views.band_benchmark, name="band"),
    path("municipi/<str:code>/", views.municipality_page, name="municipality"),
    path("municipi/<str:code>/avaluacio/", views.assessment_start, name="assessment_start"),
    path("municipi/<str:code>/full-de-ruta/", views.roadmap_page, name="roadmap"),
    path("avaluacio/<int:pk>/", views.assessment_page, name="assessment"),
    path("avaluacio/<int:pk>/revisio/", views.assessment_review, name="assessment_review"),
    path("avaluacio/<int:pk>/nova-revisio/", views.assessment_revise, name="assessment_revise"),
    path("avaluacio/<int:pk>/respostes.csv", views.assessment_export, name="assessment_export"),
    path("evidencia/<int:pk>/", views.evidence, name="evidence"),
    path("importa/", views.import_page, name="import"),
    path("projectes/", views.project_board, name="projects"),
    path("projectes/<int:pk>/", views.project_page, name="project"),
    path("projectes/document/<int:pk>/", views.project_document, name="project_document"),
]
