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


def bulk_validated(
    campaign: Campaign, strengths: dict[str, float], on: dt.date | None = None
) -> list[Assessment]:
    """Validated assessments written in bulk (for fixtures), then the campaign re-scored once,
    as ``services.assessment_validate`` does for each validation."""
    from localret.maturity.engine import campaign_rescore
    from localret.maturity.models import Answer

    inds = {i.code: i for i in indicators()}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=strengths)}
    created = Assessment.objects.bulk_create(
        [
            Assessment(
                municipality=municipalities[code],
                campaign=campaign,
                model=campaign.model,
                status=Assessment.Status.VALIDATED,
                validated_on=on or dt.date.today(),
            )
            for code in strengths
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(assessment=a, indicator=inds[c], value=v)
            for a in created
            for c, v in answers_for(strengths[a.municipality.code]).items()
        ]
    )
    campaign_rescore(campaign)
    return list(
        Assessment.objects.filter(pk__in=[a.pk for a in created]).select_related("municipality")
    )


# Municipalities of the band 20001-50000 (Vic, Olot and others) and small ones in Osona.
BAND_20_50 = ["082981", "171143", "080155", "081213", "082054"]
