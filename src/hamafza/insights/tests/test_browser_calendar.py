"""A plan's way to approval in headless Chromium, and the calendar that shows it: a Tehran
editor registers a plan in the desk and fills its media attachment part by part (each part is
an htmx swap that ticks its checklist item) until the checklist is full, adds its activity and
submits it; the Tehran head finds the approval gate closed (PR has not approved the
attachment), approves the attachment, and the gate opens: the plan is approved. Both then see
the plan's start and its activity on the editorial calendar, on a desktop and on a phone.

Screenshots go to test-artifacts/plans-*.png and calendar-*.png for a person to look at the
RTL layout. Pages must run without script errors, CSP refusals or failed requests.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar
from persiantools.jdatetime import JalaliDate

from hamafza.conftest import screenshot
from hamafza.newsroom.tests.test_browser_workflow import (
    DESKTOP,
    PHONE,
    no_sideways_scroll,
    second_page,  # noqa: F401 (a fixture)
    sign_in,
    watch,
)
from hamafza.plans.completeness import CHECKLIST, attachment_missing
from hamafza.plans.models import Activity, MediaAttachment, Plan
from hamafza.strategy.tests.factories import strategy_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "طرح ملی اشتغال توانخواهان تهران"
ACTIVITY = "نشست خبری آغاز طرح اشتغال"


def jalali(day: Any) -> str:
    jd = JalaliDate(day)
    return f"{jd.year}/{jd.month:02d}/{jd.day:02d}"


def add_part(
    page: Any, kind: str, fields: dict[str, str], selects: dict[str, int], code: str
) -> None:
    """Fill one part's form on the attachment page, wait for the htmx swap and for the part's
    checklist item (``code``) to tick."""
    form = f"form[data-part={kind}]"
    for name, value in fields.items():
        page.fill(f"{form} [name='{kind}-{name}']", value)
    for name, index in selects.items():
        page.select_option(f"{form} select[name='{kind}-{name}']", index=index)
    before = page.get_attribute("#attachment-body", "data-version")
    page.click(f"{form} button[type=submit]")
    # The swap is done when the page holds the next version of the attachment.
    page.wait_for_selector(f"#attachment-body:not([data-version='{before}'])")
    page.wait_for_selector(f".checklist li.ok[data-code={code}]")


def test_register_fill_submit_approve_and_see_it_on_the_calendar(page, second_page, net):  # noqa: F811
    strategy_document()
    today = timezone.localdate()
    editor, head = page, second_page
    errors, head_errors = watch(editor), watch(head)

    # --- The editor registers the plan.
    sign_in(editor, "tehran.editor")
    editor.click(".desk-nav-wide >> text=طرح‌ها و پیوست رسانه‌ای")
    editor.click("text=ثبت طرح تازه")
    editor.select_option("#id_unit", "tehran")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_description", "به‌کارگیری صد توانخواه در واحدهای تولیدی استان")
    editor.fill("#id_starts_on", jalali(today))
    editor.fill("#id_ends_on", jalali(today + timedelta(days=90)))
    editor.check("input[name=domains][value=extra_agency]")
    screenshot(editor, "plans-01-register")
    with editor.expect_navigation():
        editor.click("button[type=submit] >> text=ثبت طرح")
    plan = Plan.objects.get(title=TITLE)
    assert editor.url.endswith(f"/desk/plans/{plan.pk}/attachment/")
    missing = attachment_missing(MediaAttachment.objects.get(plan=plan))
    assert editor.locator(".checklist li.missing").count() == len(missing) > 10
    assert editor.locator(".checklist li").count() == len(CHECKLIST)

    # --- and fills its media attachment, one part at a time.
    add_part(editor, "objective", {"text": "صد خبر از توانمندی شاغلان", "measure": "شمار خبر",
             "target": "۱۰۰", "deadline": jalali(today + timedelta(days=80))},
             {"goal": 1}, "objectives")  # fmt: skip
    add_part(editor, "segment", {"name": "کارفرمایان", "think": "توانخواهان توانمندند",
             "feel": "اطمینان", "do": "استخدام کنند"}, {}, "segments")  # fmt: skip
    add_part(editor, "message", {}, {"key_message": 1}, "strategy_messages")
    add_part(editor, "spokesperson", {"name": "مدیرکل بهزیستی استان"}, {}, "spokespeople")
    # A row is edited in place: its form comes into the row, saving swaps the attachment.
    editor.click("[data-edit=spokesperson]")
    edit = "form[data-part-edit=spokesperson]"
    editor.wait_for_selector(edit)
    assert editor.input_value(f"{edit} [name='spokesperson-name']") == "مدیرکل بهزیستی استان"
    editor.fill(f"{edit} [name='spokesperson-name']", "مدیرکل بهزیستی تهران")
    before = editor.get_attribute("#attachment-body", "data-version")
    editor.click(f"{edit} button[type=submit]")
    editor.wait_for_selector(f"#attachment-body:not([data-version='{before}'])")
    assert editor.locator(edit).count() == 0
    assert "مدیرکل بهزیستی تهران" in editor.inner_text("#attachment-body")
    add_part(editor, "risk", {"description": "انتشار چهره بدون رضایت",
             "mitigation": "رضایت‌نامه کتبی"}, {}, "risks")  # fmt: skip
    for level, index, code in (
        ("output", 1, "indicators_output"),
        ("outtake", 2, "indicators_outtake"),
        ("outcome", 3, "indicators_outcome"),
    ):
        add_part(editor, "indicator", {"name": f"شاخص {level}", "baseline": "۰", "target": "۱۰"},
                 {"level": index}, code)  # fmt: skip
    editor.fill("#id_idea", "روایت‌های کوتاه شاغلان توانخواه، کم‌هزینه و خلاق")
    editor.check("input[name=channels][value=website]")
    editor.check("input[name=channels][value=social]")
    editor.fill("#id_consent_and_dignity", "رضایت آگاهانه کتبی؛ بدون نمایش چهره کودکان")
    editor.fill("#id_people", "دو کارشناس روابط عمومی")
    before = editor.get_attribute("#attachment-body", "data-version")
    editor.click("button >> text=ذخیره این بخش")
    editor.wait_for_selector(f"#attachment-body:not([data-version='{before}'])")
    editor.wait_for_selector(".checklist li.ok[data-code=consent_and_dignity]")
    screenshot(editor, "plans-02-attachment-almost")
    left = editor.eval_on_selector_all(
        ".checklist li.missing", "els => els.map(e => e.dataset.code)"
    )
    assert left == ["activities"]

    editor.click("#activities-title ~ a >> text=افزودن فعالیت")
    editor.fill("#id_title", ACTIVITY)
    editor.select_option("#id_channel", "event")
    editor.fill("#id_date", jalali(today))
    editor.select_option("#id_unit", label="استان تهران")
    with editor.expect_navigation():
        editor.click("button[type=submit] >> text=ذخیره")
    assert Activity.objects.get(plan=plan).title == ACTIVITY
    assert "فعالیت افزوده شد." in editor.inner_text(".messages")
    editor.goto(f"/desk/plans/{plan.pk}/attachment/")
    assert editor.locator(".messages").count() == 0  # no stray notice
    assert editor.locator(".checklist li.missing").count() == 0
    assert editor.locator(".checklist li.ok").count() == len(CHECKLIST)
    screenshot(editor, "plans-03-attachment-complete")
    editor.set_viewport_size(PHONE)
    no_sideways_scroll(editor)
    screenshot(editor, "plans-03b-attachment-phone")
    editor.set_viewport_size(DESKTOP)

    # --- and submits it for review.
    editor.goto(f"/desk/plans/{plan.pk}/")
    with editor.expect_navigation():
        editor.click("button[data-action=submit]")
    assert "در بررسی پیوست رسانه‌ای" in editor.inner_text(".page-head")

    # --- The head tries to approve the plan: the gate is closed until PR approves.
    sign_in(head, "tehran.head")
    head.goto(f"/desk/plans/{plan.pk}/")
    with head.expect_navigation():
        head.click("button[data-action=approve]")
    assert head.locator("#gate li[data-code=attachment_approval]").count() == 1
    screenshot(head, "plans-04-gate-closed")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ATTACHMENT_REVIEW
    # The refusal is a 400 page (the browser logs it); nothing else went wrong.
    assert [e for e in head_errors if "400" not in e] == []
    assert any(e.endswith(f"/desk/plans/{plan.pk}/do/approve/") for e in head_errors)
    head_errors.clear()

    # --- approves the attachment, and then the plan.
    head.click(".page-head .actions a[href$='/attachment/']")
    head.click("button[data-action=approve_attachment]")
    head.wait_for_selector("text=تأیید روابط عمومی در")
    screenshot(head, "plans-05-attachment-approved")
    head.goto(f"/desk/plans/{plan.pk}/")
    with head.expect_navigation():
        head.click("button[data-action=approve]")
    assert "تصویب‌شده" in head.inner_text(".page-head")
    assert head.locator("#gate").count() == 0
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    screenshot(head, "plans-06-approved")

    # --- The calendar shows the plan's start, approval and activity on today.
    head.click(".desk-nav-wide >> text=تقویم رسانه‌ای")
    cell = head.locator(f'.cal-day[data-date="{today.isoformat()}"]')
    assert cell.get_attribute("aria-current") == "date"
    assert cell.is_visible()
    assert head.locator(".cal-weekdays").is_visible()
    assert ACTIVITY in cell.inner_text()
    assert TITLE in cell.locator(".kind-plan_start").inner_text()
    assert TITLE in cell.locator(".kind-plan_approved").inner_text()
    screenshot(head, "calendar-01-month-desktop")
    head.click(".cal-views >> text=هفته")
    assert ACTIVITY in head.inner_text(f'.cal-day[data-date="{today.isoformat()}"]')
    screenshot(head, "calendar-02-week-desktop")

    editor.set_viewport_size(PHONE)
    editor.goto("/desk/insights/calendar/")
    no_sideways_scroll(editor)
    assert editor.locator(f'.cal-day[data-date="{today.isoformat()}"]').is_visible()
    assert editor.locator(".cal-day.no-events:not(.today)").first.is_hidden()
    assert ACTIVITY in editor.inner_text(".cal-grid")
    screenshot(editor, "calendar-03-month-phone")
    editor.goto("/desk/insights/calendar/week/")
    no_sideways_scroll(editor)
    screenshot(editor, "calendar-04-week-phone")
    with editor.expect_download() as download:
        editor.click(".cal-export a >> nth=0")
    exported = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert f"فعالیت رسانه‌ای: {ACTIVITY}" in {str(e["SUMMARY"]) for e in exported.walk("VEVENT")}
    assert errors == []
    assert head_errors == []
