from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("pendents/", views.overdue, name="overdue"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/acta.pdf", views.minutes_download, name="minutes"),
    path("reunions/<int:pk>/acta/", views.minutes_upload, name="minutes_upload"),
    path("reunions/<int:pk>/acords/", views.agreement_create, name="agreement_create"),
    path("acords/<int:pk>/", views.agreement_detail, name="agreement"),
    path("acords/<int:pk>/seguiments/", views.follow_up_create, name="follow_up_create"),
    path("seguiments/<int:pk>/estat/", views.follow_up_status, name="follow_up_status"),
]
