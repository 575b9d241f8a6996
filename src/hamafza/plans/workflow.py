"""The plan workflow: one table of transitions, read by the services, the desk and the API.

    proposed ──submit──▶ attachment_review ──approve──▶ approved ──start──▶ running ──close──▶ closed
        ▲                    │
        └──────return────────┘   (back to the unit with a note)
    proposed / attachment_review / approved / running ──cancel──▶ cancelled

``approve`` has a gate (``completeness.approval_missing``): the media attachment must be
complete and approved by PR — the owning unit's head (or a head above it) or HQ. Approving the
attachment itself is not a move of the plan; it is ``services.attachment_approve``.

Who: ``roles`` are roles held in the plan's unit or a unit above it; ``hq`` lets HQ
strategists (``hq_editor`` in HQ or its offices) make the move for any unit.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamafza.org.models import Role
from hamafza.plans.models import Plan

S = Plan.Status

# Write the plan and its attachment: the unit's editors and head (and those above).
PLAN_EDITOR_ROLES = frozenset({Role.EDITOR, Role.HEAD})
# PR approval of the attachment and the plan's decisive moves: the unit's head (or above).
APPROVER_ROLES = frozenset({Role.HEAD})
# Log progress on activities: everyone who writes for the unit.
ACTIVITY_ROLES = frozenset({Role.REPORTER, Role.EDITOR, Role.HEAD})


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    hq: bool = True
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", _("ارسال پیوست رسانه‌ای برای بررسی"), frozenset({S.PROPOSED}), S.ATTACHMENT_REVIEW, PLAN_EDITOR_ROLES),
        Transition("return", _("برگرداندن برای اصلاح"), frozenset({S.ATTACHMENT_REVIEW}), S.PROPOSED, APPROVER_ROLES, needs_note=True),
        Transition("approve", _("تصویب طرح"), frozenset({S.ATTACHMENT_REVIEW}), S.APPROVED, APPROVER_ROLES),
        Transition("start", _("آغاز اجرا"), frozenset({S.APPROVED}), S.RUNNING, PLAN_EDITOR_ROLES),
        Transition("close", _("پایان طرح"), frozenset({S.RUNNING}), S.CLOSED, APPROVER_ROLES),
        Transition("cancel", _("لغو طرح"), frozenset({S.PROPOSED, S.ATTACHMENT_REVIEW, S.APPROVED, S.RUNNING}), S.CANCELLED, APPROVER_ROLES, needs_note=True),
    ]
}  # fmt: skip

# The plan's own fields and its attachment change until the plan is approved; after that the
# approved attachment is what the plan is measured by (a change would need a new review).
CONTENT_EDITABLE = frozenset({S.PROPOSED, S.ATTACHMENT_REVIEW})
# Activities are planned with the attachment and carried out while the plan runs.
ACTIVITIES_EDITABLE = frozenset({S.PROPOSED, S.ATTACHMENT_REVIEW, S.APPROVED, S.RUNNING})
# PR approves the attachment while it is under review.
ATTACHMENT_APPROVABLE = frozenset({S.ATTACHMENT_REVIEW})
# Visible to the whole network once approved, like a published story.
NETWORK_VISIBLE = frozenset({S.APPROVED, S.RUNNING, S.CLOSED})
# Stories can serve activities of plans in these states.
LINKABLE = frozenset({S.PROPOSED, S.ATTACHMENT_REVIEW, S.APPROVED, S.RUNNING})
