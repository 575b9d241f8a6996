"""The oversight dashboard as tables: one per section, written as CSV (one section) or as an
XLSX workbook (a right-to-left sheet per section). Dates are Jalali, as on the screen; numbers
stay numbers so a spreadsheet can sum them."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hamafza.common.jalali import format_date_numeric
from hamafza.insights.oversight import Dashboard


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _number(value: Any) -> Any:
    return None if value is None else float(value)


def _plans(board: Dashboard) -> Table:
    return Table("plans", _("طرح‌های بی پیوست کامل"),
                 [_("طرح"), _("واحد"), _("وضعیت"), _("کمبودها")],
                 [[e.plan.title, e.plan.unit.name, e.plan.get_status_display(),
                   "؛ ".join(m.message for m in e.missing)] for e in board.incomplete])  # fmt: skip


def _overdue(board: Dashboard) -> Table:
    return Table("overdue", _("فعالیت‌های عقب‌افتاده"),
                 [_("فعالیت"), _("طرح"), _("واحد"), _("تاریخ"), _("وضعیت"), _("مسئول")],
                 [[a.title, a.plan.title, a.unit.name, format_date_numeric(a.date),
                   a.get_status_display(), a.owner.get_full_name() if a.owner else ""]
                  for a in board.overdue])  # fmt: skip


def _indicators(board: Dashboard) -> Table:
    return Table("indicators", _("شاخص‌های عقب از هدف"),
                 [_("شاخص"), _("سطح"), _("طرح"), _("واحد"), _("خط پایه"), _("مقدار کنونی"),
                  _("انتظار تا امروز"), _("هدف"), _("شیوه سنجش")],
                 [[b.progress.indicator.name, b.progress.indicator.get_level_display(),
                   b.plan.title, b.plan.unit.name, _number(b.progress.indicator.baseline),
                   _number(b.progress.actual), _number(b.expected),
                   _number(b.progress.indicator.target),
                   b.progress.indicator.get_source_display()] for b in board.behind])  # fmt: skip


def _coverage(board: Dashboard) -> Table:
    return Table("coverage", _("پوشش پیام‌های کلیدی"),
                 [_("هدف"), _("پیام کلیدی"), _("شمار واحدها"), _("واحدها"), _("طرح‌ها"),
                  _("فعالیت‌ها"), _("خبرهای منتشرشده")],
                 [[g.goal.title, m.message.text, len(m.unit_ids), "، ".join(m.unit_names),
                   m.plans, m.activities, m.stories]
                  for g in board.coverage for m in g.messages])  # fmt: skip


def _silent(board: Dashboard) -> Table:
    return Table("silent", _("واحدهای بی برونداد در این ماه"), [_("واحد"), _("نوع")],
                 [[u.name, u.get_kind_display()] for u in board.silent_units])  # fmt: skip


SECTIONS: dict[str, Callable[[Dashboard], Table]] = {
    "plans": _plans,
    "overdue": _overdue,
    "indicators": _indicators,
    "coverage": _coverage,
    "silent": _silent,
}


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Persian right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(board: Dashboard) -> bytes:
    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    for build in SECTIONS.values():
        table = build(board)
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.sheet_view.rightToLeft = True
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
