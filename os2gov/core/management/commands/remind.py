"""The daily job: collect the reminders every registered source has due and e-mail them.

Run once a day, e.g. from cron: ``os2gov remind``. ``--dry-run`` prints what would be sent.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone, translation

from os2gov.core import reminders
from os2gov.core.audit import record_event


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date such as 2026-01-31.") from None


class Command(BaseCommand):
    help = "Send the reminders that are due today (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the reminders; send nothing."
        )
        parser.add_argument(
            "--date", type=str, default="", help="The day to remind for (default: today)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["date"]) if options["date"] else timezone.localdate()
        dry_run: bool = options["dry_run"]
        # Sources write their texts in the platform's language, Danish.
        # Sources may bring stored state up to date (e.g. a level lost); a dry run changes
        # nothing, so what it collects is rolled back.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            collected, failed = self._collect(today)
            transaction.set_rollback(dry_run)
        if dry_run:
            for source, reminder in collected:
                self.stdout.write(
                    f"[{source}] To: {reminder.recipient}\nSubject: {reminder.subject}\n\n"
                    f"{reminder.body}\n"
                )
            self.stdout.write(f"Dry run: {len(collected)} reminder(s) due on {today}; none sent.")
        else:
            self._send(today, collected, failed)
        if failed:
            raise CommandError(f"Reminder sources failed: {', '.join(failed)}.")

    def _collect(
        self, today: datetime.date
    ) -> tuple[list[tuple[str, reminders.Reminder]], list[str]]:
        collected: list[tuple[str, reminders.Reminder]] = []
        failed: list[str] = []
        for name, source in reminders.sources().items():
            # One broken source must not keep the others' reminders from going out.
            try:
                with transaction.atomic():  # a failed source's writes are undone alone
                    collected.extend((name, reminder) for reminder in source(today))
            except Exception as error:
                self.stderr.write(f"Reminder source {name} failed: {error!r}")
                failed.append(name)
        return collected, failed

    def _send(
        self,
        today: datetime.date,
        collected: list[tuple[str, reminders.Reminder]],
        failed: list[str],
    ) -> None:
        messages = [
            EmailMessage(
                subject=reminder.subject,
                body=reminder.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[reminder.recipient],
            )
            for _source, reminder in collected
        ]
        sent = get_connection().send_messages(messages) if messages else 0
        per_source: dict[str, int] = {}
        for source, _reminder in collected:
            per_source[source] = per_source.get(source, 0) + 1
        record_event(
            actor=None,
            action="reminders.sent",
            summary=f"{sent} reminder(s) sent for {today}.",
            changes={
                "count": sent,
                "date": today.isoformat(),
                "sources": per_source,
                "failed_sources": failed,
            },
        )
        self.stdout.write(f"{sent} reminder(s) sent for {today}.")
