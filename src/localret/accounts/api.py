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
    response={200: TokenResponse, 401: ProblemSchema},
    auth=None,
    summary="Exchange a username and password for an API token (public)",
)
def obtain_token(request: HttpRequest, payload: TokenRequest) -> dict:
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        raise Problem(401, "Invalid credentials", "Wrong username or password.")
    return {"token": token_create(user=user, name="api")}
