"""The daily ``remind`` job: collects reminders from registered sources and e-mails them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from os2gov.core import reminders
from os2gov.core.models import AuditEvent
from os2gov.core.reminders import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_other_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each test sees only the sources it registers; the real registry is restored after.
    monkeypatch.setattr(reminders, "_sources", {})


@pytest.fixture
def days_asked() -> list[datetime.date]:
    return []


@pytest.fixture
def meeting_source(days_asked: list[datetime.date]):
    def meetings(today: datetime.date) -> Iterator[Reminder]:
        days_asked.append(today)
        yield Reminder("anna@example.org", "Meeting tomorrow", "The board meets tomorrow.")
        yield Reminder("bo@example.org", "Meeting tomorrow", "The board meets tomorrow.")

    reminders.register("test.meetings", meetings)
    return meetings


def _run(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_foundation_registers_no_sources() -> None:
    assert reminders.sources() == {}


def test_sends_each_reminder_by_mail_and_audits_the_run(
    meeting_source, days_asked: list[datetime.date]
) -> None:
    output = _run()
    assert [message.to for message in mail.outbox] == [["anna@example.org"], ["bo@example.org"]]
    assert mail.outbox[0].subject == "Meeting tomorrow"
    assert mail.outbox[0].body == "The board meets tomorrow."
    assert days_asked == [timezone.localdate()]
    assert "2 reminder(s) sent" in output
    event = AuditEvent.objects.get(action="reminders.sent")
    assert event.actor is None
    assert event.actor_label == "system"
    assert event.changes["count"] == 2
    assert event.changes["sources"] == {"test.meetings": 2}


def test_dry_run_prints_and_sends_nothing(meeting_source) -> None:
    output = _run("--dry-run")
    assert mail.outbox == []
    assert not AuditEvent.objects.exists()
    assert "To: anna@example.org" in output
    assert "Subject: Meeting tomorrow" in output
    assert "Dry run: 2 reminder(s)" in output


def test_a_run_with_nothing_due_is_still_audited() -> None:
    assert "0 reminder(s) sent" in _run()
    assert mail.outbox == []
    assert AuditEvent.objects.get(action="reminders.sent").changes["count"] == 0


def test_date_option_is_passed_to_the_sources(
    meeting_source, days_asked: list[datetime.date]
) -> None:
    _run("--date", "2027-03-01")
    assert days_asked == [datetime.date(2027, 3, 1)]
    assert AuditEvent.objects.get().changes["date"] == "2027-03-01"


def test_malformed_date_is_refused(meeting_source) -> None:
    with pytest.raises(CommandError, match="not a date"):
        _run("--date", "tomorrow")
    assert mail.outbox == []


def test_sources_write_in_danish() -> None:
    languages: list[str | None] = []

    def source(today: datetime.date) -> list[Reminder]:
        languages.append(translation.get_language())
        return []

    reminders.register("test.language", source)
    with translation.override("en"):
        _run()
    assert languages == ["da"]


def test_a_failing_source_does_not_stop_the_others(meeting_source) -> None:
    def broken(today: datetime.date) -> list[Reminder]:
        raise RuntimeError("the source is broken")

    reminders.register("test.broken", broken)
    with pytest.raises(CommandError, match=r"test\.broken"):
        _run()
    assert len(mail.outbox) == 2
    event = AuditEvent.objects.get(action="reminders.sent")
    assert event.changes["failed_sources"] == ["test.broken"]


def test_registering_a_name_again_replaces_the_source(meeting_source) -> None:
    reminders.register("test.meetings", lambda today: [])
    assert list(reminders.sources()) == ["test.meetings"]
    _run()
    assert mail.outbox == []
    reminders.unregister("test.meetings")
    assert reminders.sources() == {}


def test_a_source_needs_a_name() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        reminders.register("", lambda today: [])
