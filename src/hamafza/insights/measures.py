"""Out-take figures of plan indicators from the portal: public reads (``StoryDailyViews``,
fed by the story page's read beacon) and approved public comments of the stories linked to
each plan's activities. ``plans`` cannot import the portal or the comments, so this app
registers these measures with ``plans.measures`` when it is ready.

Every read and every approved visitor comment (official replies are ours, not an
out-take) of a story counts while the story serves one of the
plan's activities (a story relinked elsewhere takes its figures with it).
"""

from collections.abc import Collection
from decimal import Decimal

from django.db.models import Count, Sum

from hamafza.comments.models import Comment
from hamafza.plans.measures import register_measure
from hamafza.plans.models import PlanIndicator
from hamafza.portal.models import StoryDailyViews


def public_reads(plan_ids: Collection[int]) -> dict[int, Decimal]:
    rows = (
        StoryDailyViews.objects.filter(story__activity__plan_id__in=plan_ids)
        .order_by()
        .values_list("story__activity__plan_id")
        .annotate(n=Sum("views"))
        .values_list("story__activity__plan_id", "n")
    )
    return {plan_id: Decimal(n or 0) for plan_id, n in rows}


def approved_comments(plan_ids: Collection[int]) -> dict[int, Decimal]:
    rows = (
        Comment.objects.filter(
            story__activity__plan_id__in=plan_ids,
            status=Comment.Status.APPROVED,
            is_official=False,  # the organization's own replies are not the public's response
        )
        .order_by()
        .values_list("story__activity__plan_id")
        .annotate(n=Count("id"))
        .values_list("story__activity__plan_id", "n")
    )
    return {plan_id: Decimal(n) for plan_id, n in rows}


def register() -> None:
    register_measure(PlanIndicator.Source.READS, public_reads)
    register_measure(PlanIndicator.Source.APPROVED_COMMENTS, approved_comments)
