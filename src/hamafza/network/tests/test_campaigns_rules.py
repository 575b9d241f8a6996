"""Who may launch, see, join and act on campaigns, per role and unit; every refusal changes
nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.campaigns import Campaign, CampaignParticipation
from hamafza.network.permissions.campaigns import access_campaign, access_campaign_board
from hamafza.network.services import campaigns as services
from hamafza.network.tests.factories_campaigns import (
    active_strategy,
    campaigns_state,
    make_campaign,
)
from hamafza.notifications.models import Notification
from hamafza.plans.models import Channel

pytestmark = pytest.mark.django_db
S = Campaign.Status


def _refused(call, error=PermissionDenied):
    before = campaigns_state()
    with pytest.raises(error):
        call()
    assert campaigns_state() == before


# --- Launching ------------------------------------------------------------------------------


def test_hq_strategist_launches_a_national_campaign_for_the_provinces(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    assert campaign.status == S.LAUNCHED
    assert campaign.launched_at is not None
    invited = set(campaign.participations.values_list("unit__slug", flat=True))
    assert invited == {"tehran", "isfahan", "khorasan-razavi"}
    actions = list(
        AuditEntry.objects.filter(action__startswith="network.campaigns.campaign")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["network.campaigns.campaign.create", "network.campaigns.campaign.launch"]


def test_launch_notifies_heads_and_editors_of_invited_units_once(net):
    make_campaign(net.hq, net.hq_editor)
    told = set(
        Notification.objects.filter(kind="network.campaigns.launched").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"tehran.head", "tehran.editor", "isfahan.head", "isfahan.editor"}


def test_all_units_below_includes_the_counties(net):
    campaign = make_campaign(net.hq, net.hq_admin, scope=Campaign.Scope.ALL)
    assert campaign.participations.count() == 6


def test_province_head_launches_for_its_counties_only(net):
    campaign = make_campaign(net.tehran, net.tehran_head)
    assert list(campaign.participations.values_list("unit__slug", flat=True)) == ["shemiranat"]
    _refused(
        lambda: make_campaign(
            net.tehran, net.tehran_head, scope=Campaign.Scope.CHOSEN, units=[net.kashan]
        ),
        ValidationError,
    )


@pytest.mark.parametrize(
    ("persona", "owner"),
    [
        ("tehran_head", "isfahan"),
        ("tehran_head", "hq"),
        ("tehran_editor", "tehran"),
        ("tehran_reporter", "tehran"),
        ("shemiranat_head", "shemiranat"),
        ("outsider", "hq"),
        ("isfahan_head", "tehran"),
    ],
)
def test_who_may_not_launch(net, persona, owner):
    active_strategy()
    _refused(lambda: make_campaign(getattr(net, owner), getattr(net, persona), launch=False))


def test_only_managers_move_the_workflow(net):
    campaign = make_campaign(net.tehran, net.tehran_head, launch=False)
    for persona in ("tehran_editor", "shemiranat_head", "isfahan_head"):
        _refused(
            lambda p=persona: services.campaign_transition(
                actor=getattr(net, p), campaign=campaign, name="launch"
            )
        )
    # HQ strategists act on every campaign.
    services.campaign_transition(actor=net.hq_editor, campaign=campaign, name="launch")


def test_illegal_moves_and_unknown_moves_are_refused(net):
    campaign = make_campaign(net.tehran, net.tehran_head, launch=False)
    _refused(
        lambda: services.campaign_transition(
            actor=net.tehran_head, campaign=campaign, name="close"
        ),
        ValidationError,
    )
    _refused(
        lambda: services.campaign_transition(actor=net.tehran_head, campaign=campaign, name="fly"),
        ValidationError,
    )
    _refused(
        lambda: services.campaign_transition(
            actor=net.tehran_head, campaign=campaign, name="cancel"
        ),
        ValidationError,
    )
    services.campaign_transition(
        actor=net.tehran_head, campaign=campaign, name="cancel", note="تکراری بود"
    )
    assert Campaign.objects.get(pk=campaign.pk).status == S.CANCELLED


def test_a_stale_version_is_refused(net):
    campaign = make_campaign(net.tehran, net.tehran_head, launch=False)
    services.campaign_update(
        actor=net.tehran_head, campaign=campaign, version=1, title="عنوان تازه"
    )
    _refused(
        lambda: services.campaign_update(
            actor=net.tehran_head, campaign=campaign, version=1, title="عنوان دیگر"
        ),
        services.StaleCampaign,
    )


def test_bad_input_gets_a_persian_message_and_changes_nothing(net):
    active_strategy()
    today = timezone.localdate()
    before = campaigns_state()
    with pytest.raises(ValidationError) as raised:
        services.campaign_create(
            actor=net.hq_editor, owner_unit=net.hq, title=" ", starts_on=today,
            ends_on=today - timedelta(days=1), hashtag="#",
        )  # fmt: skip
    assert "عنوان کارزار" in str(raised.value)
    assert campaigns_state() == before


# --- Seeing ---------------------------------------------------------------------------------


def test_a_draft_is_seen_by_its_line_and_hq_only(net):
    campaign = make_campaign(net.tehran, net.tehran_head, launch=False)
    for persona in ("tehran_head", "tehran_viewer", "hq_editor", "hq_admin"):
        assert access_campaign(getattr(net, persona), campaign.pk) == campaign
    for persona in ("isfahan_head", "shemiranat_head", "khorasan_video"):
        with pytest.raises(Http404):
            access_campaign(getattr(net, persona), campaign.pk)
    with pytest.raises(PermissionDenied):
        access_campaign(net.outsider, campaign.pk)


def test_once_launched_the_invited_units_see_it_but_not_the_board(net):
    campaign = make_campaign(net.tehran, net.tehran_head)
    assert access_campaign(net.shemiranat_reporter, campaign.pk) == campaign
    with pytest.raises(PermissionDenied):
        access_campaign_board(net.shemiranat_head, campaign.pk)
    assert access_campaign_board(net.tehran_viewer, campaign.pk) == campaign
    assert access_campaign_board(net.hq_editor, campaign.pk) == campaign
    with pytest.raises(Http404):
        access_campaign(net.isfahan_head, campaign.pk)


# --- Joining and acting ---------------------------------------------------------------------


def test_head_or_editor_of_the_invited_unit_joins(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    participation = services.campaign_join(
        actor=net.tehran_editor, campaign=campaign, unit=net.tehran
    )
    assert participation.joined_at is not None
    again = services.campaign_join(actor=net.tehran_head, campaign=campaign, unit=net.tehran)
    assert again.joined_at == participation.joined_at


@pytest.mark.parametrize(
    "persona", ["tehran_reporter", "tehran_viewer", "isfahan_head", "outsider", "hq_admin"]
)
def test_others_may_not_join_for_tehran(net, persona):
    campaign = make_campaign(net.hq, net.hq_editor)
    _refused(
        lambda: services.campaign_join(
            actor=getattr(net, persona), campaign=campaign, unit=net.tehran
        )
    )


def test_an_uninvited_unit_cannot_join(net):
    campaign = make_campaign(net.tehran, net.tehran_head)
    _refused(
        lambda: services.campaign_join(actor=net.isfahan_head, campaign=campaign, unit=net.isfahan)
    )


def test_nobody_joins_a_draft_or_closed_campaign(net):
    campaign = make_campaign(net.hq, net.hq_editor, launch=False)
    _refused(
        lambda: services.campaign_join(actor=net.tehran_head, campaign=campaign, unit=net.tehran)
    )
    services.campaign_transition(actor=net.hq_editor, campaign=campaign, name="launch")
    services.campaign_transition(actor=net.hq_editor, campaign=campaign, name="close")
    _refused(
        lambda: services.campaign_join(actor=net.tehran_head, campaign=campaign, unit=net.tehran)
    )


def test_local_activities_need_joining_and_the_units_writers(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    today = timezone.localdate()
    add = services.campaign_activity_add
    _refused(
        lambda: add(actor=net.tehran_reporter, campaign=campaign, unit=net.tehran,
                    title="نمایشگاه", date=today, channel=Channel.EVENT),
        ValidationError,
    )  # fmt: skip
    services.campaign_join(actor=net.tehran_head, campaign=campaign, unit=net.tehran)
    _refused(
        lambda: add(actor=net.isfahan_editor, campaign=campaign, unit=net.tehran,
                    title="نمایشگاه", date=today, channel=Channel.EVENT)
    )  # fmt: skip
    _refused(
        lambda: add(actor=net.tehran_reporter, campaign=campaign, unit=net.tehran,
                    title="نمایشگاه", date=today + timedelta(days=30), channel=Channel.EVENT),
        ValidationError,
    )  # fmt: skip
    activity = add(
        actor=net.tehran_reporter, campaign=campaign, unit=net.tehran, title="نمایشگاه",
        date=today, channel=Channel.EVENT,
    )  # fmt: skip
    assert activity.participation.unit == net.tehran


def test_toolkit_is_kept_by_the_managers(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_message_add(
        actor=net.hq_editor, campaign=campaign, channel=Channel.SOCIAL, text="متن"
    )
    _refused(
        lambda: services.campaign_message_add(
            actor=net.tehran_head, campaign=campaign, channel=Channel.SOCIAL, text="متن"
        )
    )


def test_cancelling_a_draft_leaves_participations_invisible(net):
    campaign = make_campaign(net.hq, net.hq_editor, launch=False)
    services.campaign_transition(actor=net.hq_editor, campaign=campaign, name="cancel", note="نه")
    with pytest.raises(Http404):
        access_campaign(net.tehran_head, campaign.pk)
    assert CampaignParticipation.objects.filter(campaign=campaign).count() == 3


def test_the_daily_sweep_closes_campaigns_past_their_end_once(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    later = campaign.ends_on + timedelta(days=1)
    assert services.campaigns_close_due(today=campaign.ends_on) == 0
    assert services.campaigns_close_due(today=later) == 1
    assert services.campaigns_close_due(today=later) == 0
    closed = Campaign.objects.get(pk=campaign.pk)
    assert closed.status == S.CLOSED
    assert AuditEntry.objects.filter(action="network.campaigns.campaign.close").count() == 1
