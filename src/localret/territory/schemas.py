from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import BaseModel, Field, field_validator

_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,24}$")


# A plain pydantic model, not a ninja Schema: lists of up to 1,000 are validated from dicts
# without ninja's attribute-access wrapper (about 10x faster; see bench/).
class MunicipalityOut(BaseModel):
    code: str
    ine5: str
    name: str
    comarca: str
    comarca_code: str
    vegueria: str
    province: str
    province_code: str
    population: int | None
    population_year: int | None
    population_band: str
    area_km2: float | None
    altitude_m: int | None
    seat: str
    lat: float | None
    lon: float | None
    households: int | None
    households_estimated: bool


class MunicipalityPage(BaseModel):
    count: int
    items: list[MunicipalityOut]


class ContactSchema(Schema):
    name: str = Field(min_length=1, max_length=150)
    role: str = Field(min_length=1, max_length=150)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=30)

    @field_validator("name", "role")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("is not a valid e-mail address") from None
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = value.strip()
        if value and not _PHONE.match(value):
            raise ValueError("is not a valid phone number")
        return value


class ProfileOut(Schema):
    municipality: str
    contacts: list[ContactSchema]
    notes: str


class ProfilePatch(Schema):
    contacts: list[ContactSchema] | None = Field(default=None, max_length=20)
    notes: str | None = Field(default=None, max_length=5000)


def municipality_out(m) -> dict:  # type: ignore[no-untyped-def]
    return {
        "code": m.code,
        "ine5": m.ine5,
        "name": m.name,
        "comarca": m.comarca.name,
        "comarca_code": m.comarca.code,
        "vegueria": m.comarca.vegueria.name,
        "province": m.province.name,
        "province_code": m.province.code,
        "population": m.population,
        "population_year": m.population_year,
        "population_band": m.population_band,
        "area_km2": float(m.area_km2) if m.area_km2 is not None else None,
        "altitude_m": m.altitude_m,
        "seat": m.seat,
        "lat": m.lat,
        "lon": m.lon,
        "households": m.households,
        "households_estimated": m.households_estimated,
    }
