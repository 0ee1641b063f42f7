from django.contrib import admin
from django.urls import include, path

from localret.api import api

# Errors under /api/ are problem+json (localret/api.py), HTML pages elsewhere.
handler500 = "localret.api.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("comptes/", include("localret.accounts.urls")),
    path("municipis/", include("localret.territory.urls")),
    path("historial/", include("localret.core.audit_urls")),
    path("pla/", include("localret.strategy.urls")),
    path("diagnosi/", include("localret.diagnosis.urls")),
    path("participacio/", include("localret.participation.urls")),
    path("maduresa/", include("localret.maturity.urls")),
    path("innovacio/", include("localret.innovation.urls")),
    path("connectivitat/", include("localret.connectivity.urls")),
    path("governanca/", include("localret.governance.urls")),
    path("", include("localret.helpdesk.urls")),
    path("", include("localret.reporting.urls")),
    path("", include("localret.core.urls")),
]
