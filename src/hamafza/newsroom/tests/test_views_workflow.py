"""Workflow buttons on the story page: transitions with reasons and times, the national front
page, retrospective approval and republishing; refusals (403/404) and failures (400/409)
change nothing and keep what the person typed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from hamafza.common.persian import to_persian_digits
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory, unchanged
from hamafza.notifications.models import Notification

S = Story.Status
F = Story.Feature
TEHRAN = ZoneInfo("Asia/Tehran")


def move(client, story, name, **fields):
    data = {f"{name}-version": story.version}
    data.update({f"{name}-{key}": value for key, value in fields.items()})
    return client.post(reverse("newsroom:story_transition", args=[story.pk, name]), data)


def fresh(story: Story) -> Story:
    return Story.objects.get(pk=story.pk)


def story_of(net, status, **extra):
    return StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=status, **extra
    )


def test_the_reporter_submits(client, net):
    draft = story_of(net, S.DRAFT)
    client.force_login(net.tehran_reporter)
    response = move(client, draft, "submit")
    assert response.status_code == 302
    assert response["Location"] == reverse("newsroom:story", args=[draft.pk])
    assert fresh(draft).status == S.SUBMITTED
    assert Notification.objects.filter(recipient=net.tehran_editor).exists()


def test_returning_needs_a_reason_and_keeps_the_typed_form(client, net):
    submitted = story_of(net, S.SUBMITTED)
    client.force_login(net.tehran_editor)
    with unchanged():
        response = move(client, submitted, "return", note="  ")
    assert response.status_code == 400
    assert "برای این کار توضیح بنویسید." in response.content.decode()
    response = move(client, submitted, "return", note="منبع آمار را بنویسید.")
    assert response.status_code == 302
    assert fresh(submitted).status == S.RETURNED
    notice = Notification.objects.get(recipient=net.tehran_reporter)
    assert "منبع آمار را بنویسید." in notice.text


def test_the_author_may_not_approve_their_own_story(client, net):
    own = StoryFactory.create(unit=net.tehran, created_by=net.tehran_editor, status=S.SUBMITTED)
    client.force_login(net.tehran_editor)
    with unchanged():
        response = move(client, own, "approve")
    assert response.status_code == 400
    assert "تأییدکننده نباید نویسنده خبر باشد" in response.content.decode()


def test_publishing_shows_the_news_code(client, net):
    approved = story_of(net, S.APPROVED)
    client.force_login(net.tehran_editor)
    response = move(client, approved, "publish")
    story = fresh(approved)
    assert story.status == S.PUBLISHED
    assert story.code is not None
    page = client.get(response["Location"]).content.decode()
    assert f"خبر با کد {to_persian_digits(story.code)} منتشر شد." in page


def test_scheduling_reads_a_jalali_date_and_a_time_in_tehran(client, net):
    approved = story_of(net, S.APPROVED)
    day = timezone.localtime(timezone.now(), TEHRAN).date() + timedelta(days=3)
    jalali = JalaliDate(day)
    typed = to_persian_digits(f"{jalali.year}/{jalali.month:02d}/{jalali.day:02d}")
    client.force_login(net.tehran_editor)
    response = move(client, approved, "schedule", when_date=typed, when_time="09:30")
    assert response.status_code == 302
    story = fresh(approved)
    assert story.status == S.SCHEDULED
    assert story.scheduled_for == datetime(day.year, day.month, day.day, 9, 30, tzinfo=TEHRAN)


@pytest.mark.parametrize(
    ("when_date", "when_time", "message"),
    [
        ("", "09:30", "تاریخ انتشار را وارد کنید."),
        ("1405/13/01", "09:30", "این تاریخ در تقویم شمسی وجود ندارد."),
        ("فردا", "09:30", "تاریخ را به شکل ۱۴۰۵/۰۹/۰۶ وارد کنید."),
        ("1400/01/01", "09:30", "زمان انتشار باید در آینده باشد."),
        ("1405/09/06", "25:00", "ساعت را به شکل ۰۹:۳۰ وارد کنید."),
    ],
)
def test_bad_schedule_times_are_refused_in_persian(client, net, when_date, when_time, message):
    approved = story_of(net, S.APPROVED)
    client.force_login(net.tehran_editor)
    with unchanged():
        response = move(client, approved, "schedule", when_date=when_date, when_time=when_time)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if when_date:
        assert f'value="{when_date}"' in html  # what was typed stays in the field


def test_force_publish_then_retro_approval(client, net):
    draft = story_of(net, S.DRAFT)
    client.force_login(net.tehran_head)
    move(client, draft, "force_publish", note="فوریت خبری")
    story = fresh(draft)
    assert story.status == S.PUBLISHED
    assert story.needs_retro_approval is True
    url = reverse("newsroom:story_retro_approve", args=[draft.pk])
    # Not by the head who forced it...
    with unchanged():
        response = client.post(url, {"version": story.version})
    assert response.status_code == 400
    # ...by another editor of the unit.
    client.force_login(net.tehran_editor)
    assert client.post(url, {"version": story.version}).status_code == 302
    assert fresh(draft).needs_retro_approval is False


def test_a_stale_action_is_a_conflict_and_changes_nothing(client, net):
    submitted = story_of(net, S.SUBMITTED)
    client.force_login(net.tehran_editor)
    data = {"approve-version": submitted.version + 5}
    with unchanged():
        response = client.post(
            reverse("newsroom:story_transition", args=[submitted.pk, "approve"]), data
        )
    assert response.status_code == 409
    assert "تغییر کرده است" in response.content.decode()


def test_a_move_the_status_does_not_allow_is_refused(client, net):
    published = story_of(net, S.PUBLISHED)
    client.force_login(net.tehran_editor)
    with unchanged():
        response = move(client, published, "approve")
    assert response.status_code == 400
    assert "نمی‌توان" in response.content.decode()


def test_unknown_moves_are_404(client, net):
    submitted = story_of(net, S.SUBMITTED)
    client.force_login(net.tehran_editor)
    with unchanged():
        assert move(client, submitted, "teleport").status_code == 404
        url = reverse("newsroom:story_feature", args=[submitted.pk, "teleport"])
        assert client.post(url, {"version": 1}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("tehran_reporter", 403), ("tehran_viewer", 403), ("isfahan_editor", 404)],
)
def test_approving_refused(client, net, persona, expected):
    submitted = story_of(net, S.SUBMITTED)
    client.force_login(getattr(net, persona))
    with unchanged():
        assert move(client, submitted, "approve").status_code == expected


def test_actions_answer_only_posts(client, net):
    submitted = story_of(net, S.SUBMITTED)
    client.force_login(net.tehran_editor)
    url = reverse("newsroom:story_transition", args=[submitted.pk, "approve"])
    assert client.get(url).status_code == 405


# --- The national front page ---------------------------------------------------------------


def test_a_unit_asks_and_hq_features(client, net):
    published = story_of(net, S.PUBLISHED)
    client.force_login(net.tehran_editor)
    url = reverse("newsroom:story_feature", args=[published.pk, "request_feature"])
    assert client.post(url, {"version": published.version}).status_code == 302
    assert fresh(published).feature == F.REQUESTED
    client.force_login(net.hq_editor)
    story = fresh(published)
    url = reverse("newsroom:story_feature", args=[published.pk, "feature"])
    assert client.post(url, {"version": story.version}).status_code == 302
    assert fresh(published).feature == F.FEATURED


def test_hq_declines_with_a_reason(client, net):
    asked = story_of(net, S.PUBLISHED, feature=F.REQUESTED)
    client.force_login(net.hq_editor)
    url = reverse("newsroom:story_feature", args=[asked.pk, "decline_feature"])
    client.post(url, {"version": asked.version, "note": "تصویر مناسب ندارد"})
    assert fresh(asked).feature == F.DECLINED


def test_only_hq_decides_on_the_front_page(client, net):
    asked = story_of(net, S.PUBLISHED, feature=F.REQUESTED)
    url = reverse("newsroom:story_feature", args=[asked.pk, "feature"])
    for persona in ("tehran_editor", "tehran_head", "isfahan_editor"):
        client.force_login(getattr(net, persona))
        with unchanged():
            assert client.post(url, {"version": asked.version}).status_code == 403


# --- Republishing --------------------------------------------------------------------------


def test_republishing_makes_a_linked_draft_in_my_unit(client, net):
    original = story_of(net, S.PUBLISHED, headline="خبر تهران")
    client.force_login(net.isfahan_editor)
    response = client.post(reverse("newsroom:story_republish", args=[original.pk]))
    copy = Story.objects.get(origin=original)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsroom:story_edit", args=[copy.pk])
    assert copy.unit == net.isfahan
    assert copy.status == S.DRAFT
    assert copy.headline == "خبر تهران"


def test_republishing_into_a_chosen_unit(client, net):
    original = story_of(net, S.PUBLISHED)
    client.force_login(net.isfahan_editor)
    client.post(reverse("newsroom:story_republish", args=[original.pk]), {"unit": "kashan"})
    # Kashan is below Isfahan: Isfahan's editor writes for it.
    assert Story.objects.get(origin=original).unit == net.kashan


def test_republishing_refusals(client, net):
    published = story_of(net, S.PUBLISHED)
    draft = StoryFactory.create(unit=net.isfahan, created_by=net.isfahan_editor)
    url = reverse("newsroom:story_republish", args=[published.pk])
    client.force_login(net.tehran_viewer)  # writes for no unit
    with unchanged():
        assert client.post(url).status_code == 403
    client.force_login(net.tehran_editor)  # its own unit's story
    with unchanged():
        response = client.post(url, {"unit": "tehran"})
    assert response.status_code == 400
    assert "این خبر از خود همین واحد است." in response.content.decode()
    client.force_login(net.isfahan_editor)  # into a unit it does not write for
    with unchanged():
        assert client.post(url, {"unit": "khorasan-razavi"}).status_code == 403
    client.force_login(net.tehran_editor)  # another unit's draft does not exist for Tehran
    with unchanged():
        url = reverse("newsroom:story_republish", args=[draft.pk])
        assert client.post(url).status_code == 404
