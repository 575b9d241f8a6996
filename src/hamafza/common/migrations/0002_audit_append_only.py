"""The database itself refuses to change an audit row, whatever code tries.

Deletes are refused by the model and its queryset; the database still allows them so that
test teardown (flush) and a deliberate retention job run by a DBA remain possible.
"""

from django.db import migrations

SQLITE_FORWARD = """
CREATE TRIGGER IF NOT EXISTS common_auditentry_no_update
BEFORE UPDATE ON common_auditentry
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS common_auditentry_no_update;"

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION common_auditentry_no_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER common_auditentry_no_update
BEFORE UPDATE ON common_auditentry
FOR EACH ROW EXECUTE FUNCTION common_auditentry_no_update();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS common_auditentry_no_update ON common_auditentry;
DROP FUNCTION IF EXISTS common_auditentry_no_update();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
