"""Notify overdue requests and follow-ups and send the daily digests (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Notify overdue requests and agreement follow-ups, then send each user's daily digest "
        "of notifications. --enqueue hands the job to the worker instead of running it here."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the task for the worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from localret.helpdesk.notifications import daily_run
        from localret.helpdesk.tasks import daily_notifications

        if options["enqueue"]:
            result = daily_notifications.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        figures = daily_run()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in figures.items()))
