"""What other apps may use of governance (Board, meetings, agreements): public agreements,
follow-up figures and meetings (the next and the last Board meeting with their papers) for
reporting's pages, report and open data, and the daily check of overdue follow-ups (helpdesk's
task)."""

from localret.governance.models import Body, Meeting
from localret.governance.selectors import (
    last_board_meeting,
    next_board_meeting,
    overdue_follow_ups,
    pending_follow_ups,
    previous_board_meeting,
    public_agreement_get,
    public_agreements,
)
from localret.governance.services import follow_ups_report_overdue

__all__ = [
    "Body",
    "Meeting",
    "follow_ups_report_overdue",
    "last_board_meeting",
    "next_board_meeting",
    "overdue_follow_ups",
    "pending_follow_ups",
    "previous_board_meeting",
    "public_agreement_get",
    "public_agreements",
]
