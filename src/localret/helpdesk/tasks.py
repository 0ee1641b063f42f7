"""Background jobs of the helpdesk (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def daily_notifications() -> dict[str, int]:
    """Run once a day by the worker's schedule (``localret send-digests`` from cron or a
    systemd timer enqueues it): overdue requests and agreement follow-ups are notified, then
    every user's daily digest is sent."""
    from .notifications import daily_run

    return daily_run()
