"""Who sees what on the portal, in one place.

* A story is public while its status is in ``PUBLIC_STATUSES``. Any other story is 404 by its
  news code, except one that was public once (``first_published_at`` set) and has been taken
  down or archived since: that one is 410 Gone, so readers, search engines and news agencies
  that linked to it learn that it was withdrawn rather than that it never existed.
* A spiked story never reached the public (spiking happens before publication), so it is 404
  whatever its other fields say.
* The e-services block is kept by HQ: HQ editors, HQ admins and superusers.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_for


class StoryGoneError(Exception):
    """The story was public once and no longer is (answered with 410)."""

    def __init__(self, story: Story) -> None:
        super().__init__(story.code)
        self.story = story


def public_stories() -> QuerySet[Story]:
    """Every public story, newest first, with its unit (for lists)."""
    return (
        Story.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("unit")
        .order_by("-published_at", "-id")
    )


def access_public_story(code: int) -> Story:
    """The public story with this news code, with its unit and origin's unit.

    Raises ``Http404`` for a code never given or a story that never was public, and
    ``StoryGoneError`` for one that was public and has been withdrawn.
    """
    # ``get`` on the unique code: no ORDER BY to build and sort, as ``first()`` would add.
    try:
        found = Story.objects.select_related("unit").get(code=code)
    except Story.DoesNotExist:
        raise Http404 from None
    if found.status in PUBLIC_STATUSES:
        if found.origin_id is not None:
            # A republication (few are): its origin and that one's unit are read apart rather
            # than joined into every story's read (two more tables, forty more columns).
            found.origin = Story.objects.select_related("unit").get(pk=found.origin_id)
        return found
    if found.first_published_at is not None and found.status != Story.Status.SPIKED:
        raise StoryGoneError(found)
    raise Http404


def can_edit_eservices(access: Access) -> bool:
    return access.is_superuser or access.is_hq_admin or bool(access.units_with({Role.HQ_EDITOR}))


def access_eservices(user: Any) -> Access:
    """HQ's staff keep the e-services block; everyone else gets ``PermissionDenied``."""
    access = access_for(user)
    if not can_edit_eservices(access):
        raise PermissionDenied
    return access
