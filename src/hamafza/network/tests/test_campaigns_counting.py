"""Outputs count automatically: the ``story_changed`` receiver re-counts every story that is or
was public. Publishing with the hashtag counts, unpublishing uncounts, a republication counts
as "republish", a story outside the dates, without the tag or of an uninvited unit does not;
the receiver is idempotent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamafza.network.models.campaigns import CampaignOutput
from hamafza.network.selectors.campaigns import campaign_board, domain_activity, network_edges
from hamafza.network.services import campaigns as services
from hamafza.network.tests.factories_campaigns import HASHTAG, make_campaign, published_story
from hamafza.newsroom import services as newsroom
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db
K = CampaignOutput.Kind


@pytest.fixture
def publish(net, django_capture_on_commit_callbacks):
    """Publish an approved story of ``unit`` through the newsroom's service (the signal runs)."""

    def run(unit, *, tags=(HASHTAG,), editor=None, author=None, origin=None):
        story = StoryFactory.create(
            unit=unit,
            created_by=author or net.tehran_reporter,
            status=Story.Status.APPROVED,
            tags=list(tags),
            origin=origin,
        )
        with django_capture_on_commit_callbacks(execute=True):
            newsroom.story_transition(
                actor=editor or net.tehran_editor, story=story, name="publish"
            )
        return Story.objects.get(pk=story.pk)

    return run


def outputs(campaign):
    return sorted(
        CampaignOutput.objects.filter(campaign=campaign).values_list("unit__slug", "kind")
    )


def test_publishing_with_the_hashtag_counts_and_unpublishing_uncounts(
    net, publish, django_capture_on_commit_callbacks
):
    campaign = make_campaign(net.hq, net.hq_editor)
    story = publish(net.tehran)
    assert outputs(campaign) == [("tehran", K.STORY)]
    output = CampaignOutput.objects.get(campaign=campaign)
    assert output.story == story
    assert output.occurred_at == story.published_at
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.story_transition(
            actor=net.tehran_editor, story=story, name="unpublish", note="خطا"
        )
    assert outputs(campaign) == []


def test_the_tag_is_matched_loosely(net, publish):
    campaign = make_campaign(net.hq, net.hq_editor, hashtag="#هفته_توانیابان")
    publish(net.tehran, tags=["هفته توانیابان"])
    assert outputs(campaign) == [("tehran", K.STORY)]


def test_no_tag_or_an_uninvited_unit_does_not_count(net, publish):
    campaign = make_campaign(net.tehran, net.tehran_head)  # invites Shemiranat only
    publish(net.tehran, tags=["دیگر"])
    publish(net.tehran)  # the owner is not a participant
    publish(net.isfahan, editor=net.isfahan_editor, author=net.isfahan_editor)
    assert outputs(campaign) == []


def test_a_story_outside_the_dates_does_not_count(net):
    campaign = make_campaign(net.hq, net.hq_editor)
    early = published_story(
        net.tehran, net.tehran_reporter, when=timezone.now() - timedelta(days=10)
    )
    assert services.campaign_story_sync(story=early) == 0
    assert outputs(campaign) == []


def test_a_draft_or_cancelled_campaign_counts_nothing(net, publish):
    draft = make_campaign(net.hq, net.hq_editor, launch=False)
    publish(net.tehran)
    assert outputs(draft) == []


def test_a_republication_counts_as_republish(net, publish, django_capture_on_commit_callbacks):
    campaign = make_campaign(net.hq, net.hq_editor)
    original = publish(net.hq_pr, editor=net.hq_editor, author=net.hq_editor)
    copy = newsroom.story_republish(actor=net.isfahan_editor, original=original, unit=net.isfahan)
    copy.tags.clear()
    Story.objects.filter(pk=copy.pk).update(status=Story.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.story_transition(
            actor=net.isfahan_editor, story=Story.objects.get(pk=copy.pk), name="publish"
        )
    assert outputs(campaign) == [("isfahan", K.REPUBLISH)]


def test_adding_the_tag_to_a_published_story_counts_it(
    net, publish, django_capture_on_commit_callbacks
):
    campaign = make_campaign(net.hq, net.hq_editor)
    story = publish(net.tehran, tags=[])
    assert outputs(campaign) == []
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.story_update(
            actor=net.tehran_editor, story=story, version=story.version,
            change_note="برچسب کارزار افزوده شد.", tags=[HASHTAG],
        )  # fmt: skip
    assert outputs(campaign) == [("tehran", K.STORY)]


def test_linking_by_hand_counts_a_story_without_the_tag(net, publish):
    campaign = make_campaign(net.hq, net.hq_editor)
    story = publish(net.tehran, tags=[])
    services.campaign_story_link(actor=net.tehran_reporter, campaign=campaign, story=story)
    assert outputs(campaign) == [("tehran", K.STORY)]


def test_sync_is_idempotent_and_launch_counts_what_was_published_before(net):
    campaign = make_campaign(net.hq, net.hq_editor, launch=False)
    story = published_story(net.tehran, net.tehran_reporter)
    services.campaign_transition(actor=net.hq_editor, campaign=campaign, name="launch")
    assert outputs(campaign) == [("tehran", K.STORY)]
    assert services.campaign_story_sync(story=story) == 0
    assert services.campaign_recount(campaign=campaign) == 0
    assert CampaignOutput.objects.count() == 1


def test_the_board_on_known_data(net, publish):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_join(actor=net.tehran_head, campaign=campaign, unit=net.tehran)
    services.campaign_join(actor=net.isfahan_head, campaign=campaign, unit=net.isfahan)
    publish(net.tehran)
    publish(net.tehran)
    board = campaign_board(campaign)
    states = {row.unit.slug: (row.state, row.total) for row in board.rows}
    assert states == {
        "tehran": ("active", 2),
        "isfahan": ("joined", 0),
        "khorasan-razavi": ("silent", 0),
    }
    assert [row.unit.slug for row in board.rows] == ["tehran", "isfahan", "khorasan-razavi"]
    assert (board.invited, board.joined, board.active, len(board.silent)) == (3, 2, 1, 2)
    assert board.totals == {K.STORY: 2, K.REPUBLISH: 0, K.EXTERNAL: 0}
    assert len(board.series_values) == 4  # three days before today, and today
    assert board.series_values[-1] == 2
    assert sum(board.series_values) == 2


def test_network_edges_and_domain_activity(net, publish):
    campaign = make_campaign(net.hq, net.hq_editor)
    other = make_campaign(net.hq, net.hq_editor, title="کارزار دوم", hashtag="دوم")
    publish(net.tehran, tags=[HASHTAG, "دوم"])
    publish(
        net.isfahan, editor=net.isfahan_editor, author=net.isfahan_editor, tags=[HASHTAG, "دوم"]
    )
    services.campaign_story_sync(story=published_story(net.khorasan, net.khorasan_video))
    now = timezone.now()
    edges = network_edges(since=now - timedelta(days=30), until=now + timedelta(days=1))
    t, i, k = net.tehran.pk, net.isfahan.pk, net.khorasan.pk
    assert sorted(edges) == sorted(
        [
            (min(t, i), max(t, i), "campaign", 2),
            (min(t, k), max(t, k), "campaign", 1),
            (min(i, k), max(i, k), "campaign", 1),
        ]
    )
    month = timezone.localdate().replace(day=1)
    assert domain_activity(since=now - timedelta(days=30), until=now + timedelta(days=1)) == [
        ("pr_network", month, 5)
    ]
    assert campaign.pk != other.pk
