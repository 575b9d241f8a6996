"""The support desk pages: asking, the request's page per role, the offers inbox, the
contributions page. Refusals change nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from hamafza.common.persian import to_persian_digits
from hamafza.network.models.support import SupportRequest
from hamafza.network.services import support as services
from hamafza.network.tests.factories_support import (
    offer_of,
    skill,
    skilled,
    support_for,
    support_state,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def _jalali(days: int) -> str:
    day = JalaliDate(timezone.localdate() + timedelta(days=days))
    return to_persian_digits(f"{day.year:04d}/{day.month:02d}/{day.day:02d}")


def _form(**overrides):
    data = {
        "unit": "shemiranat",
        "skill": str(skill("photo").pk),
        "title": "عکاس برای جشنواره توانمندی",
        "description": "",
        "place": "فرهنگسرای نیاوران",
        "day": _jalali(5),
        "at": "۱۰:۳۰",
        "hours": "۳",
        "people_needed": "۱",
    }
    return data | overrides


def test_asking_with_a_jalali_date_and_persian_digits(client, net):
    skilled(net.tehran_editor)
    client.force_login(net.shemiranat_reporter)
    response = client.post(reverse("network:support_create"), _form())
    request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("network:support_detail", args=[request.pk])
    local = timezone.localtime(request.starts_at)
    assert (local.hour, local.minute, request.hours) == (10, 30, 3)
    assert local.date() == timezone.localdate() + timedelta(days=5)
    assert [o.user for o in request.offers.all()] == [net.tehran_editor]


def test_bad_input_is_shown_in_persian_and_nothing_changes(client, net):
    client.force_login(net.shemiranat_reporter)
    before = support_state()
    response = client.post(
        reverse("network:support_create"), _form(day="۱۴۰۵/۱۳/۴۰", at="۲۵:۰۰", place="")
    )
    assert response.status_code == 400
    assert "این تاریخ در تقویم شمسی وجود ندارد" in response.content.decode()
    assert support_state() == before


def test_a_viewer_gets_no_form_and_a_forged_post_is_refused(client, net):
    client.force_login(net.tehran_viewer)
    assert client.get(reverse("network:support_create")).status_code == 403
    before = support_state()
    response = client.post(reverse("network:support_create"), _form(unit="tehran"))
    assert response.status_code == 403
    assert support_state() == before
    page = client.get(reverse("network:support_list")).content.decode()
    assert reverse("network:support_create") not in page


def test_the_request_page_per_role(client, net):
    skilled(net.tehran_editor, net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    services.support_offer_decline(
        actor=net.tehran_editor, offer=offer_of(request, net.tehran_editor), reason="سفر هستم"
    )
    url = reverse("network:support_detail", args=[request.pk])
    client.force_login(net.shemiranat_head)
    page = client.get(url).content.decode()
    assert "سفر هستم" in page
    assert "لغو درخواست" in page
    assert "پیشنهاد به همکاران بیشتر" in page
    client.force_login(net.isfahan_editor)  # offered: sees the request and own offer only
    page = client.get(url).content.decode()
    assert "سفر هستم" not in page
    assert "می‌پذیرم" in page
    assert "لغو درخواست" not in page
    client.force_login(net.isfahan_head)
    assert client.get(url).status_code == 404
    client.force_login(net.khorasan_video)
    assert client.get(url).status_code == 404


def test_accepting_from_the_inbox_and_confirming(client, net):
    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    offer = offer_of(request, net.isfahan_editor)
    client.force_login(net.isfahan_editor)
    inbox = client.get(reverse("network:support_offers")).content.decode()
    assert request.title in inbox
    answer = reverse("network:support_offer_respond", args=[offer.pk, "accept"])
    assert client.post(answer).status_code == 302
    client.force_login(net.isfahan_head)  # not their offer, not their line
    before = support_state()
    confirm = reverse("network:support_offer_manage", args=[offer.pk, "confirm"])
    assert client.post(confirm).status_code == 404
    assert support_state() == before
    client.force_login(net.shemiranat_head)
    assert client.post(confirm).status_code == 302
    request.refresh_from_db()
    assert request.status == "in_progress"


def test_declining_with_a_reason_from_the_inbox(client, net):
    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    offer = offer_of(request, net.isfahan_editor)
    client.force_login(net.isfahan_editor)
    decline = reverse("network:support_offer_respond", args=[offer.pk, "decline"])
    client.post(decline, {"reason": "  در مرخصی   هستم "})
    offer.refresh_from_db()
    assert (offer.status, offer.reason) == ("declined", "در مرخصی هستم")


def test_completing_from_the_page_and_the_contributions_page(client, net):
    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    offer = offer_of(request, net.isfahan_editor)
    services.support_offer_accept(actor=net.isfahan_editor, offer=offer)
    services.support_offer_confirm(actor=net.shemiranat_head, offer=offer)
    story = StoryFactory.create(
        unit=net.shemiranat,
        created_by=net.shemiranat_reporter,
        status=Story.Status.PUBLISHED,
        headline="جشنواره توانمندی در شمیرانات",
    )
    request.refresh_from_db()
    client.force_login(net.shemiranat_head)
    response = client.post(
        reverse("network:support_complete", args=[request.pk]),
        {"version": request.version, "stories": [story.pk], "note": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "completed"
    client.force_login(net.tehran_viewer)
    page = client.get(reverse("network:support_person", args=["isfahan.editor"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "جشنواره توانمندی در شمیرانات" in text
    assert "شهرستان شمیرانات" in text
    assert reverse("network:support_detail", args=[request.pk]) in text
    client.force_login(net.khorasan_video)  # may not open the request: no title link
    text = client.get(reverse("network:support_person", args=["isfahan.editor"])).content
    assert reverse("network:support_detail", args=[request.pk]).encode() not in text
    assert "جشنواره توانمندی در شمیرانات".encode() in text  # the story is published


def test_a_stale_completion_is_refused(client, net):
    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    offer = offer_of(request, net.isfahan_editor)
    services.support_offer_accept(actor=net.isfahan_editor, offer=offer)
    services.support_offer_confirm(actor=net.shemiranat_head, offer=offer)
    client.force_login(net.shemiranat_head)
    before = support_state()
    response = client.post(
        reverse("network:support_complete", args=[request.pk]), {"version": 1, "note": ""}
    )
    assert response.status_code == 302
    assert support_state() == before


def test_the_list_is_scoped(client, net):
    mine = support_for(net.shemiranat, net.shemiranat_reporter, title="درخواست شمیرانات")
    other = support_for(net.kashan, net.isfahan_head, title="درخواست کاشان")
    client.force_login(net.tehran_viewer)
    page = client.get(reverse("network:support_list")).content.decode()
    assert mine.title in page
    assert other.title not in page
    client.force_login(net.hq_admin)
    page = client.get(reverse("network:support_list"), {"status": "open"}).content.decode()
    assert mine.title in page
    assert other.title in page
    client.force_login(net.outsider)
    assert client.get(reverse("network:support_list")).status_code == 403


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_do_not_grow_with_their_rows(client, net):
    skilled(net.isfahan_editor)
    support_for(net.shemiranat, net.shemiranat_reporter)
    client.force_login(net.isfahan_editor)
    urls = [
        reverse("network:support_list"),
        reverse("network:support_offers"),
        "/api/v1/support-requests",
        "/api/v1/support-requests/offers",
    ]
    few = [_queries(client, url) for url in urls]
    for n in range(4):
        support_for(net.shemiranat, net.shemiranat_reporter, title=f"درخواست {n}")
    assert [_queries(client, url) for url in urls] == few


def test_the_story_credits_include_renders_the_helpers(net):
    from django.template.loader import render_to_string

    from hamafza.network.selectors.support import support_credits_for_story

    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    offer = offer_of(request, net.isfahan_editor)
    services.support_offer_accept(actor=net.isfahan_editor, offer=offer)
    services.support_offer_confirm(actor=net.shemiranat_head, offer=offer)
    story = StoryFactory.create(unit=net.shemiranat, created_by=net.shemiranat_reporter)
    services.support_request_complete(actor=net.shemiranat_head, request=request, stories=[story])
    html = render_to_string(
        "network/support/includes/story_credits.html",
        {"credits": support_credits_for_story(story)},
    )
    assert "عکاسی" in html
    assert reverse("network:support_person", args=["isfahan.editor"]) in html


def test_editing_from_the_desk(client, net):
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    url = reverse("network:support_edit", args=[request.pk])
    client.force_login(net.tehran_viewer)
    assert client.get(url).status_code == 403
    client.force_login(net.shemiranat_head)
    page = client.get(url).content.decode()
    assert request.place in page
    data = _form(place="سالن تازه", version=request.version)
    assert client.post(url, data).status_code == 302
    request.refresh_from_db()
    assert request.place == "سالن تازه"
    before = support_state()
    stale = client.post(url, _form(place="قدیمی", version=request.version - 1))
    assert stale.status_code == 409
    assert support_state() == before
