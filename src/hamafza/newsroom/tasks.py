"""The newsroom's background work, run through Django's tasks API by ``hamafza worker``.

Scheduling a story enqueues ``publish_due_stories_task`` to run at the story's time
(``services.story_transition``, once the transaction commits). The worker also sweeps for due
scheduled stories every half minute and enqueues the same task when it finds any, so a story
whose task was lost (a database restored from a backup, a task that failed) is still published
within a minute of its time.
"""

from django.tasks import task

from hamafza.newsroom.services import publish_due_stories


@task
def publish_due_stories_task() -> list[int]:
    """Publish every scheduled story whose time has come; return their ids.

    Safe to run any number of times and at any moment: it publishes only stories that are
    still scheduled and due, so after an unscheduling, a rescheduling to a later time or a
    manual publication it simply finds nothing to do.
    """
    return publish_due_stories()
