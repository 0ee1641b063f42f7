from django.urls import path

from . import views

app_name = "connectivity"
urlpatterns = [
    path("", views.gaps, name="gaps"),
    path("mapa/dades.json", views.map_data, name="map_data"),
    path("canvis/", views.changes, name="changes"),
    path("desplegaments/", views.deployments, name="deployments"),
    path("municipi/<str:code>/", views.municipality_page, name="municipality"),
    path("importar/", views.coverage_import, name="import"),
    path("importacions/<int:job_id>/", views.job, name="job"),
    path("importacions/<int:job_id>/torna-a-executar/", views.job_retry, name="job_retry"),
    path("planificador/", views.planner_home, name="planner"),
    path("planificador/execucions/<int:job_id>/", views.planner_job, name="planner_job"),
    path(
        "planificador/execucions/<int:job_id>/estat.json",
        views.planner_job_status,
        name="planner_job_status",
    ),
    path(
        "planificador/execucions/<int:job_id>/atura/",
        views.planner_job_cancel,
        name="planner_job_cancel",
    ),
    path(
        "planificador/execucions/<int:job_id>/torna-a-executar/",
        views.planner_job_retry,
        name="planner_job_retry",
    ),
    path("planificador/comparar/", views.scenario_compare, name="compare"),
    path("planificador/candidats/<str:name>/", views.candidate_set, name="candidates"),
    path("planificador/candidat/<int:pk>/cost/", views.candidate_override, name="override"),
    path("planificador/escenari/<int:scenario_id>/", views.scenario, name="scenario"),
    path(
        "planificador/escenari/<int:scenario_id>/export.<str:fmt>",
        views.scenario_export,
        name="scenario_export",
    ),
]
