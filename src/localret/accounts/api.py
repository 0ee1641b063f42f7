import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from localret.core.api import BearerTokenAuth, Problem, ProblemSchema

from .services import token_issue, token_revoke

router = Router(tags=["auth"])


class TokenRequest(Schema):
    username: str
    password: str


class TokenResponse(Schema):
    token: str
    expires_at: dt.datetime


@router.post(
    "/auth/token",
    response={200: TokenResponse, 401: ProblemSchema, 429: ProblemSchema},
    auth=None,
    summary="Exchange a username and password for an API token (public)",
    description=(
        "Anyone may call it. Answers the token (send it as `Authorization: Bearer <token>`) "
        "and when it expires (`LOCALRET_TOKEN_DAYS` days, 90 by default; an expired token "
        "answers 401). A password change or reset revokes every token of the user. Wrong "
        "credentials: 401. After AXES_FAILURE_LIMIT failures for a username from one address, "
        "429 until the cool-off time has passed."
    ),
)
def obtain_token(request: HttpRequest, payload: TokenRequest) -> dict:
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        # django-axes locked this username and address out after repeated failures. Answer as
        # problem+json here, and clear the flag so that its middleware does not replace this
        # answer with the HTML lock-out page meant for browsers.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        raise Problem(
            429,
            "Too many failed log-in attempts",
            "This account is locked for a while after repeated failures; try again later.",
            headers={"Retry-After": str(int(float(settings.AXES_COOLOFF_TIME) * 3600))},
        )
    if user is None or not user.is_active:
        raise Problem(401, "Invalid credentials", "Wrong username or password.")
    issued = token_issue(user=user, name="api")
    return {"token": issued.raw, "expires_at": issued.expires_at}


@router.delete(
    "/auth/token",
    response={204: None, 401: ProblemSchema},
    auth=BearerTokenAuth(),
    summary="Revoke the token presented (Bearer token)",
    description=(
        "Whoever holds a valid token may revoke it: it stops working at once (204). Other "
        "tokens of the user are not affected. No token, an unknown or an expired one: 401 (a "
        "browser session is not enough: the endpoint revokes the Bearer token sent)."
    ),
)
def revoke_token(request: HttpRequest) -> Status[None]:
    # BearerTokenAuth has accepted the header "Bearer <token>"; split it as ninja does.
    raw = request.headers["Authorization"].split(" ", 1)[1]
    token_revoke(raw=raw)
    return Status(204, None)
