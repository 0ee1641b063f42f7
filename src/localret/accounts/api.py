from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Schema

from localret.core.api import Problem, ProblemSchema

from .services import token_create

router = Router(tags=["auth"])


class TokenRequest(Schema):
    username: str
    password: str


class TokenResponse(Schema):
    token: str


@router.post(
    "/auth/token",
    response={200: TokenResponse, 401: ProblemSchema, 429: ProblemSchema},
    auth=None,
    summary="Exchange a username and password for an API token (public)",
    description=(
        "Anyone may call it. Wrong credentials: 401. After AXES_FAILURE_LIMIT failures for "
        "a username from one address, 429 until the cool-off time has passed."
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
        )
    if user is None or not user.is_active:
        raise Problem(401, "Invalid credentials", "Wrong username or password.")
    return {"token": token_create(user=user, name="api")}
