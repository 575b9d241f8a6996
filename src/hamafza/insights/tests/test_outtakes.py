"""Out-take indicators measured from the portal: public reads and approved visitor comments of
the stories linked to the plan's activities, counted by ``insights.measures`` and shown with
their source on the plan page and in the dashboard's "behind target" list.

Known figures: two stories serve the plan's activity, read 30 + 12 and 5 times; a third story
serves nothing and is read 1000 times. The first has three approved visitor comments, one
pending, one approved official reply; the unlinked story one approved comment. So: 47 reads and
3 approved comments.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamafza.comments.models import Comment
from hamafza.common.actors import SYSTEM
from hamafza.insights.oversight import dashboard
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.plans import selectors, services
from hamafza.plans.models import MediaAttachment, Plan, PlanIndicator
from hamafza.plans.tests.factories import fill_attachment, plan_for, unchanged
from hamafza.portal.models import StoryDailyViews
from hamafza.strategy.tests.factories import strategy_document

SRC = PlanIndicator.Source
MIDWAY = date(2026, 8, 1)  # half of the plan's 1 Apr – 1 Dec 2026


def _add_indicator(plan: Plan, **fields: object) -> PlanIndicator:
    version = MediaAttachment.objects.get(plan=plan).version
    part = services.attachment_part_add(
        actor=SYSTEM, plan=plan, section="indicator", version=version, **fields
    )
    assert isinstance(part, PlanIndicator)
    return part


@pytest.fixture
def figures(net):
    strategy_document()
    plan = plan_for(net.tehran)
    fill_attachment(plan)
    reads = _add_indicator(
        plan, level="outtake", name="بازدید خبرها", source=SRC.READS,
        baseline=Decimal(0), target=Decimal(100),
    )  # fmt: skip
    comments = _add_indicator(
        plan, level="outtake", name="نظرهای مردم", source=SRC.APPROVED_COMMENTS,
        baseline=Decimal(0), target=Decimal(4),
    )  # fmt: skip
    activity = plan.activities.get()
    first, second, elsewhere = (
        StoryFactory.create(unit=net.tehran, created_by=net.tehran_editor, status="published")
        for _ in range(3)
    )
    Story.objects.filter(pk__in=[first.pk, second.pk]).update(activity=activity)
    for story, day, views in (
        (first, date(2026, 6, 1), 30),
        (first, date(2026, 6, 2), 12),
        (second, date(2026, 6, 2), 5),
        (elsewhere, date(2026, 6, 2), 1000),
    ):
        StoryDailyViews.objects.create(story=story, day=day, views=views)
    for story, status, official in (
        (first, "approved", False),
        (first, "approved", False),
        (first, "approved", False),
        (first, "pending", False),
        (first, "approved", True),
        (elsewhere, "approved", False),
    ):
        Comment.objects.create(
            story=story, body="نظر", author_name="شهروند", status=status, is_official=official
        )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.RUNNING)
    return plan, reads, comments


def _progress(plan: Plan) -> dict[str, selectors.IndicatorProgress]:
    return {p.indicator.name: p for p in selectors.plan_indicator_progress(plan)}


def test_reads_and_approved_comments_are_counted_from_linked_stories(net, figures):
    plan, _reads, _comments = figures
    progress = _progress(plan)
    assert progress["بازدید خبرها"].actual == 47
    assert progress["بازدید خبرها"].percent == 47
    assert progress["بازدید خبرها"].automatic
    assert progress["نظرهای مردم"].actual == 3
    assert progress["نظرهای مردم"].percent == 75


def test_a_plan_without_linked_stories_measures_zero(net, figures):
    other = plan_for(net.tehran, title="طرح دیگر")
    fill_attachment(other)
    _add_indicator(other, level="outtake", name="بازدید", source=SRC.READS, target=Decimal(10))
    assert _progress(other)["بازدید"].actual == 0


def test_the_plan_page_shows_the_measured_value_and_its_source(net, client, figures):
    plan, reads, comments = figures
    client.force_login(net.tehran_viewer)
    page = client.get(f"/desk/plans/{plan.pk}/").content.decode()
    row = page.split(f'data-indicator="{reads.pk}"')[1].split("</tr>")[0]
    assert "۴۷" in row
    assert 'data-source="reads"' in row
    assert "بازدید عمومی خبرهای پیوندخورده" in row
    row = page.split(f'data-indicator="{comments.pk}"')[1].split("</tr>")[0]
    assert "۳" in row
    assert 'data-source="approved_comments"' in row


def test_the_api_reports_the_measured_values(net, client, figures):
    plan, reads, comments = figures
    client.force_login(net.tehran_viewer)
    rows = {
        r["indicator"]["id"]: r for r in client.get(f"/api/v1/plans/{plan.pk}/indicators").json()
    }
    assert (float(rows[reads.pk]["actual"]), rows[reads.pk]["automatic"]) == (47, True)
    assert rows[reads.pk]["indicator"]["source"] == "reads"
    assert float(rows[comments.pk]["actual"]) == 3


def test_the_dashboard_puts_reads_behind_and_comments_on_track(net, client, figures):
    _plan, reads, comments = figures
    board = dashboard(net.hq_editor, today=MIDWAY)
    behind = {row.progress.indicator.pk: row for row in board.behind}
    # Halfway: 50 reads expected, 47 measured; 2 comments expected, 3 approved.
    assert reads.pk in behind
    assert (behind[reads.pk].expected, behind[reads.pk].progress.actual) == (50, 47)
    assert comments.pk not in behind
    # Tehran's head sees the same; Isfahan's does not see Tehran's plan at all.
    assert reads.pk in {
        r.progress.indicator.pk for r in dashboard(net.tehran_head, today=MIDWAY).behind
    }
    assert not dashboard(net.isfahan_head, today=MIDWAY).behind


def test_the_dashboard_page_names_the_source(net, client, figures):
    client.force_login(net.hq_editor)
    page = client.get("/desk/insights/").content.decode()
    assert 'data-source="reads"' in page


@pytest.mark.parametrize(
    ("level", "source"),
    [("output", SRC.READS), ("outcome", SRC.APPROVED_COMMENTS), ("outtake", SRC.PUBLISHED_STORIES)],
)
def test_portal_sources_measure_out_takes_only(net, level, source):
    strategy_document()
    plan = plan_for(net.tehran)
    with unchanged(), pytest.raises(ValidationError):
        _add_indicator(plan, level=level, name="شاخص", source=source, target=Decimal(1))


def test_automatic_indicators_take_no_manual_result(net, figures):
    _plan, reads, _comments = figures
    with unchanged(), pytest.raises(ValidationError):
        services.indicator_result_add(
            actor=net.tehran_editor, indicator=PlanIndicator.objects.get(pk=reads.pk), value=5,
            evidence="شمارش دستی", measured_on=date(2026, 7, 1),
        )  # fmt: skip


def test_the_attachment_editor_offers_the_sources(net, client):
    strategy_document()
    plan = plan_for(net.tehran)
    client.force_login(net.tehran_editor)
    page = client.get(f"/desk/plans/{plan.pk}/attachment/").content.decode()
    assert 'value="reads"' in page
    assert 'value="approved_comments"' in page


def test_the_export_names_each_indicators_source(net, client, figures):
    _plan, reads, _comments = figures
    client.force_login(net.hq_editor)
    response = client.get(reverse("insights:export", args=["csv"]), {"section": "indicators"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name[reads.name][-1] == "بازدید عمومی خبرهای پیوندخورده"
