"""What other apps may use of innovation (pilots, ideas): the pilots a municipality takes part
in (reporting), and the idea a help-desk request becomes (helpdesk)."""

from localret.innovation.models import Pilot
from localret.innovation.selectors import pilots_by_municipality
from localret.innovation.services import InnovationError, idea_create

__all__ = ["InnovationError", "Pilot", "idea_create", "pilots_by_municipality"]
