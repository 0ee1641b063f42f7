"""What other apps may use of connectivity: public coverage and deployment figures per
municipality (reporting's portal, Board report, open data and territorial balance)."""

from localret.connectivity.selectors import (
    deployment_investment_by_municipality_year,
    municipality_summary,
    open_data_aggregates,
    uncovered_households_by_municipality,
)

__all__ = [
    "deployment_investment_by_municipality_year",
    "municipality_summary",
    "open_data_aggregates",
    "uncovered_households_by_municipality",
]
