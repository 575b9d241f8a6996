"""The editorial calendar: Jalali month and week pages, who sees what (the stories' and plans'
scoping), the filters, the iCalendar export read back with ``icalendar``, empty states and
bounded queries.

The data set (``agenda``), all in Azar 1405 (22 Nov – 21 Dec 2026):

* Tehran proposed plan T (not approved: only Tehran's line and HQ see it), starting 10 Azar
  (1 Dec); its activity "نشست خبری تهران" is on 12 Azar (3 Dec), carrying key message m2 of
  goal "اعتماد عمومی"; a Shemiranat activity "برنامه رادیویی شمیرانات" of the same plan on
  15 Azar (6 Dec).
* Isfahan proposed plan I (hidden from Tehran) with activity "نمایشگاه اصفهان" on 12 Azar.
* Isfahan running plan R (the network sees it), its attachment carrying m0 of goal
  "معرفی توانمندی‌های جامعه هدف", activity "کارگاه کاشان" of Kashan on 20 Azar (11 Dec).
* Stories: Tehran scheduled for 14 Azar 10:30 Tehran time (5 Dec 07:00 UTC), serving T's
  activity; Isfahan scheduled for 14 Azar (hidden from Tehran); Isfahan published on 8 Azar
  (29 Nov).
"""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from hamafza.common.actors import SYSTEM
from hamafza.insights.calendar import (
    CalendarFilters,
    calendar_events,
    lay_out,
    month_grid,
    week_label,
)
from hamafza.insights.periods import JalaliMonth, day_slug, parse_week
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.tests.test_api import call
from hamafza.plans import services
from hamafza.plans.models import Activity, Plan
from hamafza.plans.tests.factories import fill_attachment
from hamafza.strategy.models import KeyMessage
from hamafza.strategy.tests.factories import strategy_document

TEHRAN = ZoneInfo("Asia/Tehran")
AZAR = "1405-09"
URL = "/desk/insights/calendar/"


def _plan(unit, title, *, starts_on=date(2026, 12, 1), ends_on=date(2027, 3, 1)):
    return services.plan_create(
        actor=SYSTEM, unit=unit, title=title, description="شرح",
        starts_on=starts_on, ends_on=ends_on, domains=["extra_agency"],
    )  # fmt: skip


def _activity(plan, title, day, *, unit=None, key_message=None):
    return services.activity_create(
        actor=SYSTEM, plan=plan, title=title, channel="event", date=day,
        unit=unit or plan.unit, key_message=key_message,
    )  # fmt: skip


@pytest.fixture
def agenda(net):
    strategy_document()
    m0, _m1, m2 = KeyMessage.objects.order_by("goal__position", "position")
    tehran_plan = _plan(net.tehran, "طرح تهران")
    tehran_activity = _activity(tehran_plan, "نشست خبری تهران", date(2026, 12, 3), key_message=m2)
    _activity(tehran_plan, "برنامه رادیویی شمیرانات", date(2026, 12, 6), unit=net.shemiranat)
    isfahan_plan = _plan(net.isfahan, "طرح پنهان اصفهان")
    _activity(isfahan_plan, "نمایشگاه اصفهان", date(2026, 12, 3))
    running = _plan(net.isfahan, "طرح جاری اصفهان", starts_on=date(2026, 4, 1))
    fill_attachment(running, skip=frozenset({"message", "activity"}))
    services.attachment_part_add(
        actor=SYSTEM, plan=running, section="message",
        version=running.attachment.__class__.objects.get(plan=running).version, key_message=m0,
    )  # fmt: skip
    _activity(running, "کارگاه کاشان", date(2026, 12, 11), unit=net.kashan)
    Plan.objects.filter(pk=running.pk).update(status=Plan.Status.RUNNING)
    StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=Story.Status.SCHEDULED,
        headline="خبر زمان‌بندی‌شده تهران", activity=tehran_activity,
        scheduled_for=datetime(2026, 12, 5, 7, 0, tzinfo=UTC),
    )  # fmt: skip
    StoryFactory.create(
        unit=net.isfahan, created_by=net.isfahan_editor, status=Story.Status.SCHEDULED,
        headline="خبر زمان‌بندی‌شده اصفهان", scheduled_for=datetime(2026, 12, 5, 8, 0, tzinfo=UTC),
    )  # fmt: skip
    StoryFactory.create(
        unit=net.isfahan, created_by=net.isfahan_editor, status=Story.Status.PUBLISHED,
        headline="خبر منتشرشده اصفهان", published_at=datetime(2026, 11, 29, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    return {"tehran_plan": tehran_plan, "isfahan_plan": isfahan_plan, "running": running}


AZAR_1405 = JalaliMonth(1405, 9)
NO_FILTERS = CalendarFilters()


def titles(user, filters=NO_FILTERS, month=AZAR_1405):
    first, end = month_grid(month)
    return {e.title for e in calendar_events(user, first=first, end=end, filters=filters).events}


def shown(response):
    """The titles of the events drawn on a calendar page."""
    return set(re.findall(r'class="cal-event-title">([^<]*)<', response.content.decode()))


def page(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, {"month": AZAR, **params})


# --- Jalali months and weeks ----------------------------------------------------------------


def test_the_grid_of_esfand_1403_a_leap_year_covers_its_30_days_in_whole_weeks():
    esfand = JalaliMonth(1403, 12)
    assert esfand.first == date(2025, 2, 19)
    assert esfand.days == 30
    assert esfand.next == JalaliMonth(1404, 1)
    first, end = month_grid(esfand)
    assert first == date(2025, 2, 15)  # the Saturday before 1 Esfand (a Wednesday)
    assert end == date(2025, 3, 22)  # after the Friday of 30 Esfand's week (1 Farvardin 1404)
    days = lay_out([], first=first, end=end, today=date(2025, 3, 20), within=esfand)
    inside = [d for d in days if not d.outside]
    assert [d.number for d in inside][-1] == "۳۰"
    assert days[-1].outside
    assert days[-1].month_name == "فروردین"
    assert days[-1].number == "۱"
    assert [d.weekday for d in days[:7]] == [
        "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه",
    ]  # fmt: skip
    assert [d.today for d in days].count(True) == 1


def test_esfand_1404_has_29_days():
    assert JalaliMonth(1404, 12).days == 29


def test_a_week_spanning_aban_and_azar():
    first = parse_week("۱۴۰۵-۰۹-۰۳", default=date(2000, 1, 1))  # Persian digits are read too
    assert first == date(2026, 11, 21)  # Saturday, 30 Aban 1405
    assert week_label(first) == "۳۰ آبان تا ۶ آذر ۱۴۰۵"
    assert week_label(date(2026, 11, 28)) == "۷ تا ۱۳ آذر ۱۴۰۵"
    assert week_label(date(2027, 3, 20)) == "۲۹ اسفند ۱۴۰۵ تا ۶ فروردین ۱۴۰۶"
    assert day_slug(first) == "1405-08-30"
    assert parse_week("nonsense", default=date(2026, 11, 27)) == date(2026, 11, 21)


def test_the_week_page_spans_two_months(net, client, agenda):
    client.force_login(net.tehran_editor)
    response = client.get(f"{URL}week/", {"week": "1405-09-16"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "۱۴ تا ۲۰ آذر ۱۴۰۵" in body
    assert body.count('class="cal-day') == 7
    assert shown(response) == {
        "خبر زمان‌بندی‌شده تهران",  # Saturday 14 Azar, the week's first day
        "برنامه رادیویی شمیرانات",
        "کارگاه کاشان",  # Friday 20 Azar, its last
    }
    across = client.get(f"{URL}week/", {"week": "1405-09-06"})
    assert "۳۰ آبان تا ۶ آذر ۱۴۰۵" in across.content.decode()
    assert 'data-date="2026-11-21"' in across.content.decode()
    assert 'data-date="2026-11-27"' in across.content.decode()
    assert shown(across) == set()
    assert "هفته پیش" in body


# --- The month page ---------------------------------------------------------------------------


def test_the_month_page_in_persian_with_navigation(net, client, agenda):
    response = page(client, net.tehran_editor)
    body = response.content.decode()
    assert response.status_code == 200
    assert "آذر ۱۴۰۵" in body
    assert 'href="/desk/insights/calendar/?month=1405-08"' in body
    assert 'href="/desk/insights/calendar/?month=1405-10"' in body
    assert body.count('class="cal-day') == 35  # 1 Azar is a Saturday; 30 Azar a Sunday
    assert "<bdi>۱۰:۳۰</bdi>" in body  # 07:00 UTC in Tehran, Persian digits
    assert "تقویم رسانه‌ای" in body


def test_today_is_marked(net, client):
    client.force_login(net.tehran_reporter)
    body = client.get(URL).content.decode()
    today = timezone.localdate()
    assert f'data-date="{today.isoformat()}" aria-current="date"' in body
    assert body.count('aria-current="date"') == 1


def test_the_nav_offers_the_calendar_to_every_member(net, client):
    client.force_login(net.tehran_viewer)
    assert 'href="/desk/insights/calendar/"' in client.get("/desk/").content.decode()


def test_empty_states(net, client):
    client.force_login(net.tehran_editor)
    body = client.get(URL, {"month": "1390-01"}).content.decode()
    assert "در این بازه رویدادی در تقویم نیست." in body
    assert 'class="cal-event' not in body


def test_outsiders_are_refused(net, client):
    client.force_login(net.outsider)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}tehran.ics").status_code == 403


# --- Scoping ------------------------------------------------------------------------------------

TEHRAN_OWN = {"طرح تهران", "نشست خبری تهران", "برنامه رادیویی شمیرانات", "خبر زمان‌بندی‌شده تهران"}
ISFAHAN_OWN = {"طرح پنهان اصفهان", "نمایشگاه اصفهان", "خبر زمان‌بندی‌شده اصفهان"}
NETWORK = {"کارگاه کاشان", "خبر منتشرشده اصفهان"}


def test_tehran_sees_its_line_and_the_network_not_isfahans_unapproved_work(net, agenda):
    assert titles(net.tehran_editor) == TEHRAN_OWN | NETWORK
    assert titles(net.tehran_viewer) == TEHRAN_OWN | NETWORK


def test_shemiranat_does_not_see_the_unapproved_plan_of_the_province_above(net, agenda):
    # Unapproved work is seen by its unit's line downward-looking: the province sees its
    # counties, a county does not see the province's.
    assert titles(net.shemiranat_head) == NETWORK


def test_isfahan_sees_its_own_not_tehrans(net, agenda):
    assert titles(net.isfahan_editor) == ISFAHAN_OWN | NETWORK


def test_hq_sees_every_plan_and_stories_by_the_stories_rule(net, agenda):
    assert titles(net.hq_admin) == TEHRAN_OWN | ISFAHAN_OWN | NETWORK
    # An HQ strategist sees every plan, but the provinces' unpublished stories stay theirs.
    expected = (TEHRAN_OWN | ISFAHAN_OWN | NETWORK) - {
        "خبر زمان‌بندی‌شده تهران",
        "خبر زمان‌بندی‌شده اصفهان",
    }
    assert titles(net.hq_editor) == expected


def test_a_hidden_plan_is_not_a_filter_choice(net, client, agenda):
    response = page(client, net.tehran_editor, plan=agenda["isfahan_plan"].pk)
    body = response.content.decode()
    assert response.status_code == 400
    assert shown(response) == set()
    assert "طرح پنهان اصفهان" not in body  # not even among the choices
    assert "فیلترها معتبر نیستند" in body


# --- Filters ------------------------------------------------------------------------------------


def test_a_unit_filter_includes_its_sub_units(net, client, agenda):
    assert shown(page(client, net.hq_admin, unit="tehran")) == TEHRAN_OWN
    county = titles(net.hq_admin, CalendarFilters(unit_ids=frozenset({net.shemiranat.pk})))
    # The Shemiranat activity, and the plan's activity list stops at the county.
    assert county == {"برنامه رادیویی شمیرانات"}


def test_the_isfahan_filter_keeps_kashan(net, agenda):
    found = titles(
        net.hq_admin, CalendarFilters(unit_ids=frozenset({net.isfahan.pk, net.kashan.pk}))
    )
    assert found == ISFAHAN_OWN | NETWORK


def test_the_goal_filter(net, client, agenda):
    trust, capability = (
        KeyMessage.objects.get(text="خدمات شفاف و در دسترس").goal,
        KeyMessage.objects.get(text="توانمندی، نه ترحم").goal,
    )
    # Trust: T's activity carries m2 and the scheduled Tehran story serves that activity.
    assert titles(net.hq_admin, CalendarFilters(goal_id=trust.pk)) == {
        "نشست خبری تهران",
        "خبر زمان‌بندی‌شده تهران",
    }
    # Capability: the running plan's attachment (objective and message) serves it.
    assert shown(page(client, net.tehran_editor, goal=capability.pk)) == {"کارگاه کاشان"}


def test_the_plan_filter(net, client, agenda):
    plan = agenda["tehran_plan"]
    assert titles(net.tehran_head, CalendarFilters(plan_id=plan.pk)) == TEHRAN_OWN
    response = page(client, net.tehran_head, plan=plan.pk)
    assert shown(response) == TEHRAN_OWN
    body = response.content.decode()
    # Navigation keeps the filter.
    assert f"month=1405-10&amp;plan={plan.pk}" in body


def test_cancelled_activities_and_plans_are_left_out(net, agenda):
    Activity.objects.filter(title="نشست خبری تهران").update(status=Activity.Status.CANCELLED)
    assert "نشست خبری تهران" not in titles(net.tehran_head)
    Plan.objects.filter(pk=agenda["tehran_plan"].pk).update(status=Plan.Status.CANCELLED)
    assert titles(net.tehran_head) & {"طرح تهران", "برنامه رادیویی شمیرانات"} == set()


def test_plan_milestones_start_end_and_approval(net, client):
    strategy_document()
    today = timezone.localdate()
    plan = _plan(net.tehran, "طرح تصویب‌شده", starts_on=today, ends_on=today + timedelta(days=3))
    fill_attachment(plan)
    services.plan_transition(actor=net.tehran_editor, plan=plan, name="submit")
    services.attachment_approve(
        actor=net.tehran_head,
        plan=plan,
        version=plan.attachment.__class__.objects.get(plan=plan).version,
    )
    services.plan_transition(actor=net.tehran_head, plan=plan, name="approve")
    events = calendar_events(
        net.isfahan_editor, first=today, end=today + timedelta(days=7), filters=CalendarFilters()
    ).events
    kinds = {(e.kind, e.day) for e in events if e.title == "طرح تصویب‌شده"}
    assert kinds == {
        ("plan_start", today),
        ("plan_approved", today),
        ("plan_end", today + timedelta(days=3)),
    }


# --- iCalendar --------------------------------------------------------------------------------


def _ics(client, user, slug, **params):
    client.force_login(user)
    response = client.get(f"{URL}{slug}.ics", {"month": AZAR, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_ics_export_reads_back(net, client, agenda):
    calendar = _ics(client, net.tehran_editor, "tehran")
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "آغاز طرح: طرح تهران",
        "فعالیت رسانه‌ای: نشست خبری تهران",
        "فعالیت رسانه‌ای: برنامه رادیویی شمیرانات",
        "انتشار زمان‌بندی‌شده: خبر زمان‌بندی‌شده تهران",
    }
    story = events["انتشار زمان‌بندی‌شده: خبر زمان‌بندی‌شده تهران"]
    assert story.decoded("DTSTART") == datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
    assert story.decoded("DTEND") == datetime(2026, 12, 5, 7, 30, tzinfo=UTC)
    assert "DTSTART:20261205T070000Z" in calendar.to_ical().decode()
    assert str(story["URL"]).startswith("http://testserver/desk/stories/")
    activity = events["فعالیت رسانه‌ای: نشست خبری تهران"]
    # A whole Tehran day: 3 Dec 00:00 Tehran is 2 Dec 20:30 UTC.
    assert activity.decoded("DTSTART") == datetime(2026, 12, 2, 20, 30, tzinfo=UTC)
    assert activity.decoded("DTEND") == datetime(2026, 12, 3, 20, 30, tzinfo=UTC)
    plan_id = agenda["tehran_plan"].pk
    assert str(activity["URL"]) == f"http://testserver/desk/plans/{plan_id}/"
    assert str(events["آغاز طرح: طرح تهران"]["UID"]) == f"plan-{plan_id}-start@hamafza"
    # The next export names every event by the same UID.
    again = _ics(client, net.tehran_editor, "tehran")
    first_uids = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == first_uids
    assert len(set(first_uids)) == 4


def test_the_ics_export_is_scoped(net, client, agenda):
    calendar = _ics(client, net.tehran_editor, "isfahan")
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries == {"فعالیت رسانه‌ای: کارگاه کاشان", "خبر منتشرشده: خبر منتشرشده اصفهان"}


def test_the_calendar_links_to_the_units_ics(net, client, agenda):
    body = page(client, net.tehran_editor).content.decode()
    assert 'href="/desk/insights/calendar/tehran.ics?month=1405-09"' in body
    filtered = page(client, net.tehran_editor, unit="shemiranat").content.decode()
    assert (
        'href="/desk/insights/calendar/shemiranat.ics?month=1405-09&amp;unit=shemiranat"'
        in filtered
    )


def test_an_empty_ics_is_still_a_calendar(net, client):
    calendar = _ics(client, net.isfahan_editor, "isfahan", month="1390-01")
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "تقویم رسانه‌ای استان اصفهان"


# --- Queries ------------------------------------------------------------------------------------


def test_the_page_costs_a_fixed_number_of_queries(
    net, client, agenda, django_assert_max_num_queries
):
    client.force_login(net.hq_admin)
    with django_assert_max_num_queries(16):
        first = client.get(URL, {"month": AZAR})
    running = agenda["running"]
    for n in range(12):
        _activity(running, f"فعالیت افزوده {n}", date(2026, 12, 1 + n), unit=net.kashan)
        StoryFactory.create(
            unit=net.kashan, created_by=net.isfahan_editor, status=Story.Status.PUBLISHED,
            published_at=datetime(2026, 12, 1 + n, 9, 0, tzinfo=UTC),
        )  # fmt: skip
        _plan(net.khorasan, f"طرح افزوده {n}", starts_on=date(2026, 12, 1 + n))
    with django_assert_max_num_queries(16):
        more = client.get(URL, {"month": AZAR})
    assert (
        more.content.decode().count('class="cal-event')
        > first.content.decode().count('class="cal-event') + 30
    )
    with django_assert_max_num_queries(16):
        exported = client.get(f"{URL}hq.ics", {"month": AZAR})
    assert exported.content.count(b"BEGIN:VEVENT") > 36


# --- The API ------------------------------------------------------------------------------------

AZAR_RANGE = "first=2026-11-22&end=2026-12-22"


def test_the_api_answers_with_the_same_scoping(net, client, agenda):
    status, data = call(client, "get", f"/insights/calendar?{AZAR_RANGE}", user=net.tehran_editor)
    assert status == 200
    assert {e["title"] for e in data["events"]} == TEHRAN_OWN | NETWORK
    story = next(e for e in data["events"] if e["kind"] == "scheduled")
    assert story["uid"].startswith("story-")
    assert story["at"].startswith("2026-12-05T07:00:00")
    status, data = call(client, "get", f"/insights/calendar?{AZAR_RANGE}", user=net.isfahan_editor)
    assert {e["title"] for e in data["events"]} == ISFAHAN_OWN | NETWORK


def test_the_api_filters_and_refuses(net, client, agenda):
    status, data = call(
        client, "get", f"/insights/calendar?{AZAR_RANGE}&unit=shemiranat", user=net.hq_admin
    )
    assert {e["title"] for e in data["events"]} == {"برنامه رادیویی شمیرانات"}
    hidden = agenda["isfahan_plan"].pk
    status, _data = call(
        client, "get", f"/insights/calendar?{AZAR_RANGE}&plan={hidden}", user=net.tehran_editor
    )
    assert status == 400
    status, _data = call(client, "get", "/insights/calendar?first=2026-01-01&end=2026-12-31")
    assert status == 400
    status, _data = call(client, "get", f"/insights/calendar?{AZAR_RANGE}", user=net.outsider)
    assert status == 403


def test_too_many_published_stories_are_cut_with_a_notice(net, client, agenda, monkeypatch):
    monkeypatch.setattr("hamafza.insights.calendar.MAX_PUBLISHED", 1)
    StoryFactory.create(
        unit=net.kashan, created_by=net.isfahan_editor, status=Story.Status.PUBLISHED,
        headline="خبر دوم", published_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    response = page(client, net.tehran_editor)
    assert "خبر منتشرشده اصفهان" in shown(response)  # the earlier one
    assert "خبر دوم" not in shown(response)
    assert "فقط ۱ خبر نخست نشان داده شده است" in response.content.decode()


def test_events_only_outside_the_month_leave_it_empty(net, client, agenda):
    # Dey 1405 begins on a Tuesday (22 Dec): its grid starts on Saturday 28 Azar, so an
    # activity on 29 Azar is drawn in a greyed cell, but Dey itself has nothing.
    _activity(agenda["running"], "فعالیت پایان آذر", date(2026, 12, 20), unit=net.kashan)
    response = page(client, net.tehran_editor, month="1405-10")
    assert shown(response) == {"فعالیت پایان آذر"}
    body = response.content.decode()
    assert 'class="cal-day outside" data-date="2026-12-20"' in body
    assert "در این بازه رویدادی در تقویم نیست." in body
