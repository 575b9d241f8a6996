"""`/api/v1/stories`: the newsroom's JSON API.

Every operation is for staff (members of the network). Stories are fetched only through
``newsroom.permissions`` (``visible_stories``, ``access_story``): another unit's unpublished
story is 404, in lists and counts too, never a 403 that confirms it exists. Every change goes
through ``newsroom.services``, so the API enforces exactly the rules the desk does; the
services' refusals become JSON errors, and saving or moving a story from an out-of-date
``version`` is a 409 carrying the story as it is now.
"""

from hamafza.newsroom.api.actions import router as actions_router
from hamafza.newsroom.api.desk import router as desk_router
from hamafza.newsroom.api.stories import router

# `/stories` itself (list, create) lives on the root router: a nested router would add a
# trailing slash to it.
router.add_router("", actions_router)
router.add_router("", desk_router)

__all__ = ["router"]
