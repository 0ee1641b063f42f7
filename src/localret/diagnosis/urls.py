from django.urls import path

from . import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/troballes/nova/", views.finding_edit, name="finding_create"),
    path("<slug:slug>/troballes/<int:pk>/", views.finding_edit, name="finding_edit"),
    path("<slug:slug>/troballes/<int:pk>/esborra/", views.finding_delete, name="finding_delete"),
    path("<slug:slug>/agents/nou/", views.stakeholder_edit, name="stakeholder_create"),
    path("<slug:slug>/agents/<int:pk>/", views.stakeholder_edit, name="stakeholder_edit"),
    path(
        "<slug:slug>/agents/<int:pk>/esborra/",
        views.stakeholder_delete,
        name="stakeholder_delete",
    ),
]
