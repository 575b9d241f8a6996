"""The audit log: dotted action names, and append-only at every level (model, queryset,
database trigger)."""

import pytest
from django.db import DatabaseError, connection, transaction

from hamafza.common.audit import audit_log, diff_fields
from hamafza.common.models import AppendOnlyError, AuditEntry
from hamafza.org.tests.factories import UnitFactory, UserFactory


@pytest.fixture
def entry(db) -> AuditEntry:
    return audit_log(actor=None, action="common.test.write", summary="first")


def test_audit_log_records_actor_unit_and_object(db):
    actor = UserFactory.create(username="writer")
    unit = UnitFactory.create(slug="tabriz", name="تبریز")
    entry = audit_log(
        actor=actor,
        action="org.unit.create",
        obj=unit,
        unit=unit,
        summary="تبریز",
        changes={"name": [None, "تبریز"]},
    )
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_username) == (actor, "writer")
    assert (entry.unit_id, entry.unit_name) == (unit.pk, "تبریز")
    assert (entry.object_type, entry.object_id) == ("org.unit", str(unit.pk))
    assert entry.changes == {"name": [None, "تبریز"]}


def test_audit_log_anonymous_actor_is_recorded_as_system(db):
    from django.contrib.auth.models import AnonymousUser

    entry = audit_log(actor=AnonymousUser(), action="common.test.anonymous")
    assert entry.actor is None
    assert entry.actor_username == ""


@pytest.mark.parametrize("action", ["publish", "", "storypublish"])
def test_audit_action_must_be_dotted(db, action):
    with pytest.raises(ValueError, match="dotted"):
        audit_log(actor=None, action=action)
    assert not AuditEntry.objects.exists()


def test_save_on_existing_row_refused(entry):
    entry.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.summary == "first"


def test_delete_row_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    entry.refresh_from_db()
    assert entry.summary == "first"


def test_queryset_delete_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 1


def test_raw_sql_update_refused_by_the_database(entry):
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET summary = %s WHERE id = %s",  # noqa: S608 (constant table name)
            ["rewritten", entry.pk],
        )
    entry.refresh_from_db()
    assert entry.summary == "first"


def test_diff_fields_keeps_only_changed_keys():
    assert diff_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {
        "b": [2, 3],
        "c": [None, 4],
    }
