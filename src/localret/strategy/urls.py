from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("nou/", views.plan_add, name="plan_add"),
    path("importar/", views.measurement_import, name="import"),
    path("indicadors/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("indicadors/<str:code>/mapa.json", views.indicator_map_data, name="indicator_map"),
    path("indicadors/<str:code>/editar/", views.indicator_form, name="indicator_edit"),
    path("indicadors/<str:code>/mesures/afegir/", views.measurement_add, name="measurement_add"),
    path(
        "indicadors/<str:code>/mesures/<int:pk>/editar/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "indicadors/<str:code>/mesures/<int:pk>/esborrar/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path("indicadors/<str:code>/fites/afegir/", views.milestone_add, name="milestone_add"),
    path(
        "indicadors/<str:code>/fites/<int:pk>/esborrar/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path("<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("<slug:slug>/editar/", views.plan_edit, name="plan_edit"),
    path("<slug:slug>/copiar/", views.plan_copy, name="plan_copy"),
    path("<slug:slug>/canvis/", views.changes, name="changes"),
    path("<slug:slug>/valors/afegir/", views.value_form, name="value_add"),
    path("<slug:slug>/valors/<int:pk>/editar/", views.value_form, name="value_edit"),
    path("<slug:slug>/valors/<int:pk>/esborrar/", views.value_delete, name="value_delete"),
    path("<slug:slug>/objectius/afegir/", views.objective_form, name="objective_add"),
    path("<slug:slug>/objectius/<str:code>/", views.objective_detail, name="objective_detail"),
    path("<slug:slug>/objectius/<str:code>/editar/", views.objective_form, name="objective_edit"),
    path(
        "<slug:slug>/objectius/<str:objective_code>/linies/afegir/",
        views.action_line_form,
        name="action_line_add",
    ),
    path("<slug:slug>/linies/<str:code>/", views.action_line_detail, name="action_line_detail"),
    path("<slug:slug>/linies/<str:code>/editar/", views.action_line_form, name="action_line_edit"),
    path(
        "<slug:slug>/linies/<str:line_code>/iniciatives/afegir/",
        views.initiative_form,
        name="initiative_add",
    ),
    path(
        "<slug:slug>/linies/<str:line_code>/indicadors/afegir/",
        views.indicator_form,
        name="indicator_add",
    ),
    path("<slug:slug>/iniciatives/<str:code>/", views.initiative_detail, name="initiative_detail"),
    path(
        "<slug:slug>/iniciatives/<str:code>/editar/",
        views.initiative_form,
        name="initiative_edit",
    ),
    path("<slug:slug>/<str:kind>/<str:code>/esborrar/", views.node_delete, name="node_delete"),
]
