"""The desk pages of partnership work: lists with filters, an activity's page, the forms, the
bulletin's preview, issue and web page."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from hamafza.common.persian import to_persian_digits
from hamafza.network.models.partnership import Bulletin, BulletinDelivery, JointActivity
from hamafza.network.services.partnership import bulletin_deliveries_send
from hamafza.network.tests.factories_partnership import (
    bulletin,
    joint_activity,
    partner,
    partnership_state,
    published_story,
)
from hamafza.org.models import Partner

pytestmark = pytest.mark.django_db

LIST = reverse("network:partnership_activities")


def _jalali(day: date) -> str:
    return to_persian_digits(JalaliDate(day).strftime("%Y/%m/%d"))


@pytest.fixture
def relief(net):
    return partner(net.hq, "کمیته امداد", Partner.Kind.AGENCY)


# --- Joint activities ---------------------------------------------------------------------


def test_the_list_filters_by_domain_partner_unit_and_jalali_dates(
    net, client, relief, django_assert_max_num_queries
):
    today = timezone.localdate()
    joint_activity(net.tehran, title="نشست با کمیته امداد", partners=[relief])
    joint_activity(
        net.isfahan,
        title="همایش دانشگاهی",
        domain="extra_agency",
        occurred_on=today - timedelta(days=60),
    )
    for n in range(5):
        joint_activity(net.khorasan, title=f"دیدار درون‌سازمانی {n}", domain="intra_agency")
    client.force_login(net.isfahan_editor)
    with django_assert_max_num_queries(14):
        page = client.get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert "نشست با کمیته امداد" in html
    assert "همایش دانشگاهی" in html
    assert 'dir="rtl"' in html

    def titles(**params):
        response = client.get(LIST, params, headers={"HX-Request": "true"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "<html" not in body  # the rows fragment only
        return [t for t in ("نشست با کمیته امداد", "همایش دانشگاهی", "دیدار") if t in body]

    assert titles(domain="extra_agency") == ["همایش دانشگاهی"]
    assert titles(partner=relief.pk) == ["نشست با کمیته امداد"]
    assert titles(unit="khorasan-razavi") == ["دیدار"]
    assert titles(date_to=_jalali(today - timedelta(days=30))) == ["همایش دانشگاهی"]
    assert titles(date_from=_jalali(today - timedelta(days=30))) == [
        "نشست با کمیته امداد",
        "دیدار",
    ]
    bad = client.get(LIST, {"date_from": "۱۴۰۵/۱۳/۴۰"})
    assert bad.status_code == 200
    assert "فیلترها درست نیستند" in bad.content.decode()


def test_an_activity_page_shows_partners_units_and_visible_stories(net, client, relief):
    story = published_story(net.tehran, net.tehran_editor, "خبر مشترک با کمیته امداد")
    activity = joint_activity(
        net.tehran, partners=[relief], other_units=[net.isfahan], stories=[story], place="تهران"
    )
    client.force_login(net.khorasan_video)
    page = client.get(reverse("network:partnership_activity", args=[activity.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "کمیته امداد" in html
    assert "استان اصفهان" in html
    assert "خبر مشترک با کمیته امداد" in html
    assert reverse("network:partnership_activity_edit", args=[activity.pk]) not in html
    client.force_login(net.tehran_reporter)
    html = client.get(reverse("network:partnership_activity", args=[activity.pk])).content.decode()
    assert reverse("network:partnership_activity_edit", args=[activity.pk]) in html


def test_outsiders_get_403_and_missing_activities_404(net, client):
    activity = joint_activity(net.tehran)
    client.force_login(net.outsider)
    assert client.get(LIST).status_code == 403
    assert (
        client.get(reverse("network:partnership_activity", args=[activity.pk])).status_code == 403
    )
    client.force_login(net.tehran_head)
    missing = reverse("network:partnership_activity", args=[activity.pk + 50])
    assert client.get(missing).status_code == 404


def test_recording_through_the_form(net, client, relief):
    story = published_story(net.shemiranat, net.shemiranat_reporter, "خبر شمیرانات")
    client.force_login(net.tehran_head)
    form = client.get(reverse("network:partnership_activity_create"))
    assert form.status_code == 200
    assert "خبر شمیرانات" in form.content.decode()
    response = client.post(
        reverse("network:partnership_activity_create"),
        {
            "unit": "tehran",
            "title": "کارگاه مشترک با کمیته امداد",
            "occurred_on": _jalali(timezone.localdate() - timedelta(days=1)),
            "place": "تهران، سالن همایش",
            "domain": "inter_agency",
            "partners": [relief.pk],
            "other_units": ["isfahan"],
            "stories": [story.pk],
            "story_codes": "",
            "description": "شرح کارگاه",
            "outcome": "",
        },
    )
    activity = JointActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("network:partnership_activity", args=[activity.pk])
    assert activity.occurred_on == timezone.localdate() - timedelta(days=1)
    assert list(activity.stories.all()) == [story]


def test_bad_input_shows_persian_errors_and_changes_nothing(net, client):
    client.force_login(net.tehran_head)
    before = partnership_state()
    response = client.post(
        reverse("network:partnership_activity_create"),
        {"unit": "tehran", "title": "", "occurred_on": "دیروز", "domain": "inter_agency"},
    )
    assert response.status_code == 400
    assert "این فیلد لازم است" in response.content.decode() or "تاریخ" in response.content.decode()
    assert partnership_state() == before
    response = client.post(
        reverse("network:partnership_activity_create"),
        {
            "unit": "tehran",
            "title": "عنوان",
            "occurred_on": _jalali(timezone.localdate()),
            "domain": "inter_agency",
            "story_codes": "۹۹۹۹۹۹",
        },
    )
    assert response.status_code == 400
    assert "خبر منتشرشده‌ای با این کد پیدا نشد" in response.content.decode()
    assert partnership_state() == before


def test_a_forged_unit_is_refused_with_403(net, client):
    client.force_login(net.shemiranat_head)
    before = partnership_state()
    response = client.post(
        reverse("network:partnership_activity_create"),
        {
            "unit": "isfahan",
            "title": "عنوان",
            "occurred_on": _jalali(timezone.localdate()),
            "domain": "inter_agency",
        },
    )
    assert response.status_code == 403
    assert partnership_state() == before


def test_editing_from_a_stale_page_is_a_409(net, client):
    activity = joint_activity(net.tehran, title="عنوان نخست")
    client.force_login(net.tehran_editor)
    url = reverse("network:partnership_activity_edit", args=[activity.pk])
    data = {
        "title": "عنوان دوم",
        "occurred_on": _jalali(activity.occurred_on),
        "domain": "inter_agency",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    data["title"] = "عنوان سوم"
    stale = client.post(url, data)
    assert stale.status_code == 409
    assert "تغییر کرده است" in stale.content.decode()
    activity.refresh_from_db()
    assert activity.title == "عنوان دوم"


def test_others_may_not_open_the_edit_form_or_delete(net, client):
    activity = joint_activity(net.tehran)
    client.force_login(net.isfahan_head)
    before = partnership_state()
    assert (
        client.get(reverse("network:partnership_activity_edit", args=[activity.pk])).status_code
        == 403
    )
    delete = reverse("network:partnership_activity_delete", args=[activity.pk])
    assert client.post(delete, {"version": 1}).status_code == 403
    assert partnership_state() == before


# --- Bulletins ----------------------------------------------------------------------------


def test_compose_preview_issue_twice_and_read(net, client, django_capture_on_commit_callbacks):
    stories = [
        published_story(net.tehran, net.tehran_editor, "افتتاح مرکز توانبخشی"),
        published_story(net.shemiranat, net.shemiranat_reporter, "اردوی کودکان شمیرانات"),
    ]
    client.force_login(net.tehran_head)
    form = client.get(reverse("network:partnership_bulletin_create"))
    assert form.status_code == 200
    assert "افتتاح مرکز توانبخشی" in form.content.decode()
    assert "to_everyone" not in form.content.decode()  # only HQ writes to everyone
    response = client.post(
        reverse("network:partnership_bulletin_create"),
        {
            "unit": "tehran",
            "title": "خبرنامه داخلی استان تهران",
            "intro": "همکاران گرامی",
            "add": [stories[1].pk],
            "add_codes": to_persian_digits(stories[0].code),
        },
    )
    draft = Bulletin.objects.get()
    assert response.status_code == 302
    assert [i.story for i in draft.items.all()] == [stories[1], stories[0]]
    assert list(draft.audience_units.all()) == [net.tehran]

    edit = reverse("network:partnership_bulletin_edit", args=[draft.pk])
    first, second = draft.items.all()
    response = client.post(
        edit,
        {
            "title": "خبرنامه داخلی استان تهران",
            "intro": "همکاران گرامی",
            "audience_units": ["tehran"],
            f"item_{first.pk}_position": 2,
            f"item_{first.pk}_note": "",
            f"item_{second.pk}_position": 1,
            f"item_{second.pk}_note": "این خبر را حتماً بخوانید",
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert [(i.story, i.note) for i in draft.items.all()] == [
        (stories[0], "این خبر را حتماً بخوانید"),
        (stories[1], ""),
    ]

    detail = reverse("network:partnership_bulletin", args=[draft.pk])
    preview = client.get(detail).content.decode()
    assert "پیش‌نمایش پیش‌نویس" in preview
    assert "۶" in preview
    email = client.get(reverse("network:partnership_bulletin_email", args=[draft.pk]))
    assert email.status_code == 200
    assert 'dir="rtl"' in email.content.decode()
    assert "'unsafe-inline'" in email["Content-Security-Policy"]
    assert "script-src" not in email["Content-Security-Policy"]  # default-src 'none' covers it
    text = client.get(
        reverse("network:partnership_bulletin_email", args=[draft.pk]), {"part": "text"}
    )
    assert text["Content-Type"].startswith("text/plain")
    assert "اردوی کودکان" in text.content.decode()

    issue = reverse("network:partnership_bulletin_issue", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(issue, {"version": 2}).status_code == 302
        again = client.post(issue, {"version": 2}, follow=True)
    assert "پیش‌تر منتشر شده" in again.content.decode()
    assert BulletinDelivery.objects.count() == 6
    assert bulletin_deliveries_send() == 6
    assert bulletin_deliveries_send() == 0
    assert len(mail.outbox) == 6
    assert f"http://testserver/desk/network/bulletins/{draft.pk}/" in mail.outbox[0].body

    client.force_login(net.khorasan_video)  # an issued bulletin is for the whole network
    page = client.get(detail)
    html = page.content.decode()
    assert page.status_code == 200
    assert "این خبر را حتماً بخوانید" in html
    assert "انتشار و ارسال" not in html
    assert "ارسال رایانامه" not in html


def test_another_units_draft_is_a_404(net, client):
    draft = bulletin(net.tehran, [published_story(net.tehran, net.tehran_editor)])
    client.force_login(net.isfahan_head)
    for name in ("partnership_bulletin", "partnership_bulletin_edit", "partnership_bulletin_email"):
        assert client.get(reverse(f"network:{name}", args=[draft.pk])).status_code == 404
    before = partnership_state()
    issue = reverse("network:partnership_bulletin_issue", args=[draft.pk])
    assert client.post(issue).status_code == 404
    assert partnership_state() == before
    assert draft.title not in client.get(reverse("network:partnership_bulletins")).content.decode()


def test_a_viewer_of_the_line_reads_the_draft_but_may_not_issue(net, client):
    draft = bulletin(net.tehran, [published_story(net.tehran, net.tehran_editor)])
    client.force_login(net.tehran_viewer)
    assert client.get(reverse("network:partnership_bulletin", args=[draft.pk])).status_code == 200
    before = partnership_state()
    issue = reverse("network:partnership_bulletin_issue", args=[draft.pk])
    assert client.post(issue, {"version": 1}).status_code == 403
    assert partnership_state() == before


def test_the_partner_include_lists_its_activities(net, client, relief):
    from django.template.loader import render_to_string

    from hamafza.network.selectors.partnership import partner_joint_activities

    joint_activity(net.tehran, title="نشست با کمیته امداد", partners=[relief])
    joint_activity(net.isfahan, title="بی‌همکار")
    html = render_to_string(
        "network/partnership/partner_activities.html",
        {
            "partner": relief,
            "joint_activities": partner_joint_activities(viewer=net.isfahan_head, partner=relief),
        },
    )
    assert "نشست با کمیته امداد" in html
    assert "بی‌همکار" not in html
    assert f"?partner={relief.pk}" in html
    client.force_login(net.tehran_head)
    form = client.get(reverse("network:partnership_activity_create"), {"partner": relief.pk})
    assert f'value="{relief.pk}" selected' in form.content.decode()
