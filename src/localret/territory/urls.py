from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("mapa/", views.map_page, name="map"),
    path("mapa/dades.json", views.map_data, name="map_data"),
    path("limits/<str:level>.geojson", views.boundaries, name="boundaries"),
    path("<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("<str:code>/perfil/", views.profile_edit, name="profile_edit"),
]
