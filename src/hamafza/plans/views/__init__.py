"""Staff HTML views of plans, media attachments and activities, one module per page family."""

from hamafza.plans.views.activities import (
    activity_create,
    activity_delete,
    activity_edit,
    activity_status,
)
from hamafza.plans.views.attachment import (
    attachment_approve,
    attachment_page,
    attachment_pdf,
    attachment_update,
    part_add,
    part_edit,
    part_remove,
)
from hamafza.plans.views.plans import (
    plan_create,
    plan_detail,
    plan_edit,
    plan_list,
    plan_transition,
    result_add,
)

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_edit",
    "activity_status",
    "attachment_approve",
    "attachment_page",
    "attachment_pdf",
    "attachment_update",
    "part_add",
    "part_edit",
    "part_remove",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_transition",
    "result_add",
]
