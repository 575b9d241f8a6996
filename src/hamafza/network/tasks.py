"""The network's background work, run through Django's tasks API by ``hamafza worker``.

Issuing a bulletin enqueues ``bulletin_deliveries_send_task`` for it once the transaction
commits (``services.partnership.bulletin_issue``). The task only sends delivery rows that are
still unsent and claims each before sending, so running it twice, or beside the worker's
periodic sweep (``bulletin_deliveries_send()`` without a bulletin), never sends a row twice.
"""

from django.tasks import task

from hamafza.network.services.partnership import bulletin_deliveries_send


@task
def bulletin_deliveries_send_task(bulletin_id: int | None = None) -> int:
    """Send the unsent e-mails of the bulletin (of every issued bulletin without one)."""
    return bulletin_deliveries_send(bulletin_id=bulletin_id)
