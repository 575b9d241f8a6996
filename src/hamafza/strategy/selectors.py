"""Reading the strategy for other apps: what the active version says."""

from django.db.models import QuerySet

from hamafza.strategy.models import KeyMessage, StrategyDocument


def active_key_messages() -> QuerySet[KeyMessage]:
    """The key messages of the active version, goal by goal, in their order."""
    return (
        KeyMessage.objects.filter(goal__document__status=StrategyDocument.Status.ACTIVE)
        .select_related("goal")
        .order_by("goal__position", "goal_id", "position", "pk")
    )


def active_key_message_ids() -> list[int]:
    return list(active_key_messages().values_list("pk", flat=True))
