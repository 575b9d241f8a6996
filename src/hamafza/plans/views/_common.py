"""What the plans desk views share: the plan's and the attachment's page context (which
actions the person may take, from the transition table through ``plans.permissions``)."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import DeskRequest
from hamafza.plans.completeness import CHECKLIST, Missing, approval_missing, attachment_missing
from hamafza.plans.forms import (
    PART_FORMS,
    AttachmentForm,
    PlanTransitionForm,
    ResultForm,
)
from hamafza.plans.models import (
    AttachmentMessage,
    Channel,
    MediaAttachment,
    Objective,
    Plan,
    Segment,
)
from hamafza.plans.permissions import (
    can_approve_attachment,
    can_edit,
    can_plan_activities,
    can_record_results,
    can_transition,
    visible_plans,
)
from hamafza.plans.selectors import activities_with_outputs, plan_indicator_progress
from hamafza.plans.workflow import TRANSITIONS, Transition


def plan_for_page(pk: int, user: Any) -> Plan:
    """The plan with what its pages read, from what the user may see (404 otherwise)."""
    access_staff(user)
    plan = (
        visible_plans(user)
        .select_related("unit", "attachment", "created_by")
        .prefetch_related("domains", "partners")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@dataclass
class CheckItem:
    code: str
    label: str
    ok: bool


def checklist(missing: list[Missing]) -> list[CheckItem]:
    failed = {item.code for item in missing}
    return [CheckItem(code, str(label), code not in failed) for code, label in CHECKLIST]


@dataclass
class PlanAction:
    transition: Transition
    form: PlanTransitionForm

    @property
    def name(self) -> str:
        return self.transition.name


def attachment_parts(attachment: MediaAttachment) -> dict[str, Any]:
    """The attachment's lists, each read once, with what the page shows of their links."""
    return {
        "objectives": list(Objective.objects.filter(attachment=attachment).select_related("goal")),
        "segments": list(Segment.objects.filter(attachment=attachment).select_related("audience")),
        # Not "messages": that name is the flash messages the desk's base template shows.
        "attachment_messages": list(
            AttachmentMessage.objects.filter(attachment=attachment).select_related("key_message")
        ),
        "spokespeople": list(attachment.spokespeople.all()),
        "risks": list(attachment.risks.all()),
        "indicators": list(attachment.indicators.all()),
    }


def plan_context(
    request: DeskRequest,
    plan: Plan,
    *,
    failed: tuple[str, PlanTransitionForm] | None = None,
    missing_for_approval: list[Missing] | None = None,
    notice: str = "",
    notice_error: bool = False,
) -> dict[str, Any]:
    access = access_for(request.user)
    actions = []
    for transition in TRANSITIONS.values():
        if not can_transition(access, plan, transition):
            continue
        if failed is not None and failed[0] == transition.name:
            form = failed[1]
        else:
            form = PlanTransitionForm(initial={"version": plan.version}, prefix=transition.name)
        actions.append(PlanAction(transition, form))
    attachment = plan.attachment
    missing = attachment_missing(attachment)
    gate = missing_for_approval
    if gate is None and plan.status == Plan.Status.ATTACHMENT_REVIEW:
        gate = approval_missing(plan)
    return {
        "plan": plan,
        "attachment": attachment,
        "actions": actions,
        "gate_missing": gate or [],
        "attachment_missing": missing,
        "checklist": checklist(missing),
        "activities": activities_with_outputs(plan),
        "progress": plan_indicator_progress(plan),
        "can_edit": can_edit(access, plan),
        "can_plan_activities": can_plan_activities(access, plan),
        "can_record_results": can_record_results(access, plan),
        "result_form": ResultForm(prefix="result"),
        "notice": notice,
        "notice_error": notice_error,
    }


def attachment_context(
    request: DeskRequest,
    plan: Plan,
    *,
    forms: dict[str, Any] | None = None,
    attachment_form: AttachmentForm | None = None,
    notice: str = "",
    notice_error: bool = False,
) -> dict[str, Any]:
    access = access_for(request.user)
    attachment = MediaAttachment.objects.get(pk=plan.attachment.pk)
    plan.attachment = attachment
    editable = can_edit(access, plan)
    missing = attachment_missing(attachment)
    context: dict[str, Any] = {
        "plan": plan,
        "attachment": attachment,
        **attachment_parts(attachment),
        "activities": activities_with_outputs(plan),
        "editable": editable,
        "can_approve": can_approve_attachment(access, plan),
        "can_plan_activities": can_plan_activities(access, plan),
        "checklist": checklist(missing),
        "complete": not missing,
        "channel_labels": [Channel(c).label for c in attachment.channels if c in Channel.values],
        "revisions": list(attachment.revisions.select_related("author")[:20]),
        "notice": notice,
        "notice_error": notice_error,
    }
    if editable:
        initial = {"version": attachment.version}
        context["attachment_form"] = attachment_form or AttachmentForm(
            initial={
                **initial,
                "idea": attachment.idea,
                "channels": attachment.channels,
                "consent_and_dignity": attachment.consent_and_dignity,
                "people": attachment.people,
                "budget": attachment.budget,
            }
        )
        given = forms or {}
        context["part_forms"] = {
            kind: given.get(kind) or form_class(prefix=kind)
            for kind, form_class in PART_FORMS.items()
        }
    return context
