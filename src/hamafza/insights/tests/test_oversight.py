"""The oversight dashboard: who sees what, the figures on a small known data set, Jalali month
boundaries, bounded queries and the exports.

The data set (``board_data``), with today fixed at 6 Azar 1405 (2026-11-27):

* Tehran runs plan A (attachment complete and approved, 1 Apr – 1 Dec 2026): its
  attachment carries key message m0; an activity of Shemiranat carries m1 and is served by a
  published Shemiranat story; the attachment's own activity (1 May) is still planned: overdue.
* Isfahan proposed plan B: attachment complete but for its risks; it carries m0; its
  activity (1 May) is overdue too.
* Shemiranat proposed plan C with an empty attachment.
* Nobody carries m2 ("خدمات شفاف و در دسترس").
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hamafza.common.actors import SYSTEM
from hamafza.insights.oversight import dashboard, expected_by
from hamafza.insights.periods import JalaliMonth, parse_month, week_start
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.plans import services
from hamafza.plans.models import Activity, ActivityOutput, MediaAttachment, Plan, PlanIndicator
from hamafza.plans.tests.factories import fill_attachment, plan_for
from hamafza.strategy.models import KeyMessage
from hamafza.strategy.tests.factories import strategy_document

TEHRAN = ZoneInfo("Asia/Tehran")
TODAY = date(2026, 11, 27)  # 6 Azar 1405


@pytest.fixture
def board_data(net):
    strategy_document()
    m0, m1, _m2 = KeyMessage.objects.order_by("goal__position", "position")
    plan_a = plan_for(net.tehran, title="طرح الف تهران")
    fill_attachment(plan_a)
    shemiranat_activity = services.activity_create(
        actor=SYSTEM, plan=plan_a, title="گفت‌وگوی رادیویی", channel="radio",
        date=date(2026, 6, 1), unit=net.shemiranat, key_message=m1,
    )  # fmt: skip
    Activity.objects.filter(pk=shemiranat_activity.pk).update(status=Activity.Status.DONE)
    attachment = MediaAttachment.objects.get(plan=plan_a)
    attachment.approved_version = attachment.version
    attachment.save()
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.RUNNING)
    outtake = PlanIndicator.objects.get(attachment=attachment, level="outtake")
    services.indicator_result_add(
        actor=net.tehran_head, indicator=outtake, value=Decimal(10), evidence="نظرسنجی",
        measured_on=date(2026, 11, 1),
    )  # fmt: skip
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status="published"
    )
    Story.objects.filter(pk=story.pk).update(activity=shemiranat_activity)
    ActivityOutput.objects.create(
        activity=shemiranat_activity,
        story_id=story.pk,
        headline=story.headline,
        published_at=story.published_at or timezone.now(),
    )
    plan_b = plan_for(net.isfahan, title="طرح ب اصفهان")
    fill_attachment(plan_b, skip=frozenset({"risk"}))
    plan_c = plan_for(net.shemiranat, title="طرح ج شمیرانات")
    return {"a": plan_a, "b": plan_b, "c": plan_c, "messages": (m0, m1, _m2)}


def _titles(items):
    return sorted(entry.plan.title for entry in items)


# --- Who sees what -----------------------------------------------------------------------


def test_hq_sees_the_whole_network(net, board_data):
    board = dashboard(net.hq_editor, today=TODAY)
    assert board.scope.network
    assert _titles(board.incomplete) == ["طرح ب اصفهان", "طرح ج شمیرانات"]
    assert sorted(a.plan.title for a in board.overdue) == ["طرح الف تهران", "طرح ب اصفهان"]


def test_a_unit_head_sees_only_their_subtree(net, board_data):
    tehran = dashboard(net.tehran_head, today=TODAY)
    assert not tehran.scope.network
    assert tehran.scope.unit_ids == {net.tehran.pk, net.shemiranat.pk}
    assert _titles(tehran.incomplete) == ["طرح ج شمیرانات"]
    assert [a.plan.title for a in tehran.overdue] == ["طرح الف تهران"]
    isfahan = dashboard(net.isfahan_head, today=TODAY)
    assert _titles(isfahan.incomplete) == ["طرح ب اصفهان"]
    assert [a.plan.title for a in isfahan.overdue] == ["طرح ب اصفهان"]
    assert isfahan.behind == []  # Tehran's indicators are not Isfahan's to oversee


@pytest.mark.parametrize("persona", ["tehran_reporter", "tehran_editor", "tehran_viewer"])
def test_members_who_head_nothing_are_refused(client, net, board_data, persona):
    client.force_login(getattr(net, persona))
    assert client.get(reverse("insights:dashboard")).status_code == 403
    assert client.get(reverse("insights:export", args=["xlsx"])).status_code == 403


def test_outsiders_are_refused_and_anonymous_sent_to_login(client, net, board_data):
    response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(net.outsider)
    assert client.get(reverse("insights:dashboard")).status_code == 403


# --- Figures ------------------------------------------------------------------------------


def test_incomplete_plans_list_what_is_missing(net, board_data):
    board = dashboard(net.hq_editor, today=TODAY)
    by_title = {e.plan.title: [m.code for m in e.missing] for e in board.incomplete}
    assert by_title["طرح ب اصفهان"] == ["risks"]
    assert "objectives" in by_title["طرح ج شمیرانات"]


def test_indicators_behind_their_pace(net, board_data):
    board = dashboard(net.hq_editor, today=TODAY)
    behind = {b.progress.indicator.level: b for b in board.behind}
    # 240 of 244 days of plan A have passed: a 0 → 10 indicator should stand at 9.84.
    assert set(behind) == {"output", "outcome"}
    assert behind["output"].expected == Decimal("9.84")
    assert behind["output"].progress.actual == 1  # the one linked published story
    assert behind["outcome"].progress.actual is None  # nothing measured yet
    # Outtake measured 10 ≥ 9.84: on track, not listed.


def test_expected_pace_is_the_baseline_before_the_start_and_the_target_after_the_end(
    net, board_data
):
    indicator = PlanIndicator.objects.filter(attachment__plan=board_data["a"]).first()
    assert indicator is not None
    plan = board_data["a"]
    assert expected_by(indicator, plan, date(2026, 1, 1)) == Decimal("0.00")
    assert expected_by(indicator, plan, date(2027, 1, 1)) == Decimal("10.00")


def test_coverage_names_the_units_carrying_each_message_and_the_uncovered(net, board_data):
    m0, m1, m2 = board_data["messages"]
    board = dashboard(net.hq_editor, today=TODAY)
    rows = {m.message.pk: m for g in board.coverage for m in g.messages}
    assert rows[m0.pk].unit_ids == {net.tehran.pk, net.isfahan.pk}
    assert rows[m0.pk].plans == 2
    assert rows[m1.pk].unit_ids == {net.shemiranat.pk}
    assert (rows[m1.pk].activities, rows[m1.pk].stories) == (1, 1)
    assert [m.message.pk for m in board.uncovered] == [m2.pk]
    isfahan = dashboard(net.isfahan_head, today=TODAY)
    assert [m.message.pk for m in isfahan.uncovered] == [m1.pk, m2.pk]


def test_units_with_no_output_follow_the_jalali_month(net, board_data):
    """6 Azar 1405: Azar began on 22 Nov 2026. A story of 30 Aban late at night does not
    count for Azar; one just after midnight of 1 Azar does."""
    Story.objects.update(first_published_at=datetime(2026, 10, 1, tzinfo=TEHRAN))
    Plan.objects.update(status=Plan.Status.CANCELLED)  # no "done" activity this month either
    aban = StoryFactory.create(unit=net.isfahan, created_by=net.isfahan_editor, status="published")
    azar = StoryFactory.create(unit=net.kashan, created_by=net.isfahan_editor, status="published")
    Story.objects.filter(pk=aban.pk).update(
        first_published_at=datetime(2026, 11, 21, 23, 50, tzinfo=TEHRAN)
    )
    Story.objects.filter(pk=azar.pk).update(
        first_published_at=datetime(2026, 11, 22, 0, 10, tzinfo=TEHRAN)
    )
    board = dashboard(net.isfahan_head, today=TODAY)
    assert board.month == JalaliMonth(1405, 9)
    assert [u.slug for u in board.silent_units] == ["isfahan"]


def test_jalali_month_boundaries():
    assert JalaliMonth(1405, 1).first == date(2026, 3, 21)
    assert JalaliMonth(1405, 9).first == date(2026, 11, 22)
    assert JalaliMonth(1405, 12).end == JalaliMonth(1406, 1).first
    assert JalaliMonth(1403, 12).days == 30  # 1403 is a leap year
    assert JalaliMonth(1404, 12).days == 29
    assert JalaliMonth(1405, 6).days == 31
    assert JalaliMonth(1405, 7).days == 30
    assert JalaliMonth.of(date(2026, 3, 20)) == JalaliMonth(1404, 12)
    assert parse_month("1405-09", default=TODAY) == JalaliMonth(1405, 9)
    assert parse_month("garbage", default=TODAY) == JalaliMonth(1405, 9)
    assert parse_month("1405-13", default=TODAY) == JalaliMonth(1405, 9)
    assert week_start(TODAY) == date(2026, 11, 21)  # a Saturday
    assert week_start(date(2026, 11, 21)) == date(2026, 11, 21)


# --- The page, its queries and its exports ----------------------------------------------------


def test_the_page_shows_the_figures_and_its_queries_do_not_grow(
    client, net, board_data, django_assert_max_num_queries
):
    client.force_login(net.hq_editor)
    with django_assert_max_num_queries(30) as first:
        response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "طرح ب اصفهان" in page
    assert "هیچ واحدی این پیام را حمل نمی‌کند" in page
    assert "insights/vendor/chartjs/chart.umd.min" in page
    assert 'id="chart-coverage"' in page
    for index in range(4):
        more = plan_for(net.kashan, title=f"طرح اضافی {index}")
        fill_attachment(more, skip=frozenset({"indicator"}))
    with django_assert_max_num_queries(len(first.captured_queries)):
        again = client.get(reverse("insights:dashboard"))
    # Each extra plan is listed twice: incomplete (no indicators) and its activity overdue.
    assert again.content.decode().count("طرح اضافی") == 8


def test_csv_export_parses(client, net, board_data):
    client.force_login(net.tehran_head)
    response = client.get(reverse("insights:export", args=["csv"]), {"section": "plans"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["طرح", "واحد", "وضعیت", "کمبودها"]
    assert [row[0] for row in rows[1:]] == ["طرح ج شمیرانات"]  # not Isfahan's plan
    coverage = client.get(reverse("insights:export", args=["csv"]), {"section": "coverage"})
    lines = list(csv.reader(io.StringIO(coverage.content.decode("utf-8-sig"))))
    assert len(lines) == 1 + 3
    unknown = client.get(reverse("insights:export", args=["csv"]), {"section": "nope"})
    assert unknown.status_code == 404


def test_xlsx_export_opens_with_a_sheet_per_section(client, net, board_data):
    client.force_login(net.hq_editor)
    response = client.get(reverse("insights:export", args=["xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 5
    plans = workbook.worksheets[0]
    assert plans.sheet_view.rightToLeft
    values = list(plans.iter_rows(values_only=True))
    assert values[0] == ("طرح", "واحد", "وضعیت", "کمبودها")
    assert sorted(str(row[0]) for row in values[1:]) == ["طرح ب اصفهان", "طرح ج شمیرانات"]
    indicators = workbook.worksheets[2]
    numbers = list(indicators.iter_rows(min_row=2, values_only=True))
    assert any(row[6] == pytest.approx(9.84) for row in numbers)  # a number, not text
