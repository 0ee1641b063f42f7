"""Demo data of the reporting app: a few municipalities that consented to publish their
maturity results (``PublicationConsent``); most, Olot among them, have not (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
import random

from localret.territory.interface import Municipality

from .models import PublicationConsent

VIC = "082981"
OLOT = "171143"
# Vic and a handful of others, chosen deterministically from the seed among the municipalities
# with a validated assessment when there are some (any municipality otherwise).
CONSENTING = 6


def consenting_codes(*, seed: int) -> list[str]:
    from localret.maturity.interface import latest_validated_by_municipality

    assessed = sorted(set(latest_validated_by_municipality()) - {VIC, OLOT})
    pool = assessed or sorted(
        set(Municipality.objects.values_list("code", flat=True)) - {VIC, OLOT}
    )
    rng = random.Random(seed)
    return [VIC, *sorted(rng.sample(pool, min(CONSENTING - 1, len(pool))))]


def load(*, seed: int, today: dt.date) -> str:
    codes = consenting_codes(seed=seed)
    agreed = today - dt.timedelta(days=90)
    for municipality in Municipality.objects.filter(code__in=codes):
        PublicationConsent.objects.update_or_create(
            municipality=municipality,
            defaults={"publish_maturity": True, "agreed_on": agreed},
        )
    return f"{len(codes)} municipalities consent to publish their maturity results (demo)"
