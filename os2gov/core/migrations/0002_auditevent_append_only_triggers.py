"""Make the audit trail append-only in the database itself, not only in the ORM.

PostgreSQL refuses UPDATE and DELETE of any row. SQLite (local demo and the default test
database) refuses UPDATE only: its table flush is DELETE FROM, which the test runner and
``os2gov flush`` rely on. See docs/decisions/0003-audit-trail-database-triggers.md.
"""

from django.db import migrations

POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % is refused.', TG_OP;
END;
$$;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""
SQLITE_CREATE = """
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE is refused.');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS core_auditevent_no_update;"


def _run(schema_editor, statements_by_vendor):
    sql = statements_by_vendor.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
