"""The audit trail: record_event writes everything; nothing updates or deletes an event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from os2gov.core.audit import record_event
from os2gov.core.models import AuditEvent


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user(email="clerk@example.org", password="x" * 20)


@pytest.fixture
def event(person) -> AuditEvent:
    return record_event(actor=person, action="test.create", target=person, summary="Made.")


def test_record_event_writes_who_when_what_and_changes(person) -> None:
    before = timezone.now()
    event = record_event(
        actor=person,
        action="person.change",
        target=person,
        mandate="Secretariat of OS2gov",
        summary="Changed the title.",
        changes={"title": ["", "Coordinator"]},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == person
    assert stored.actor_label == "clerk@example.org"
    assert before <= stored.occurred_at <= timezone.now() + timedelta(seconds=1)
    assert stored.action == "person.change"
    assert stored.object_type == "accounts.user"
    assert stored.object_id == str(person.pk)
    assert stored.object_label == "clerk@example.org"
    assert stored.mandate == "Secretariat of OS2gov"
    assert stored.summary == "Changed the title."
    assert stored.changes == {"title": ["", "Coordinator"]}


@pytest.mark.django_db
@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_record_event_by_the_system(actor) -> None:
    event = record_event(actor=actor, action="reminders.sent", changes={"count": 3})
    assert event.actor is None
    assert event.actor_label == "system"
    assert (event.object_type, event.object_id, event.object_label) == ("", "", "")
    assert event.changes == {"count": 3}


def test_saving_an_existing_event_is_refused(event: AuditEvent) -> None:
    event.summary = "Rewritten history."
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).summary == "Made."


def test_deleting_an_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event: AuditEvent) -> None:
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(summary="Rewritten history.")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "Made."


def test_raw_sql_update_is_refused_by_the_database(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE core_auditevent SET summary = %s WHERE id = %s", ["Rewritten.", event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).summary == "Made."


def test_raw_sql_delete_is_refused_by_postgresql(event: AuditEvent) -> None:
    def delete() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])

    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()
    else:
        # SQLite (demo and default test database) deliberately blocks UPDATE only: its
        # table flush is DELETE FROM. See docs/decisions/0003-audit-trail-database-triggers.md.
        delete()
        assert not AuditEvent.objects.filter(pk=event.pk).exists()


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'core_auditevent'::regclass AND NOT tgisinternal"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'core_auditevent'"
            )
        return {row[0] for row in cursor.fetchall()}


EXPECTED_TRIGGERS = {
    "postgresql": {"core_auditevent_append_only"},
    "sqlite": {"core_auditevent_no_update"},
}


@pytest.mark.django_db
def test_the_triggers_exist() -> None:
    # A later migration that rebuilds the table on SQLite drops its triggers: this notices.
    assert _triggers() == EXPECTED_TRIGGERS[connection.vendor]


@pytest.mark.django_db(transaction=True)
def test_the_trigger_migration_reverses_and_reapplies() -> None:
    call_command("migrate", "core", "0001", verbosity=0)
    try:
        assert _triggers() == set()
    finally:
        call_command("migrate", "core", verbosity=0)
    assert _triggers() == EXPECTED_TRIGGERS[connection.vendor]


# The next two run in this order: the first leaves an event behind in a committed
# transaction, and the second proves the test runner's flush still empties the table.
@pytest.mark.django_db(transaction=True)
def test_an_event_committed_outside_a_test_transaction() -> None:
    record_event(actor=None, action="test.committed")
    assert AuditEvent.objects.filter(action="test.committed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_tests_still_empties_the_trail() -> None:
    assert not AuditEvent.objects.filter(action="test.committed").exists()
