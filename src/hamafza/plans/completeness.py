"""What a media attachment still lacks, and what stands between a plan and its approval.

Computed here only: the desk's checklist, the API's ``missing`` list, the approval gate in
``services`` and the oversight all read these two functions. Each item has a stable ``code``
(for clients) and a Persian ``message`` (for people).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.plans.models import Activity, MediaAttachment, Plan, PlanIndicator

L = PlanIndicator.Level

# (code, label) in the order the checklist shows them; ``attachment_missing`` returns the
# codes that fail, ``CHECKLIST`` also lists those that pass.
CHECKLIST: list[tuple[str, Any]] = [
    ("objectives", gettext_lazy("دست‌کم یک هدف SMART")),
    ("objectives_goal", gettext_lazy("هر هدف به یکی از هدف‌های سند راهبردی پیوند خورده باشد")),
    ("objectives_smart", gettext_lazy("هر هدف سنجه، مقدار هدف و مهلت داشته باشد")),
    ("segments", gettext_lazy("دست‌کم یک بخش مخاطبان")),
    ("segments_think_feel_do", gettext_lazy("برای هر بخش: چه بیندیشد، چه احساس کند، چه کند")),
    ("idea", gettext_lazy("ایده و راهبرد ارتباطی")),
    ("strategy_messages", gettext_lazy("دست‌کم یک پیام کلیدی از سند راهبردی")),
    ("spokespeople", gettext_lazy("دست‌کم یک سخنگو")),
    ("channels", gettext_lazy("دست‌کم یک مجرای ارتباطی")),
    ("risks", gettext_lazy("دست‌کم یک ریسک یا حساسیت با راه پاسخ")),
    ("consent_and_dignity", gettext_lazy("شیوه گرفتن رضایت و حفظ کرامت مددجویان")),
    ("people", gettext_lazy("نیروی انسانی (ورودی‌ها)")),
    ("activities", gettext_lazy("دست‌کم یک فعالیت رسانه‌ای")),
    ("indicators_output", gettext_lazy("دست‌کم یک شاخص برونداد")),
    ("indicators_outtake", gettext_lazy("دست‌کم یک شاخص برداشت مخاطب")),
    ("indicators_outcome", gettext_lazy("دست‌کم یک شاخص پیامد")),
    ("indicators_baseline_target", gettext_lazy("هر شاخص خط پایه و هدف داشته باشد")),
]  # fmt: skip
_LABELS = dict(CHECKLIST)


@dataclass(frozen=True)
class Missing:
    code: str
    message: str


def _missing(code: str) -> Missing:
    return Missing(code=code, message=str(_LABELS[code]))


def attachment_missing(attachment: MediaAttachment) -> list[Missing]:
    """The checklist items ``attachment`` does not meet yet, in checklist order (empty: it is
    complete). Reads each list once."""
    failed: set[str] = set()
    objectives = list(attachment.objectives.all())
    if not objectives:
        failed.add("objectives")
    if any(o.goal_id is None for o in objectives):
        failed.add("objectives_goal")
    if any(not (o.measure and o.target and o.deadline) for o in objectives):
        failed.add("objectives_smart")
    segments = list(attachment.segments.all())
    if not segments:
        failed.add("segments")
    if any(not (s.think and s.feel and s.do) for s in segments):
        failed.add("segments_think_feel_do")
    if not attachment.idea.strip():
        failed.add("idea")
    if not any(m.key_message_id is not None for m in attachment.messages.all()):
        failed.add("strategy_messages")
    # ``.all()`` rather than ``.exists()``/``.exclude()``: the same answer, and a caller that
    # prefetched the lists (the oversight, over many plans) pays no query per plan.
    if not attachment.spokespeople.all():
        failed.add("spokespeople")
    if not attachment.channels:
        failed.add("channels")
    if not any(r.mitigation for r in attachment.risks.all()):
        failed.add("risks")
    if not attachment.consent_and_dignity.strip():
        failed.add("consent_and_dignity")
    if not attachment.people.strip():
        failed.add("people")
    if all(a.status == Activity.Status.CANCELLED for a in attachment.plan.activities.all()):
        failed.add("activities")
    indicators = list(attachment.indicators.all())
    levels = {i.level for i in indicators}
    for level in (L.OUTPUT, L.OUTTAKE, L.OUTCOME):
        if level not in levels:
            failed.add(f"indicators_{level}")
    if any(i.baseline is None or i.target is None for i in indicators):
        failed.add("indicators_baseline_target")
    return [_missing(code) for code, _label in CHECKLIST if code in failed]


def approval_missing(plan: Plan) -> list[Missing]:
    """Everything that keeps ``plan`` from approval: the attachment's missing items, then its
    PR approval. Empty: the gate is open."""
    attachment = plan.attachment
    missing = attachment_missing(attachment)
    if not attachment.is_approved:
        message = (
            _("پیوست رسانه‌ای پس از تأیید روابط عمومی تغییر کرده و باید دوباره تأیید شود")
            if attachment.approved_version is not None
            else _("تأیید پیوست رسانه‌ای به‌دست روابط عمومی (مدیر روابط عمومی واحد یا ستاد)")
        )
        missing.append(Missing(code="attachment_approval", message=message))
    return missing
