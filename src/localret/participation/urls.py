from django.urls import path

from . import version_pages, views

app_name = "participation"
urlpatterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("consultes/nova/", views.consultation_create, name="consultation_create"),
    path("consultes/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultes/<int:pk>/gestio/", views.consultation_manage, name="consultation_manage"),
    path("consultes/<int:pk>/comentaris/", views.comment_create, name="comment_create"),
    path("consultes/<int:pk>/propostes/", views.proposal_create, name="proposal_create"),
    path("propostes/<int:pk>/suport/", views.proposal_support, name="proposal_support"),
    path("propostes/<int:pk>/decisio/", views.proposal_decide, name="proposal_decide"),
    path("plans/<slug:slug>/versions/", version_pages.version_list, name="version_list"),
    path(
        "plans/<slug:slug>/versions/compara/", version_pages.version_compare, name="version_compare"
    ),
    path(
        "plans/<slug:slug>/versions/<int:a>/diff/<int:b>/",
        version_pages.version_diff,
        name="version_diff",
    ),
    path(
        "plans/<slug:slug>/elements/<str:key>/", version_pages.element_trace, name="element_trace"
    ),
    path("plans/<slug:slug>/avaluacio/", views.evaluation, name="evaluation"),
    path(
        "plans/<slug:slug>/avaluacio.<str:fmt>",
        views.evaluation_document,
        name="evaluation_document",
    ),
]
