from django.core.cache import cache as django_cache
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router

from localret.core import cache as data_cache
from localret.core.api import Pagination, Problem, ProblemSchema, allowed, paginate

from . import permissions, selectors, services
from .bands import BAND_CODES, QueryBand
from .schemas import MunicipalityOut, MunicipalityPage, ProfileOut, ProfilePatch, municipality_out

router = Router(tags=["municipalities"])


class MunicipalityFilters(Pagination):
    """The list's query. A parameter sent empty (``?limit=&search=``, as forms and the contract
    write them) counts as not sent: its default applies. Bad values stay 422, naming the field."""

    search: str = ""
    comarca: str = ""
    province: str = ""
    vegueria: str = ""
    population_band: QueryBand = ""


@router.get(
    "/municipalities",
    response={200: MunicipalityPage, 422: ProblemSchema},
    auth=None,
    summary="List municipalities (public)",
)
def list_municipalities(request: HttpRequest, filters: Query[MunicipalityFilters]) -> HttpResponse:
    if filters.population_band and filters.population_band not in BAND_CODES:
        raise Problem(
            422,
            "Invalid input",
            errors=[
                {
                    "field": "population_band",
                    "message": f"must be one of {', '.join(BAND_CODES)}",
                }
            ],
        )
    query = {
        "search": filters.search,
        "comarca": filters.comarca,
        "province": filters.province,
        "vegueria": filters.vegueria,
        "population_band": filters.population_band,
    }
    # Public and the same for everyone: the serialised body is cached per normalised query
    # under the register's data version (core/cache.py), so a warm request costs one query.
    limit, offset = filters.limit, filters.offset  # out of range: paginate raises 422

    def build() -> bytes:
        qs = selectors.municipality_list(**query)
        count, page = paginate(qs, limit, offset)
        body = MunicipalityPage.model_validate(
            {"count": count, "items": selectors.municipality_values(page)}
        )
        # Validated and serialised by pydantic-core in one step: for 1,000 items this is
        # several times faster than ninja's generic response path (see bench/).
        return body.model_dump_json().encode()

    body = data_cache.cached(
        "territory:api-list",
        reads=("territory",),
        parts=(tuple(sorted(query.items())), limit, offset),
        build=build,
    )
    return HttpResponse(body, content_type="application/json")


@router.get(
    "/municipalities/{code}",
    response={200: MunicipalityOut, 404: ProblemSchema},
    auth=None,
    summary="One municipality (public)",
)
def get_municipality(request: HttpRequest, code: str) -> HttpResponse:
    # Public: the body is cached per code under the register's data version (core/cache.py).
    # Unknown codes are not cached (arbitrary URLs must not fill the cache).
    key = data_cache.key("territory:api-detail", ("territory",), code)
    body = django_cache.get(key)
    if body is None:
        municipality = selectors.municipality_get(code)
        if municipality is None:
            raise Http404(f"No municipality with code {code}")
        out = MunicipalityOut.model_validate(municipality_out(municipality))
        body = out.model_dump_json().encode()
        django_cache.set(key, body, data_cache.TIMEOUT)
    return HttpResponse(body, content_type="application/json")


def _profile_out(municipality) -> dict:  # type: ignore[no-untyped-def]
    profile = selectors.profile_get(municipality)
    contacts = list(profile.contacts.all()) if profile else []
    return {
        "municipality": municipality.code,
        "contacts": [
            {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone} for c in contacts
        ],
        "notes": profile.notes if profile else "",
    }


def _municipality_or_404(code: str):  # type: ignore[no-untyped-def]
    municipality = selectors.municipality_get(code)
    if municipality is None:
        raise Http404(f"No municipality with code {code}")
    return municipality


@router.get(
    "/municipalities/{code}/profile",
    response={200: ProfileOut, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    # Who may read is checked in auth=, before anything else (403 for others, 401 without
    # credentials).
    auth=allowed(lambda user, code, **_: permissions.can_view_profile(user, code)),
    summary="Contacts and notes of a municipality (staff and the municipality's users)",
)
def get_profile(request: HttpRequest, code: str) -> dict:
    return _profile_out(_municipality_or_404(code))


@router.patch(
    "/municipalities/{code}/profile",
    response={
        200: ProfileOut,
        401: ProblemSchema,
        403: ProblemSchema,
        404: ProblemSchema,
        422: ProblemSchema,
    },
    # Checked in auth=, before the body is read: a refused user gets 403 whatever they send,
    # never a 422 that would say something about the data.
    auth=allowed(lambda user, code, **_: permissions.can_edit_profile(user, code)),
    summary="Change contacts and notes (staff and the municipality's users)",
)
def patch_profile(request: HttpRequest, code: str, payload: ProfilePatch) -> dict:
    municipality = _municipality_or_404(code)
    services.profile_update(
        municipality=municipality,
        contacts=[c.dict() for c in payload.contacts] if payload.contacts is not None else None,
        notes=payload.notes,
        by=request.auth,  # type: ignore[attr-defined]
    )
    return _profile_out(municipality)
