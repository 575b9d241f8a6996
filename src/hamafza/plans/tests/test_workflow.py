"""The plan workflow: the transition table, the approval gate and the attachment's approval."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamafza.common.models import AuditEntry
from hamafza.plans import services
from hamafza.plans.completeness import CHECKLIST, approval_missing
from hamafza.plans.models import MediaAttachment, Plan
from hamafza.plans.services import GateClosed, StaleVersion
from hamafza.plans.tests.factories import fill_attachment, plan_for, unchanged
from hamafza.plans.workflow import TRANSITIONS
from hamafza.strategy.tests.factories import strategy_document

S = Plan.Status


@pytest.fixture
def strategy(net):
    return strategy_document()


def _at(plan, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    return Plan.objects.get(pk=plan.pk)


def _approve_attachment(plan, actor):
    version = MediaAttachment.objects.get(plan=plan).version
    return services.attachment_approve(actor=actor, plan=plan, version=version)


ILLEGAL = [
    (status, name)
    for status in S.values
    for name, transition in TRANSITIONS.items()
    if status not in transition.sources
]


@pytest.mark.parametrize(("status", "name"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_changes_nothing(net, strategy, status, name):
    plan = _at(plan_for(net.tehran), status)
    with unchanged(), pytest.raises(ValidationError):
        services.plan_transition(actor=net.hq_admin, plan=plan, name=name, note="دلیل")
    assert Plan.objects.get(pk=plan.pk).status == status


def test_an_unknown_transition_is_refused(net, strategy):
    plan = plan_for(net.tehran)
    with unchanged(), pytest.raises(ValidationError):
        services.plan_transition(actor=net.hq_admin, plan=plan, name="publish")


def test_the_gate_lists_exactly_what_is_missing(net, strategy):
    plan = plan_for(net.tehran, actor=net.tehran_editor)
    fill_attachment(plan, actor=net.tehran_editor, skip=frozenset({"spokesperson", "risk"}))
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    with unchanged(), pytest.raises(GateClosed) as refused:
        services.plan_transition(actor=net.tehran_head, plan=plan, name="approve")
    codes = [item.code for item in refused.value.missing]
    assert codes == ["spokespeople", "risks", "attachment_approval"]
    assert all(item.message for item in refused.value.missing)
    assert "سخنگو" in str(refused.value.messages)


def test_an_empty_attachment_misses_every_item(net, strategy):
    plan = plan_for(net.tehran)
    codes = [item.code for item in approval_missing(plan)]
    every = [code for code, _label in CHECKLIST]
    # A list without rows cannot fail a rule about its rows.
    per_row = {"objectives_goal", "objectives_smart", "segments_think_feel_do",
               "indicators_baseline_target"}  # fmt: skip
    assert codes == [c for c in every if c not in per_row] + ["attachment_approval"]


def test_complete_but_not_approved_by_pr_stays_closed(net, strategy):
    plan = plan_for(net.tehran)
    fill_attachment(plan)
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    with pytest.raises(GateClosed) as refused:
        services.plan_transition(actor=net.tehran_head, plan=plan, name="approve")
    assert [m.code for m in refused.value.missing] == ["attachment_approval"]


def test_the_gate_opens_after_pr_approval_and_the_plan_runs_to_its_close(net, strategy):
    plan = plan_for(net.tehran, actor=net.tehran_editor)
    fill_attachment(plan, actor=net.tehran_editor)
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    _approve_attachment(plan, net.tehran_head)
    assert approval_missing(Plan.objects.get(pk=plan.pk)) == []
    plan = services.plan_transition(actor=net.tehran_head, plan=plan, name="approve")
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="start")
    plan = services.plan_transition(actor=net.tehran_head, plan=plan, name="close")
    assert plan.status == S.CLOSED
    moves = AuditEntry.objects.filter(object_type="plans.plan", object_id=str(plan.pk))
    assert [e.changes["status"] for e in moves.order_by("id") if "status" in e.changes] == [
        [S.PROPOSED, S.ATTACHMENT_REVIEW],
        [S.ATTACHMENT_REVIEW, S.APPROVED],
        [S.APPROVED, S.RUNNING],
        [S.RUNNING, S.CLOSED],
    ]


def test_hq_approves_the_attachment_of_any_unit(net, strategy):
    plan = plan_for(net.kashan)
    fill_attachment(plan)
    plan = services.plan_transition(actor=net.hq_editor, plan=plan, name="submit")
    attachment = _approve_attachment(plan, net.hq_editor)
    assert attachment.is_approved
    assert attachment.approved_by == net.hq_editor


@pytest.mark.parametrize("persona", ["tehran_editor", "tehran_reporter", "isfahan_head"])
def test_only_the_units_head_or_hq_approves_the_attachment(net, strategy, persona):
    plan = plan_for(net.tehran)
    fill_attachment(plan)
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    with unchanged(), pytest.raises(PermissionDenied):
        _approve_attachment(plan, getattr(net, persona))


def test_an_incomplete_attachment_cannot_be_approved_by_pr(net, strategy):
    plan = plan_for(net.tehran)
    fill_attachment(plan, skip=frozenset({"indicator"}))
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    with unchanged(), pytest.raises(GateClosed) as refused:
        _approve_attachment(plan, net.tehran_head)
    assert {m.code for m in refused.value.missing} == {
        "indicators_output", "indicators_outtake", "indicators_outcome"
    }  # fmt: skip


def test_a_change_after_pr_approval_withdraws_it(net, strategy):
    plan = plan_for(net.tehran)
    fill_attachment(plan)
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    attachment = _approve_attachment(plan, net.tehran_head)
    services.attachment_update(
        actor=net.tehran_editor, plan=plan, version=attachment.version, people="سه کارشناس"
    )
    with pytest.raises(GateClosed) as refused:
        services.plan_transition(actor=net.tehran_head, plan=plan, name="approve")
    assert [m.code for m in refused.value.missing] == ["attachment_approval"]
    assert "دوباره" in refused.value.missing[0].message


def test_submission_and_approval_keep_snapshots(net, strategy):
    plan = plan_for(net.tehran)
    fill_attachment(plan)
    plan = services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    _approve_attachment(plan, net.tehran_head)
    revisions = list(MediaAttachment.objects.get(plan=plan).revisions.order_by("id"))
    assert [r.kind for r in revisions] == ["submitted", "approved"]
    assert revisions[0].data["spokespeople"] == [
        {"name": "مدیرکل", "title": "مدیر کل استان", "topics": ""}
    ]


def test_a_stale_attachment_edit_is_refused_and_changes_nothing(net, strategy):
    plan = plan_for(net.tehran)
    seen = MediaAttachment.objects.get(plan=plan).version
    services.attachment_update(actor=net.tehran_editor, plan=plan, version=seen, idea="ایده اول")
    with unchanged(), pytest.raises(StaleVersion):
        services.attachment_update(actor=net.tehran_head, plan=plan, version=seen, idea="ایده دوم")
    with unchanged(), pytest.raises(StaleVersion):
        services.attachment_part_add(
            actor=net.tehran_head, plan=plan, section="spokesperson", version=seen, name="سخنگو"
        )
    assert MediaAttachment.objects.get(plan=plan).idea == "ایده اول"


def test_a_stale_plan_edit_is_refused_and_changes_nothing(net, strategy):
    plan = plan_for(net.tehran)
    services.plan_update(actor=net.tehran_editor, plan=plan, version=1, title="عنوان تازه")
    with unchanged(), pytest.raises(StaleVersion):
        services.plan_update(actor=net.tehran_head, plan=plan, version=1, title="عنوان دیگر")


def test_the_attachment_cannot_change_once_the_plan_is_approved(net, strategy):
    plan = _at(plan_for(net.tehran), S.APPROVED)
    version = MediaAttachment.objects.get(plan=plan).version
    with unchanged(), pytest.raises(PermissionDenied):
        services.attachment_update(actor=net.tehran_head, plan=plan, version=version, idea="x")


def test_links_go_to_the_active_strategy_only(net, strategy):
    draft = strategy_document(status="draft", title="پیش‌نویس")
    plan = plan_for(net.tehran)
    with unchanged(), pytest.raises(ValidationError):
        services.attachment_part_add(
            actor=net.tehran_editor, plan=plan, section="objective", version=1,
            text="هدف", goal=draft.goals.first(),
        )  # fmt: skip
