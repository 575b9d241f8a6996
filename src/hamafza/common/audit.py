"""Writing the audit log. Every service that changes state calls ``audit_log`` once per change."""

from typing import Any, Protocol

from django.db import models

from hamafza.common.models import AuditEntry


class _HasUnit(Protocol):
    pk: Any

    def __str__(self) -> str: ...


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    unit: _HasUnit | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit row.

    ``action`` is a dotted name (``org.membership.add``); ``changes`` maps a field to
    ``[old, new]`` (JSON-serialisable values only); ``actor`` may be None for system work.
    Call it inside the service's transaction so the row and the change commit together.
    """
    if "." not in action:
        raise ValueError(f"audit actions are dotted names, not {action!r}")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        unit_id=unit.pk if unit is not None else None,
        unit_name=str(unit) if unit is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        summary=summary,
        changes=changes or {},
    )


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The ``changes`` mapping for the keys whose values differ between two snapshots."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
