from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hamafza.portal"
    label = "portal"
    verbose_name = "Portal"
    # `hamafza demo` adds the e-services links and some reads after the demo stories.
    demo_loader = "hamafza.portal.demo.demo_load"

    # HQ's staff keep the public pages' e-services block (permissions.access_eservices).
    desk_nav = [
        (80, "portal:eservices", _("خدمات الکترونیک"), "hq_editor"),
    ]

    def ready(self) -> None:
        # The page cache listens to the apps below (portal.receivers); they never import us.
        from django.db.models.signals import post_delete, post_save

        from hamafza.comments.signals import thread_changed
        from hamafza.newsroom.signals import story_changed
        from hamafza.org.models import Unit
        from hamafza.portal import receivers

        story_changed.connect(receivers.story_changed, dispatch_uid="portal.story_changed")
        thread_changed.connect(receivers.thread_changed, dispatch_uid="portal.thread_changed")
        post_save.connect(receivers.unit_saved, sender=Unit, dispatch_uid="portal.unit_saved")
        post_delete.connect(receivers.unit_saved, sender=Unit, dispatch_uid="portal.unit_deleted")
