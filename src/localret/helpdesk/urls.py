"""Included at the site root: /peticions/, /avisos/ and /transparencia/peticions/."""

from django.urls import path

from . import views

app_name = "helpdesk"
urlpatterns = [
    path("peticions/", views.request_list, name="list"),
    path("peticions/nova/", views.request_create, name="create"),
    path("peticions/nivells-de-servei/", views.service_levels, name="service_levels"),
    path("peticions/<int:pk>/", views.request_detail, name="detail"),
    path("peticions/<int:pk>/missatges/", views.message_create, name="message"),
    path("peticions/<int:pk>/fitxers/", views.attachment_create, name="attachment"),
    path("peticions/<int:pk>/triatge/", views.triage, name="triage"),
    path("peticions/<int:pk>/valoracio/", views.survey, name="survey"),
    path("peticions/fitxers/<int:pk>/", views.attachment_download, name="download"),
    path("avisos/", views.notification_list, name="notifications"),
    path("avisos/llegits/", views.notifications_read, name="notifications_read"),
    path("avisos/comptador/", views.unread_badge, name="badge"),
    path("avisos/preferencies/", views.preferences, name="preferences"),
    path("transparencia/peticions/", views.public_figures, name="public"),
]
