"""Campaigns react to stories: see ``hamafza.network.services.campaigns``.

Every committed change to a story that is or was public (publish, unpublish, correction, tags,
deletion…) re-counts that story's campaign outputs; the service is idempotent, so a signal
received twice changes nothing the second time.
"""

import logging
from typing import Any

from django.dispatch import receiver

from hamafza.network.services.campaigns import campaign_story_sync
from hamafza.newsroom.models import Story
from hamafza.newsroom.signals import story_changed

logger = logging.getLogger(__name__)


@receiver(story_changed, sender=Story, dispatch_uid="network.campaigns.story_changed")
def count_campaign_outputs(sender: Any, story: Story, **kwargs: Any) -> None:
    # The story's change has committed: a failure to count must not turn the newsroom's
    # answer into an error. It is logged; ``campaign_recount`` repairs a campaign's count.
    try:
        campaign_story_sync(story=story)
    except Exception:
        logger.exception("counting story %s for campaigns failed", story.pk)
