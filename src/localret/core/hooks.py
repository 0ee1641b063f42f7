"""Cross-app events, declared in one place (no Django signals, no lookups by name).

An app that emits an event calls ``hooks.<event>.run(...)``; an app that reacts registers a
callback with ``hooks.<event>.connect(callback)`` in its ``AppConfig.ready()``. Both import only
this module, so an event may go from a higher layer to a lower one (reporting tells helpdesk a
report is ready) without the lower app importing the higher one. Callbacks are keyword-only and
typed by the event's protocol below; they run in registration order, inside the emitter's
transaction when it has one, so an exception aborts the change (nothing is saved).

::

    from localret.core import hooks

    hooks.follow_up_overdue.connect(notify_follow_up_overdue)   # helpdesk's ready()
    hooks.follow_up_overdue.run(follow_up=follow_up, today=today)  # governance's service

Every cross-app event is declared here: a plan approved or closed (strategy), an assessment
returned (maturity), a follow-up overdue (governance), a proposal answered (participation), a
report ready (reporting). Queries a lower app asks a higher one (when the Board last met, who
consented to publish) are providers, not events: ``strategy.hooks.provide_last_board_meeting``
and ``core.consent``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar, cast

C = TypeVar("C", bound=Callable[..., Any])


class Hook(Generic[C]):
    """One event: the callbacks registered for it, called in registration order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[C] = []

    def connect(self, callback: C) -> C:
        """Register ``callback``; registering it twice has no effect. Returns it (usable as a
        decorator)."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: C) -> None:
        """Remove ``callback`` (tests); nothing happens when it is not registered."""
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def callbacks(self) -> list[C]:
        """The callbacks registered, in order."""
        return list(self._callbacks)

    @property
    def run(self) -> C:
        """Call every callback with the arguments given (the event's signature)."""

        def run_all(*args: Any, **kwargs: Any) -> None:
            for callback in list(self._callbacks):
                callback(*args, **kwargs)

        return cast(C, run_all)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._callbacks)} callback(s)>"


class PlanApproved(Protocol):
    """A plan was approved by the Board (strategy's ``plan_approve``, the only way to approve
    one): participation freezes a version of the plan. What a callback returns is ignored."""

    def __call__(self, *, plan: Any, by: Any, agreement_ref: str) -> object: ...


class PlanClosed(Protocol):
    """A plan was closed by the Board (strategy's ``plan_close``)."""

    def __call__(self, *, plan: Any, by: Any, agreement_ref: str) -> object: ...


class AssessmentReturned(Protocol):
    """A maturity assessment was returned to its municipality for changes (maturity's
    ``assessment_return``): helpdesk tells the municipality's users."""

    def __call__(self, *, assessment: Any, comment: str, by: Any) -> None: ...


class FollowUpOverdue(Protocol):
    """A follow-up task of a Board agreement was found overdue (governance's
    ``follow_ups_report_overdue``, run daily)."""

    def __call__(self, *, follow_up: Any, today: dt.date) -> None: ...


class ProposalAnswered(Protocol):
    """A participation proposal was accepted or rejected with its public answer
    (participation's ``proposal_decide``)."""

    def __call__(self, *, proposal: Any, by: Any) -> None: ...


class ReportReady(Protocol):
    """A Board report job has been built and recorded as done (reporting's
    ``tasks.build_report_job``)."""

    def __call__(self, *, job: Any) -> None: ...


plan_approved: Hook[PlanApproved] = Hook("plan_approved")
plan_closed: Hook[PlanClosed] = Hook("plan_closed")
assessment_returned: Hook[AssessmentReturned] = Hook("assessment_returned")
follow_up_overdue: Hook[FollowUpOverdue] = Hook("follow_up_overdue")
proposal_answered: Hook[ProposalAnswered] = Hook("proposal_answered")
report_ready: Hook[ReportReady] = Hook("report_ready")
