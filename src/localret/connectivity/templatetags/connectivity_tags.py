"""Labels of connectivity codes for templates: area classes and kinds, schemes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from localret.connectivity.models import AreaClass, AreaKind, Scheme, SolverOutcome
from localret.core.formatting import choice_label

from ..presentation import import_stage_label

register = template.Library()


@register.filter
def area_class(code: str | None) -> str:
    """``grey`` -> ``gris`` (Catalan), ``gris`` (Spanish), ``grey`` (English)."""
    return choice_label(AreaClass, code)


@register.filter
def area_kind(code: str | None) -> str:
    return choice_label(AreaKind, code)


@register.filter
def scheme(code: str | None) -> str:
    return choice_label(Scheme, code)


@register.filter
def solver_outcome(code: str | None) -> str:
    return choice_label(SolverOutcome, code)


BALANCE_LEVELS = {"comarca": _("By comarca"), "vegueria": _("By vegueria")}


@register.filter
def balance_level(code: str | None) -> str:
    """The planner's territorial balance (the form's choices), "—" when none."""
    return str(BALANCE_LEVELS.get(code or "", code or "—"))


@register.filter
def job_stage(stage: str | None) -> str:
    """An import job's stage (``services``/``importers`` record it in English) as people read
    it in the page's language."""
    return import_stage_label(stage)
