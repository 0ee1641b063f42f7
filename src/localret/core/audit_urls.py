from django.urls import path

from . import audit_views

app_name = "audit"
urlpatterns = [
    path("<str:app_label>/<str:model_name>/<int:pk>/", audit_views.history, name="history"),
    path(
        "<str:app_label>/<str:model_name>/<int:pk>/<int:history_id>/restaura/",
        audit_views.restore,
        name="restore",
    ),
]
