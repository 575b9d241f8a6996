"""Stories serve activities: output indicators count the linked published stories, at read
time, and follow every publication and unpublication."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hamafza.newsroom import services as newsroom
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.plans import selectors, services
from hamafza.plans.models import ActivityOutput, PlanIndicator
from hamafza.plans.tests.factories import fill_attachment, plan_for
from hamafza.strategy.tests.factories import strategy_document


@pytest.fixture
def activity(net):
    strategy_document()
    plan = plan_for(net.tehran)
    fill_attachment(plan)
    return plan.activities.get()


def _output(plan):
    return next(
        p.actual for p in selectors.plan_indicator_progress(plan)
        if p.indicator.level == PlanIndicator.Level.OUTPUT
    )  # fmt: skip


def test_published_linked_stories_count_and_unpublishing_uncounts(net, activity):
    plan = activity.plan
    story = newsroom.story_create(
        actor=net.tehran_reporter, headline="نشست خبری توانمندی", activity=activity
    )
    assert _output(plan) == 0
    approved = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status="approved"
    )
    Story.objects.filter(pk=approved.pk).update(activity=activity)
    story = Story.objects.get(pk=approved.pk)
    newsroom.story_transition(actor=net.tehran_editor, story=story, name="publish")
    assert _output(plan) == 1
    assert ActivityOutput.objects.get().story_id == story.pk
    newsroom.story_transition(actor=net.tehran_editor, story=story, name="unpublish", note="خطا")
    assert _output(plan) == 0


def test_relinking_a_published_story_moves_its_output(net, activity):
    other = services.activity_create(
        actor=net.tehran_editor, plan=activity.plan, title="مصاحبه", channel="radio",
        date=date(2026, 6, 1),
    )  # fmt: skip
    published: Story = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_editor, status="published"
    )
    story = newsroom.story_update(
        actor=net.tehran_editor, story=published, version=published.version, change_note="پیوند",
        activity=activity,
    )  # fmt: skip
    assert ActivityOutput.objects.get().activity == activity
    newsroom.story_update(
        actor=net.tehran_editor, story=story, version=story.version, change_note="پیوند",
        activity=other.pk,
    )  # fmt: skip
    assert ActivityOutput.objects.get().activity == other
    assert _output(activity.plan) == 1


def test_a_story_cannot_serve_another_units_hidden_plan(net, activity):
    with pytest.raises(ValidationError):
        newsroom.story_create(actor=net.isfahan_editor, headline="خبر", activity=activity)
    assert not Story.objects.exists()


def test_the_story_form_offers_the_activities_and_links_one(net, client, activity):
    client.force_login(net.tehran_reporter)
    page = client.get("/desk/stories/new/").content.decode()
    assert "نشست خبری" in page
    response = client.post(
        "/desk/stories/new/",
        {"unit": "tehran", "headline": "خبر فعالیت", "kind": "news", "language": "fa",
         "activity": activity.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert Story.objects.get(headline="خبر فعالیت").activity == activity


def test_outcomes_are_entered_with_evidence(net, activity):
    plan = activity.plan
    plan.status = "running"
    plan.save()
    outcome = plan.attachment.indicators.get(level="outcome")
    with pytest.raises(ValidationError):
        services.indicator_result_add(
            actor=net.tehran_editor, indicator=outcome, value=3, evidence=" ",
            measured_on=date(2026, 7, 1),
        )  # fmt: skip
    services.indicator_result_add(
        actor=net.tehran_editor, indicator=outcome, value=4, evidence="نظرسنجی مرکز افکارسنجی",
        measured_on=date(2026, 7, 1),
    )  # fmt: skip
    progress = {p.indicator.level: p for p in selectors.plan_indicator_progress(plan)}
    assert (progress["outcome"].actual, progress["outcome"].percent) == (4, 40)
