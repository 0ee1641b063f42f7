"""What other apps may use of the diagnosis (SWOT, PESTEL, stakeholders): the findings that
concern one element of the plan (participation shows them beside the element)."""

from localret.diagnosis.selectors import findings_for_element

__all__ = ["findings_for_element"]
