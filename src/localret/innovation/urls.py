from django.urls import path

from . import views

app_name = "innovation"
urlpatterns = [
    path("", views.board, name="board"),
    path("pilots/nou/", views.pilot_form, name="pilot_create"),
    path("pilots/<int:pk>/", views.pilot_detail, name="pilot_detail"),
    path("pilots/<int:pk>/edita/", views.pilot_form, name="pilot_edit"),
    path("pilots/<int:pk>/etapa/", views.pilot_move, name="pilot_move"),
    path("pilots/<int:pk>/criteris/", views.criterion_add, name="criterion_add"),
    path("pilots/<int:pk>/ofertes/", views.offer_create, name="offer_create"),
    path("avaluacions/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("avaluacions/<int:pk>/resultats/", views.evaluation_results, name="evaluation_results"),
    path("avaluacions/<int:pk>/decisio/", views.evaluation_decide, name="evaluation_decide"),
    path("ofertes/<int:pk>/estat/", views.offer_status, name="offer_status"),
    path("idees/", views.idea_list, name="idea_list"),
    path("idees/<int:pk>/estat/", views.idea_status, name="idea_status"),
]
