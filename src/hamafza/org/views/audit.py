"""The audit log for HQ admins: who did what, where and when, newest first."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.models import AuditEntry
from hamafza.org import selectors
from hamafza.org.forms import AuditFilterForm
from hamafza.org.permissions import access_audit_log
from hamafza.org.views._common import DeskRequest, paginate, render_page

ENTRIES_PER_PAGE = 50


@dataclass
class Change:
    field: str
    old: str
    new: str


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("بله") if value else _("خیر")
    if isinstance(value, list | tuple):
        return "، ".join(_shown(item) for item in value)
    return str(value)


def changes_of(entry: AuditEntry) -> list[Change]:
    """``{"field": [old, new]}`` as rows to read; any other JSON shape is shown as it is."""
    if not isinstance(entry.changes, dict):
        return [Change(field="", old="", new=_shown(entry.changes))]
    rows = []
    for field, value in entry.changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append(Change(field=str(field), old=_shown(value[0]), new=_shown(value[1])))
        else:
            rows.append(Change(field=str(field), old="", new=_shown(value)))
    return rows


def _start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the installation's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(form: AuditFilterForm) -> QuerySet[AuditEntry]:
    data = form.cleaned_data
    entries = AuditEntry.objects.all()
    if data["action"]:
        entries = entries.filter(action__startswith=data["action"])
    if data["actor"]:
        entries = entries.filter(actor_username__iexact=data["actor"])
    if form.selected_unit is not None:
        entries = entries.filter(unit_id=form.selected_unit.pk)
    if data["date_from"]:
        entries = entries.filter(created_at__gte=_start_of(data["date_from"]))
    if data["date_to"]:
        entries = entries.filter(created_at__lt=_start_of(data["date_to"] + timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


@login_required
def audit_log(request: DeskRequest) -> HttpResponse:
    access_audit_log(request.user)
    form = AuditFilterForm(request.GET, units=selectors.unit_tree())
    pagination = None
    if form.is_valid():
        pagination = paginate(request, audit_entries(form), ENTRIES_PER_PAGE)
        for entry in pagination.items:
            entry.change_rows = changes_of(entry)
    context = {"form": form, "pagination": pagination}
    return render_page(request, "org/audit_log.html", context, fragment="results")
