from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "hamafza.comments"
    label = "comments"
    verbose_name = "Comments"

    # The desk shows the moderation queue to every member; the pending count beside it comes
    # from ``context_processors.moderation``.
    desk_nav = [(45, "comments:queue", _("نظرها"), "staff")]
