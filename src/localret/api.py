"""The platform's HTTP API: one NinjaAPI, one router per app, mounted under /api/v1/."""

from __future__ import annotations

from ninja import NinjaAPI

from localret.core.api import install_error_handlers

api = NinjaAPI(
    title="Localret platform API",
    version="1",
    description=(
        "API of the Localret platform. Authenticate with `POST /api/v1/auth/token` and send "
        "`Authorization: Bearer <token>`. Errors are `application/problem+json` (RFC 9457) "
        "with `errors: [{field, row?, message}]`. Lists take `limit` and `offset` and answer "
        "`{count, items}`."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
install_error_handlers(api)


def _mount() -> None:
    from localret.accounts.api import router as accounts_router
    from localret.connectivity.api import router as connectivity_router
    from localret.diagnosis.api import router as diagnosis_router
    from localret.governance.api import router as governance_router
    from localret.innovation.api import router as innovation_router
    from localret.maturity.api import router as maturity_router
    from localret.participation.api import router as participation_router
    from localret.reporting.api import router as reporting_router
    from localret.strategy.api import router as strategy_router
    from localret.territory.api import router as territory_router

    for router in (
        accounts_router,
        territory_router,
        strategy_router,
        diagnosis_router,
        participation_router,
        maturity_router,
        innovation_router,
        connectivity_router,
        governance_router,
        reporting_router,
    ):
        api.add_router("/v1", router)


_mount()
