"""Small maturity data for tests: campaigns and validated assessments built with services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from localret.maturity import services
from localret.maturity.models import Assessment, Campaign, MaturityIndicator, MaturityModel
from localret.territory.models import Municipality


def default_model() -> MaturityModel:
    return MaturityModel.objects.get(version="2021")


def make_campaign(slug: str = "diagnosi-2023", year: int = 2023, is_open: bool = True) -> Campaign:
    return Campaign.objects.create(
        slug=slug,
        name=f"Diagnosi {year}",
        year=year,
        model=default_model(),
        opens_on=dt.date(year, 1, 15),
        is_open=is_open,
    )


def indicators() -> list[MaturityIndicator]:
    return list(
        MaturityIndicator.objects.filter(dimension__model=default_model()).order_by(
            "dimension__position", "position"
        )
    )


def answers_for(level: float) -> dict[str, Decimal]:
    """Answers of a municipality of the given 'strength' 0-1 (deterministic)."""
    out = {}
    for i, ind in enumerate(indicators()):
        if ind.kind == "check":
            out[ind.code] = Decimal(1 if (i * 37 % 100) / 100 < level else 0)
        elif ind.kind == "self":
            out[ind.code] = Decimal(round(4 * level))
        else:
            out[ind.code] = Decimal(int(1000 * level) + i)
    return out


def fill(assessment: Assessment, values: dict[str, Decimal], by=None) -> None:  # type: ignore[no-untyped-def]
    ids = {i.code: i.pk for i in indicators()}
    services.answers_save(
        assessment=assessment,
        answers={ids[c]: services.AnswerInput(value=v) for c, v in values.items()},
        by=by,
    )


def validated(code: str, campaign: Campaign, level: float, by=None) -> Assessment:  # type: ignore[no-untyped-def]
    municipality = Municipality.objects.get(code=code)
    assessment = services.assessment_start(municipality=municipality, campaign=campaign, by=by)
    fill(assessment, answers_for(level), by)
    services.assessment_submit(assessment=assessment, by=by)
    return services.assessment_validate(assessment=assessment, by=by)


# Municipalities of the band 20001-50000 (Vic, Olot and others) and small ones in Osona.
BAND_20_50 = ["082981", "171143", "080155", "081213", "082054"]
