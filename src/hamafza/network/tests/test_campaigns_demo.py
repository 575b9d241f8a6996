"""The campaigns demo: a national week with most provinces joined and some silent, outputs
counted from demo stories and logged external posts, a provincial campaign; idempotent."""

import pytest
from django.core.management.base import CommandError

from hamafza.network.demo.campaigns import JOINED_ONLY, SILENT, load
from hamafza.network.models.campaigns import Campaign, CampaignOutput
from hamafza.network.selectors.campaigns import campaign_board
from hamafza.newsroom.demo import demo_load as newsroom_demo_load
from hamafza.org.demo import demo_load as org_demo_load
from hamafza.plans.demo import demo_load as plans_demo_load

pytestmark = pytest.mark.django_db


def test_refuses_a_database_that_is_not_a_demo():
    with pytest.raises(CommandError):
        load()
    assert not Campaign.objects.exists()


def test_the_national_week_and_the_provincial_campaign():
    org_demo_load()
    plans_demo_load()
    newsroom_demo_load()
    counts = load()
    assert counts["campaigns"] == 3
    national = Campaign.objects.get(hashtag="توانیابان")
    assert national.status == Campaign.Status.LAUNCHED
    board = campaign_board(national)
    states = {row.unit.slug: row.state for row in board.rows}
    assert {states[slug] for slug in SILENT} == {"silent"}
    assert {states[slug] for slug in JOINED_ONLY} == {"joined"}
    assert board.joined > board.invited / 2
    assert board.active >= board.joined - len(JOINED_ONLY) - 2
    assert board.totals["story"] >= 5
    assert board.totals["republish"] >= 2
    assert board.totals["external"] > 0
    assert CampaignOutput.objects.filter(campaign__owner_unit__slug="isfahan").exists()
    assert Campaign.objects.filter(status=Campaign.Status.DRAFT).count() == 1
    assert load() == {"campaigns": 0, "campaign_units": 0, "campaign_outputs": 0}
