"""Reads of campaigns and of the maturity model in force."""

from __future__ import annotations

from django.db.models import Prefetch

from ..models import Assessment, Campaign, Dimension, MaturityIndicator, MaturityModel

# --- Campaigns and the model ---------------------------------------------------------------


def campaigns() -> list[Campaign]:
    return list(Campaign.objects.select_related("model").order_by("-year", "-opens_on"))


def campaign_get(slug: str) -> Campaign | None:
    return Campaign.objects.select_related("model").filter(slug=slug).first()


def latest_campaign(with_results: bool = True) -> Campaign | None:
    """The most recent campaign (with at least one validated assessment, by default)."""
    qs = Campaign.objects.select_related("model").order_by("-year", "-opens_on")
    if with_results:
        qs = qs.filter(
            assessments__status=Assessment.Status.VALIDATED, assessments__superseded=False
        ).distinct()
    return qs.first()


def open_campaign() -> Campaign | None:
    return Campaign.objects.select_related("model").filter(is_open=True).order_by("-year").first()


def current_model() -> MaturityModel | None:
    return MaturityModel.objects.order_by("-version").first()


def model_structure(model: MaturityModel) -> list[Dimension]:
    """Dimensions with their indicators and the services that close each one."""
    return list(
        model.dimensions.order_by("position").prefetch_related(
            Prefetch(
                "indicators",
                queryset=MaturityIndicator.objects.order_by("position").prefetch_related(
                    "services"
                ),
            )
        )
    )


def dimensions_of(model: MaturityModel) -> list[tuple[str, str]]:
    return list(model.dimensions.order_by("position").values_list("code", "name"))
