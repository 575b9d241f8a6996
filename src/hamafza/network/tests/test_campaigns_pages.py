"""The campaigns desk: list, launch form, campaign page with its toolkit and forms, the board;
bad input is a Persian message and changes nothing; another unit's draft is a 404."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hamafza.common.jalali import format_date_numeric
from hamafza.common.persian import to_ascii_digits
from hamafza.network.models.campaigns import Campaign, CampaignAsset, CampaignOutput
from hamafza.network.services import campaigns as services
from hamafza.network.tests.factories_campaigns import (
    HASHTAG,
    active_strategy,
    campaigns_state,
    make_campaign,
    published_story,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def jalali(day):
    return to_ascii_digits(format_date_numeric(day))


def test_pages_render_for_the_owner_and_a_participant(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    client.force_login(net.hq_editor)
    for url in ("/desk/network/campaigns/", "/desk/network/campaigns/?state=active",
                "/desk/network/campaigns/new/", f"/desk/network/campaigns/{campaign.pk}/",
                f"/desk/network/campaigns/{campaign.pk}/board/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    client.force_login(net.tehran_reporter)
    page = client.get(f"/desk/network/campaigns/{campaign.pk}/").content.decode()
    assert "تابلوی مشارکت" not in page
    assert client.get(f"/desk/network/campaigns/{campaign.pk}/board/").status_code == 403
    assert client.get("/desk/network/campaigns/new/").status_code == 403


def test_launching_through_the_form(net, client):
    goal, message = active_strategy()
    client.force_login(net.hq_editor)
    today = timezone.localdate()
    response = client.post(
        "/desk/network/campaigns/new/",
        {"owner_unit": "hq", "title": "هفته ملی توانیابان", "summary": "شرح",
         "starts_on": jalali(today), "ends_on": jalali(today + timedelta(days=6)),
         "hashtag": "#توانیابان", "extra_hashtags": "توانمندی، نه_ترحم", "goals": [goal.pk],
         "key_messages": [message.pk], "scope": "chosen", "units": ["tehran", "isfahan"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get()
    assert campaign.hashtag == "توانیابان"
    assert campaign.extra_hashtags == ["توانمندی", "نه_ترحم"]
    assert sorted(campaign.participations.values_list("unit__slug", flat=True)) == [
        "isfahan",
        "tehran",
    ]
    response = client.post(
        f"/desk/network/campaigns/{campaign.pk}/do/launch/", {"launch-version": campaign.version}
    )
    assert response.status_code == 302
    assert Campaign.objects.get().status == Campaign.Status.LAUNCHED


def test_bad_dates_are_a_persian_message_and_nothing_changes(net, client):
    active_strategy()
    client.force_login(net.tehran_head)
    today = timezone.localdate()
    before = campaigns_state()
    response = client.post(
        "/desk/network/campaigns/new/",
        {"owner_unit": "tehran", "title": "کارزار", "starts_on": jalali(today),
         "ends_on": jalali(today - timedelta(days=2)), "hashtag": "x", "scope": "children"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد" in response.content.decode()
    assert campaigns_state() == before


def test_another_provinces_draft_is_404(net, client):
    campaign = make_campaign(net.tehran, net.tehran_head, launch=False)
    client.force_login(net.isfahan_head)
    assert client.get(f"/desk/network/campaigns/{campaign.pk}/").status_code == 404
    assert client.get(f"/desk/network/campaigns/{campaign.pk}/board/").status_code == 404
    client.force_login(net.outsider)
    assert client.get(f"/desk/network/campaigns/{campaign.pk}/").status_code == 403


def test_join_plan_and_log_an_external_output(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    client.force_login(net.tehran_head)
    page = client.get(f"/desk/network/campaigns/{campaign.pk}/").content.decode()
    assert 'data-action="join"' in page
    assert (
        client.post(
            f"/desk/network/campaigns/{campaign.pk}/join/", {"join-unit": "tehran"}
        ).status_code
        == 302
    )
    today = timezone.localdate()
    response = client.post(
        f"/desk/network/campaigns/{campaign.pk}/activities/",
        {"activity-unit": "tehran", "activity-title": "نمایشگاه توانمندی",
         "activity-date": jalali(today), "activity-channel": "event"},
    )  # fmt: skip
    assert response.status_code == 302
    before = campaigns_state()
    response = client.post(
        f"/desk/network/campaigns/{campaign.pk}/outputs/",
        {"output-unit": "tehran", "output-url": "https://example.org/post/1",
         "output-occurred_on": jalali(today), "output-channel": "social"},
    )  # fmt: skip
    assert response.status_code == 400  # no evidence
    assert campaigns_state() == before
    response = client.post(
        f"/desk/network/campaigns/{campaign.pk}/outputs/",
        {"output-unit": "tehran", "output-url": "https://example.org/post/1",
         "output-occurred_on": jalali(today), "output-channel": "social",
         "output-evidence": SimpleUploadedFile("shot.png", PNG, content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 302
    output = CampaignOutput.objects.get(kind="external")
    assert str(output.evidence.name).endswith(".png")
    assert (
        client.get(
            f"/desk/network/campaigns/{campaign.pk}/outputs/{output.pk}/evidence/"
        ).status_code
        == 200
    )
    client.force_login(net.isfahan_head)
    assert (
        client.get(
            f"/desk/network/campaigns/{campaign.pk}/outputs/{output.pk}/evidence/"
        ).status_code
        == 404
    )


def test_an_asset_without_consent_is_marked_and_not_downloadable(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    ok = services.campaign_asset_add(
        actor=net.hq_editor, campaign=campaign, title="پوستر", credit="طراح ستاد",
        consent=CampaignAsset.Consent.NOT_NEEDED, file=SimpleUploadedFile("poster.png", PNG),
    )  # fmt: skip
    missing = services.campaign_asset_add(
        actor=net.hq_editor, campaign=campaign, title="عکس کودکان", credit="عکاس",
        consent=CampaignAsset.Consent.MISSING, file=SimpleUploadedFile("kids.png", PNG),
    )  # fmt: skip
    client.force_login(net.tehran_reporter)
    page = client.get(f"/desk/network/campaigns/{campaign.pk}/").content.decode()
    assert f"/assets/{ok.pk}/" in page
    assert f"/assets/{missing.pk}/" not in page
    assert "بدون رضایت — قابل انتشار نیست" in page
    assert client.get(f"/desk/network/campaigns/{campaign.pk}/assets/{ok.pk}/").status_code == 200
    assert (
        client.get(f"/desk/network/campaigns/{campaign.pk}/assets/{missing.pk}/").status_code == 404
    )


def test_a_disguised_file_is_refused(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    before = campaigns_state()
    with pytest.raises(Exception, match="محتوای پرونده"):
        services.campaign_asset_add(
            actor=net.hq_editor, campaign=campaign, title="x", consent="obtained",
            file=SimpleUploadedFile("x.png", b"MZ" + b"0" * 20),
        )  # fmt: skip
    assert campaigns_state() == before


def test_linking_a_story_from_the_page(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    story = published_story(net.tehran, net.tehran_reporter, tags=[])
    client.force_login(net.tehran_reporter)
    page = client.get(f"/desk/network/campaigns/{campaign.pk}/").content.decode()
    assert story.headline in page
    response = client.post(
        f"/desk/network/campaigns/{campaign.pk}/stories/", {"link-story": story.pk}
    )
    assert response.status_code == 302
    assert CampaignOutput.objects.get().story == story


def test_the_board_shows_units_and_figures(net, client, django_assert_max_num_queries):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_join(actor=net.tehran_head, campaign=campaign, unit=net.tehran)
    services.campaign_story_sync(
        story=published_story(net.tehran, net.tehran_reporter, tags=[HASHTAG])
    )
    client.force_login(net.hq_editor)
    with django_assert_max_num_queries(25):
        page = client.get(f"/desk/network/campaigns/{campaign.pk}/board/").content.decode()
    assert 'data-unit="tehran" data-state="active"' in page
    assert 'data-unit="isfahan" data-state="silent"' in page
    assert 'id="chart-over-time"' in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured.captured_queries), response.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(net, client):
    for index in range(2):
        make_campaign(net.hq, net.hq_editor, title=f"کارزار {index}", hashtag=f"tag{index}")
    client.force_login(net.tehran_head)
    client.get("/desk/network/campaigns/")  # the session and the caches
    few, _page = _queries(client, "/desk/network/campaigns/")
    for index in range(2, 8):
        make_campaign(net.hq, net.hq_editor, title=f"کارزار {index}", hashtag=f"tag{index}")
    many, page = _queries(client, "/desk/network/campaigns/")
    assert many == few
    assert page.count('href="/desk/network/campaigns/') >= 8


def test_editing_a_draft_and_a_stale_edit_is_409(net, client):
    campaign = make_campaign(net.tehran, net.tehran_head, launch=False)
    client.force_login(net.tehran_head)
    url = f"/desk/network/campaigns/{campaign.pk}/edit/"
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    data = {
        "title": "عنوان تازه", "starts_on": jalali(today), "ends_on": jalali(today),
        "hashtag": "تازه", "scope": "children", "version": 1,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert Campaign.objects.get().title == "عنوان تازه"
    before = campaigns_state()
    response = client.post(url, data | {"title": "دیرتر"})
    assert response.status_code == 409
    assert "تغییر کرده است" in response.content.decode()
    assert campaigns_state() == before
    client.force_login(net.shemiranat_head)
    assert client.get(url).status_code == 404


def test_a_wrong_link_is_undone_by_the_units_writers(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    story = published_story(net.tehran, net.tehran_reporter, tags=[])
    services.campaign_story_link(actor=net.tehran_reporter, campaign=campaign, story=story)
    output = CampaignOutput.objects.get()
    client.force_login(net.isfahan_editor)
    before = campaigns_state()
    url = f"/desk/network/campaigns/{campaign.pk}/outputs/{output.pk}/unlink/"
    assert client.post(url).status_code == 403
    assert campaigns_state() == before
    client.force_login(net.tehran_editor)
    page = client.get(f"/desk/network/campaigns/{campaign.pk}/").content.decode()
    assert "حذف پیوند" in page
    assert client.post(url).status_code == 302
    assert not CampaignOutput.objects.exists()


def test_the_list_filter_answers_htmx_with_the_rows_only(net, client):
    make_campaign(net.hq, net.hq_editor)
    make_campaign(net.tehran, net.tehran_head, launch=False, title="پیش‌نویس تهران", hashtag="t")
    client.force_login(net.tehran_head)
    response = client.get("/desk/network/campaigns/?state=draft", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="rows"')
    assert "پیش‌نویس تهران" in body
    assert "هفته ملی توانیابان" not in body
