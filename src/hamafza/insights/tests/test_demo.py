"""The plans demo (strategy and eight plans) and the last step linking demo stories to the
running plans' activities: what they hold, the gate, and idempotence."""

import pytest
from django.core.management.base import CommandError

from hamafza.accounts.models import User
from hamafza.common.models import AuditEntry
from hamafza.insights.demo import demo_load as insights_demo_load
from hamafza.insights.oversight import dashboard
from hamafza.newsroom.demo import demo_load as newsroom_demo_load
from hamafza.newsroom.models import Story
from hamafza.org.demo import demo_load as org_demo_load
from hamafza.plans.completeness import approval_missing, attachment_missing
from hamafza.plans.demo import PLANS, demo_load
from hamafza.plans.models import Activity, ActivityOutput, Plan
from hamafza.plans.selectors import plan_indicator_progress
from hamafza.strategy.models import StrategyDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    org_demo_load()
    counts = demo_load()
    newsroom_demo_load()
    linked = insights_demo_load()
    return counts, linked


def test_refuses_a_database_that_is_not_a_demo():
    with pytest.raises(CommandError):
        demo_load()
    assert not Plan.objects.exists()


def test_the_strategy_and_eight_plans_in_every_state(loaded):
    counts, _linked = loaded
    assert counts == {"goals": 5, "messages": 12, "indicators": 6, "plans": 8, "activities": 13}
    document = StrategyDocument.objects.get(status=StrategyDocument.Status.ACTIVE)
    assert document.goals.count() == 5
    assert all(goal.messages.exists() for goal in document.goals.all())
    assert all(i.periods.count() == 5 for i in document.indicators.all())  # a year + 4 seasons
    plans = list(Plan.objects.select_related("unit", "attachment"))
    assert len(plans) == 8
    assert len({p.unit_id for p in plans}) == 8
    assert {p.status for p in plans} == set(Plan.Status.values)
    for plan in plans:
        if plan.status in {"approved", "running", "closed"}:
            assert approval_missing(plan) == [], plan.title
    fars = next(p for p in plans if p.unit.slug == "fars")
    codes = {m.code for m in attachment_missing(fars.attachment)}
    assert {"indicators_output", "risks", "spokespeople"} <= codes


def test_running_plans_count_their_linked_stories(loaded):
    _counts, linked = loaded
    assert linked["linked_stories"] > 0
    assert Story.objects.filter(activity__isnull=False).count() == linked["linked_stories"]
    tehran = Plan.objects.get(unit__slug="tehran")
    output = next(p for p in plan_indicator_progress(tehran) if p.indicator.level == "output")
    assert output.actual == ActivityOutput.objects.filter(activity__plan=tehran).count() > 0
    for out in ActivityOutput.objects.select_related("activity"):
        story = Story.objects.get(pk=out.story_id)
        assert story.activity_id == out.activity_id
        assert story.first_published_at is not None


def test_the_oversight_has_something_to_show(loaded):
    board = dashboard(User.objects.get(username="hq.head"))
    assert board.incomplete
    assert board.overdue
    assert board.behind
    assert any(m.unit_ids for g in board.coverage for m in g.messages)
    assert board.uncovered  # the demo leaves messages nobody carries


def test_a_second_run_adds_nothing(loaded):
    def state():
        return (Plan.objects.count(), Activity.objects.count(), ActivityOutput.objects.count())

    before = state()
    audit = AuditEntry.objects.count()
    assert set(demo_load().values()) == {0}
    assert insights_demo_load() == {"linked_stories": 0}
    assert (
        Plan.objects.count(),
        Activity.objects.count(),
        ActivityOutput.objects.count(),
    ) == before
    assert AuditEntry.objects.count() == audit
    assert len(PLANS) == 8
