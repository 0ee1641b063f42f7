from __future__ import annotations

from typing import Literal, get_args

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import BaseModel, Field, field_validator

from .models import ROLE_SYNONYMS, Contact
from .phones import MAX_DIGITS, MIN_DIGITS, is_plausible_phone
from .text import fold

# The contact roles of the contract; the same four as Contact.Kind (checked below).
ContactRole = Literal["digital_lead", "it", "dpo", "other"]
if set(get_args(ContactRole)) != set(Contact.Kind.values):  # pragma: no cover
    raise AssertionError("ContactRole and Contact.Kind must list the same roles")

PHONE_MESSAGE = (
    f"is not a valid phone number: {MIN_DIGITS} to {MAX_DIGITS} digits, with an optional "
    "leading + and spaces, dots, dashes or parentheses between them"
)


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
    """A contact as sent to ``PATCH .../profile`` (validated)."""

    name: str = Field(min_length=1, max_length=150)
    role: ContactRole = Field(
        description="digital_lead, it, dpo or other; the usual names of these roles are read "
        'as their code, whatever their case and accents ("DPO" -> dpo, "IT contact" -> '
        'it, "Digital-transformation lead" -> digital_lead)'
    )
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=30)

    @field_validator("role", mode="before")
    @classmethod
    def _role_code(cls, value: object) -> object:
        # A role written as people write it ("DPO", "IT contact") is its code; anything else
        # is refused by the enum with the four codes named.
        if isinstance(value, str):
            return ROLE_SYNONYMS.get(fold(value), value)
        return value

    @field_validator("name")
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
        if value and not is_plausible_phone(value):
            raise ValueError(PHONE_MESSAGE)
        return value


class ContactOut(Schema):
    """A contact as stored (not validated again: a phone saved under an older, looser rule is
    still shown, and refused only when the contact is next changed)."""

    name: str
    role: ContactRole
    email: str
    phone: str


class ProfileOut(Schema):
    municipality: str
    contacts: list[ContactOut]
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
