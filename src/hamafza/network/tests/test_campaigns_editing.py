"""Editing a running campaign: its owner's line changes its texts, goals, extra hashtags and
dates (stories are counted again), invites more units and takes off one without outputs; the
desk and the API do the same through the same services. Every refusal changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.campaigns import Campaign, CampaignOutput, CampaignParticipation
from hamafza.network.services import campaigns as services
from hamafza.network.tests.factories_campaigns import (
    HASHTAG,
    campaigns_state,
    make_campaign,
    published_story,
)
from hamafza.network.tests.test_campaigns_pages import jalali
from hamafza.notifications.models import Notification

pytestmark = pytest.mark.django_db
S = Campaign.Status
JSON = "application/json"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def _refused(call, error=PermissionDenied):
    before = campaigns_state()
    with pytest.raises(error) as raised:
        call()
    assert campaigns_state() == before
    return raised.value


def _fresh(campaign):
    return Campaign.objects.get(pk=campaign.pk)


def _counted(campaign, story):
    return CampaignOutput.objects.filter(campaign=campaign, story=story).exists()


def _update(actor, campaign, **fields):
    return services.campaign_update(
        actor=actor, campaign=campaign, version=_fresh(campaign).version, **fields
    )


def _updates(campaign):
    return AuditEntry.objects.filter(
        action="network.campaigns.campaign.update", object_id=str(campaign.pk)
    )


# --- Dates and counting ---------------------------------------------------------------------


def test_extending_the_end_counts_a_story_published_in_the_new_days(net):
    today = timezone.localdate()
    campaign = make_campaign(net.tehran, net.tehran_head, ends_on=today)
    # Its last day was yesterday; the nightly sweep has not closed it yet.
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=today - timedelta(days=1))
    story = published_story(net.shemiranat, net.shemiranat_reporter, when=timezone.now())
    services.campaign_story_sync(story=story)
    assert not _counted(campaign, story)

    updated = _update(net.tehran_head, campaign, ends_on=today + timedelta(days=7))

    assert updated.ends_on == today + timedelta(days=7)
    assert updated.version == campaign.version + 1
    assert _counted(campaign, story)
    (entry,) = _updates(campaign)
    assert entry.changes == {
        "ends_on": [str(today - timedelta(days=1)), str(today + timedelta(days=7))]
    }


def test_shortening_the_end_uncounts_a_story_outside_and_keeps_logged_outputs(net):
    today = timezone.localdate()
    campaign = make_campaign(net.tehran, net.tehran_head, ends_on=today + timedelta(days=5))
    services.campaign_join(actor=net.shemiranat_head, campaign=campaign, unit=net.shemiranat)
    # A story dated two days ahead (its publication time set forward): inside the dates now.
    later = published_story(
        net.shemiranat, net.shemiranat_reporter, when=timezone.now() + timedelta(days=2)
    )
    inside = published_story(net.shemiranat, net.shemiranat_reporter, when=timezone.now())
    for story in (later, inside):
        services.campaign_story_sync(story=story)
    logged = services.campaign_output_log(
        actor=net.shemiranat_reporter, campaign=campaign, unit=net.shemiranat,
        url="https://example.org/post/1", occurred_on=today,
        evidence=SimpleUploadedFile("shot.png", PNG),
    )  # fmt: skip
    assert _counted(campaign, later)

    _update(net.tehran_head, campaign, ends_on=today)

    assert not _counted(campaign, later)
    assert _counted(campaign, inside)
    assert CampaignOutput.objects.filter(pk=logged.pk).exists()


def test_a_running_campaigns_texts_goals_and_extra_hashtags_change_with_one_audit_row(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    updated = _update(
        net.hq_admin, campaign, title="  هفته ملی   توانیابان ۱۴۰۵ ", summary="شرح تازه",
        extra_hashtags="توانمندی، نه_ترحم", goals=[], key_messages=[],
    )  # fmt: skip
    assert updated.title == "هفته ملی توانیابان ۱۴۰۵"
    assert updated.extra_hashtags == ["توانمندی", "نه_ترحم"]
    assert updated.status == S.LAUNCHED
    (entry,) = _updates(campaign)
    assert set(entry.changes) == {"title", "summary", "extra_hashtags", "goals", "key_messages"}


def test_the_end_never_before_today_nor_the_start(net):
    today = timezone.localdate()
    campaign = make_campaign(net.tehran, net.tehran_head, starts_on=today - timedelta(days=3))
    error = _refused(
        lambda: _update(net.tehran_head, campaign, ends_on=today - timedelta(days=1)),
        ValidationError,
    )
    assert "پیش از امروز" in " ".join(error.messages)
    _refused(
        lambda: _update(net.tehran_head, campaign, starts_on=today + timedelta(days=2),
                        ends_on=today + timedelta(days=1)),
        ValidationError,
    )  # fmt: skip


def test_the_start_moves_only_while_it_has_not_come(net):
    today = timezone.localdate()
    begun = make_campaign(net.tehran, net.tehran_head, starts_on=today - timedelta(days=3))
    error = _refused(
        lambda: _update(net.tehran_head, begun, starts_on=today - timedelta(days=2)),
        ValidationError,
    )
    assert "تاریخ شروع" in " ".join(error.messages)
    upcoming = make_campaign(
        net.tehran, net.tehran_head, title="کارزار آینده", starts_on=today + timedelta(days=2),
        ends_on=today + timedelta(days=9),
    )  # fmt: skip
    _refused(
        lambda: _update(net.tehran_head, upcoming, starts_on=today - timedelta(days=1)),
        ValidationError,
    )
    moved = _update(net.tehran_head, upcoming, starts_on=today + timedelta(days=4))
    assert moved.starts_on == today + timedelta(days=4)


def test_the_main_hashtag_and_the_units_stay_while_it_runs(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    _refused(lambda: _update(net.hq_editor, campaign, hashtag="دیگر"), ValidationError)
    _refused(lambda: _update(net.hq_editor, campaign, scope="all"), ValidationError)
    _refused(lambda: _update(net.hq_editor, campaign, units=[net.tehran]), ValidationError)
    # The same hashtag, written as people type it, is no change.
    assert _update(net.hq_editor, campaign, hashtag="#" + HASHTAG).hashtag == HASHTAG


def test_a_stale_version_of_a_running_campaign_is_refused(net):
    campaign = make_campaign(net.tehran, net.tehran_head)
    old = _fresh(campaign).version
    _update(net.tehran_head, campaign, title="عنوان تازه")
    _refused(
        lambda: services.campaign_update(
            actor=net.tehran_head, campaign=campaign, version=old, ends_on=campaign.ends_on
            + timedelta(days=3),
        ),
        services.StaleCampaign,
    )  # fmt: skip


@pytest.mark.parametrize(
    "persona", ["shemiranat_head", "isfahan_head", "tehran_editor", "tehran_viewer", "outsider"]
)
def test_only_the_owners_line_edits_invites_and_removes(net, persona):
    campaign = make_campaign(net.tehran, net.tehran_head)
    actor = getattr(net, persona)
    _refused(lambda: _update(actor, campaign, title="عنوان دیگر"))
    _refused(lambda: services.campaign_invite(actor=actor, campaign=campaign, units=[net.kashan]))
    _refused(
        lambda: services.campaign_participant_remove(
            actor=actor, campaign=campaign, unit=net.shemiranat
        )
    )


def test_a_closed_campaign_is_not_edited(net):
    campaign = make_campaign(net.tehran, net.tehran_head)
    services.campaign_transition(actor=net.tehran_head, campaign=campaign, name="close")
    _refused(lambda: _update(net.tehran_head, campaign, title="عنوان دیگر"))


# --- Participants ---------------------------------------------------------------------------


def test_inviting_more_units_tells_the_new_ones_once_and_counts_their_stories(net):
    campaign = make_campaign(net.hq, net.hq_editor)  # the provinces
    story = published_story(net.shemiranat, net.shemiranat_reporter, when=timezone.now())
    Notification.objects.all().delete()

    added = services.campaign_invite(
        actor=net.hq_editor, campaign=campaign, units=[net.shemiranat, net.neyshabur, net.tehran]
    )

    assert sorted(p.unit.slug for p in added) == ["neyshabur", "shemiranat"]
    assert campaign.participations.count() == 5
    told = list(Notification.objects.values_list("kind", "recipient__username"))
    assert told == [("network.campaigns.invited", "shemiranat.head")]
    assert _counted(campaign, story)
    invites = AuditEntry.objects.filter(action="network.campaigns.participation.invite")
    assert sorted(invites.values_list("changes__unit", flat=True)) == [
        [None, "neyshabur"],
        [None, "shemiranat"],
    ]
    error = _refused(
        lambda: services.campaign_invite(
            actor=net.hq_editor, campaign=campaign, units=[net.shemiranat]
        ),
        ValidationError,
    )
    assert "پیش‌تر دعوت شده" in " ".join(error.messages)


def test_a_province_invites_only_below_it_and_only_while_it_runs(net):
    campaign = make_campaign(net.tehran, net.tehran_head)
    for units in ([net.kashan], [net.tehran], []):
        _refused(
            lambda u=units: services.campaign_invite(
                actor=net.tehran_head, campaign=campaign, units=u
            ),
            ValidationError,
        )
    draft = make_campaign(net.hq, net.hq_editor, launch=False, title="پیش‌نویس")
    _refused(
        lambda: services.campaign_invite(actor=net.hq_editor, campaign=draft, units=[net.kashan])
    )


def test_removing_a_participant_with_outputs_is_refused(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_story_sync(story=published_story(net.tehran, net.tehran_reporter))
    error = _refused(
        lambda: services.campaign_participant_remove(
            actor=net.hq_editor, campaign=campaign, unit=net.tehran
        ),
        ValidationError,
    )
    assert "برونداد دارد" in " ".join(error.messages)


def test_removing_a_participant_without_outputs_is_audited(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_participant_remove(actor=net.hq_editor, campaign=campaign, unit=net.isfahan)
    assert not CampaignParticipation.objects.filter(campaign=campaign, unit=net.isfahan).exists()
    entry = AuditEntry.objects.get(action="network.campaigns.participation.remove")
    assert entry.changes == {"unit": ["isfahan", None]}


def test_the_last_participant_stays(net):
    campaign = make_campaign(net.tehran, net.tehran_head)  # Shemiranat only
    _refused(
        lambda: services.campaign_participant_remove(
            actor=net.tehran_head, campaign=campaign, unit=net.shemiranat
        ),
        ValidationError,
    )


# --- The desk -------------------------------------------------------------------------------


def test_the_edit_page_of_a_running_campaign(net, client):
    today = timezone.localdate()
    campaign = make_campaign(net.tehran, net.tehran_head)
    url = f"/desk/network/campaigns/{campaign.pk}/edit/"
    client.force_login(net.tehran_head)
    detail = client.get(f"/desk/network/campaigns/{campaign.pk}/").content.decode()
    assert url in detail
    page = client.get(url).content.decode()
    assert 'name="ends_on"' in page
    assert 'name="hashtag"' not in page
    assert 'name="units"' not in page
    assert "#" + HASHTAG in page
    response = client.post(
        url,
        {"title": "هفته توانیابان تهران", "summary": "شرح",
         "ends_on": jalali(today + timedelta(days=10)), "extra_hashtags": "تهران_توانا",
         "version": campaign.version},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    updated = _fresh(campaign)
    assert (updated.title, updated.ends_on) == ("هفته توانیابان تهران", today + timedelta(days=10))
    assert updated.starts_on == campaign.starts_on  # shown, not sent: it has begun
    listing = client.get("/desk/network/campaigns/").content.decode()
    assert "هفته توانیابان تهران" in listing


@pytest.mark.parametrize("launch", [False, True])
def test_saving_the_edit_form_unchanged_keeps_the_dates(net, client, launch):
    """The form shows the dates as Jalali text, so sending them back changes nothing."""
    campaign = make_campaign(net.tehran, net.tehran_head, launch=launch)
    url = f"/desk/network/campaigns/{campaign.pk}/edit/"
    client.force_login(net.tehran_head)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if not form.fields[name].disabled}
    data = {name: value for name, value in data.items() if value is not None}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    updated = _fresh(campaign)
    assert (updated.starts_on, updated.ends_on) == (campaign.starts_on, campaign.ends_on)
    assert updated.version == campaign.version
    assert not _updates(campaign).exists()


def test_the_edit_form_refuses_a_stale_version_and_a_past_end(net, client):
    today = timezone.localdate()
    campaign = make_campaign(net.tehran, net.tehran_head)
    url = f"/desk/network/campaigns/{campaign.pk}/edit/"
    client.force_login(net.tehran_head)
    fields = {"title": campaign.title, "ends_on": jalali(today + timedelta(days=9))}
    before = campaigns_state()
    response = client.post(url, fields | {"version": campaign.version - 1})
    assert response.status_code == 409
    assert "چیزی ذخیره نشد" in response.content.decode()
    response = client.post(
        url, fields | {"version": campaign.version, "ends_on": jalali(today - timedelta(days=1))}
    )
    assert response.status_code == 400
    assert "تاریخ پایان نمی‌تواند پیش از امروز باشد" in response.content.decode()
    assert campaigns_state() == before


@pytest.mark.parametrize("persona", ["shemiranat_head", "tehran_editor", "isfahan_head"])
def test_others_get_no_edit_page_nor_invite_control(net, client, persona):
    campaign = make_campaign(net.tehran, net.tehran_head)
    client.force_login(getattr(net, persona))
    before = campaigns_state()
    expected = 404 if persona == "isfahan_head" else 403
    assert client.get(f"/desk/network/campaigns/{campaign.pk}/edit/").status_code == expected
    response = client.post(
        f"/desk/network/campaigns/{campaign.pk}/edit/",
        {"title": "x", "ends_on": jalali(campaign.ends_on), "version": campaign.version},
    )
    assert response.status_code == expected
    response = client.post(
        f"/desk/network/campaigns/{campaign.pk}/participants/", {"invite-units": ["shemiranat"]}
    )
    assert response.status_code == expected
    assert campaigns_state() == before
    if expected == 403:
        page = client.get(f"/desk/network/campaigns/{campaign.pk}/").content.decode()
        assert "دعوت واحدهای دیگر" not in page
        assert "/edit/" not in page


def test_inviting_and_removing_from_the_campaign_page(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_story_sync(story=published_story(net.tehran, net.tehran_reporter))
    client.force_login(net.hq_editor)
    base = f"/desk/network/campaigns/{campaign.pk}"
    page = client.get(f"{base}/").content.decode()
    assert "دعوت واحدهای دیگر" in page
    assert f"{base}/participants/isfahan/remove/" in page
    assert f"{base}/participants/tehran/remove/" not in page  # it has an output
    response = client.post(f"{base}/participants/", {"invite-units": ["shemiranat", "kashan"]})
    assert response.status_code == 302
    board = client.get(f"{base}/board/").content.decode()
    assert 'data-unit="kashan"' in board
    assert Notification.objects.filter(
        kind="network.campaigns.invited", recipient=net.shemiranat_head
    ).exists()
    before = campaigns_state()
    response = client.post(f"{base}/participants/tehran/remove/", follow=True)
    assert "برونداد دارد" in response.content.decode()
    assert campaigns_state() == before
    response = client.post(f"{base}/participants/kashan/remove/")
    assert response.status_code == 302
    assert not campaign.participations.filter(unit=net.kashan).exists()


# --- The API --------------------------------------------------------------------------------


def test_patching_a_running_campaign_through_the_api(net, client):
    today = timezone.localdate()
    campaign = make_campaign(net.tehran, net.tehran_head)
    client.force_login(net.tehran_head)
    url = f"/api/v1/campaigns/{campaign.pk}"
    version = client.get(url).json()["version"]
    end = str(today + timedelta(days=12))
    response = client.patch(
        url, {"version": version, "ends_on": end, "summary": "شرح تازه"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["ends_on"], body["summary"], body["version"]) == (end, "شرح تازه", version + 1)
    before = campaigns_state()
    stale = client.patch(url, {"version": version, "title": "دیگر"}, content_type=JSON)
    assert stale.status_code == 409
    assert stale.json()["version"] == version + 1
    bad = client.patch(url, {"version": version + 1, "hashtag": "دیگر"}, content_type=JSON)
    assert bad.status_code == 400
    assert "هشتگ اصلی" in bad.json()["detail"]
    past = client.patch(
        url, {"version": version + 1, "ends_on": str(today - timedelta(days=1))},
        content_type=JSON,
    )  # fmt: skip
    assert past.status_code == 400
    client.force_login(net.shemiranat_head)
    assert (
        client.patch(url, {"version": version + 1, "title": "x"}, content_type=JSON).status_code
        == 403
    )
    client.force_login(net.isfahan_head)
    assert (
        client.patch(url, {"version": version + 1, "title": "x"}, content_type=JSON).status_code
        == 404
    )
    assert campaigns_state() == before


def test_inviting_and_removing_through_the_api(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_story_sync(story=published_story(net.tehran, net.tehran_reporter))
    client.force_login(net.hq_editor)
    url = f"/api/v1/campaigns/{campaign.pk}/participants"
    response = client.post(url, {"units": ["shemiranat", "tehran"]}, content_type=JSON)
    assert response.status_code == 201, response.json()
    assert [p["unit"]["slug"] for p in response.json()] == ["shemiranat"]
    before = campaigns_state()
    assert client.post(url, {"units": ["shemiranat"]}, content_type=JSON).status_code == 400
    assert client.post(url, {"units": ["nowhere"]}, content_type=JSON).status_code == 400
    refused = client.delete(f"{url}/tehran")
    assert refused.status_code == 400
    assert "برونداد دارد" in refused.json()["detail"]
    client.force_login(net.tehran_head)
    assert client.post(url, {"units": ["kashan"]}, content_type=JSON).status_code == 403
    assert campaigns_state() == before
    client.force_login(net.hq_editor)
    assert client.delete(f"{url}/shemiranat").status_code == 204
    units = client.get(f"/api/v1/campaigns/{campaign.pk}").json()["units"]
    assert units == ["isfahan", "khorasan-razavi", "tehran"]
