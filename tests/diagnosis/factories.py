"""Small diagnosis data for tests."""

from __future__ import annotations

from typing import Any

from localret.diagnosis import services
from localret.diagnosis.models import Finding, Stakeholder


def make_finding(plan: Any, by: Any, **overrides: Any) -> Finding:
    data: dict[str, Any] = {
        "category": "weakness",
        "title": "Small town halls lack IT staff",
        "source": "survey",
        "action_line_codes": ["1.1"],
    }
    data.update(overrides)
    return services.finding_save(plan=plan, by=by, **data)


def make_stakeholder(plan: Any, by: Any, **overrides: Any) -> Stakeholder:
    data: dict[str, Any] = {
        "name": "Diputació de Barcelona",
        "scope": "external",
        "sector": "public",
        "interest": 4,
        "influence": 5,
        "source": "interview",
        "action_line_codes": ["1.2"],
    }
    data.update(overrides)
    return services.stakeholder_save(plan=plan, by=by, **data)
