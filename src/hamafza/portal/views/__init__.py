"""The public pages. Nothing here needs signing in, and nothing here shows a story that is not
public (``permissions.public_stories`` and ``permissions.access_public_story``); the desk's
page for the e-services block is the one staff page.
"""

from hamafza.portal.views.desk import (
    eservice_delete,
    eservice_edit,
    eservice_move,
    eservices,
)
from hamafza.portal.views.language import set_language
from hamafza.portal.views.pages import home, language_section, subject, tag, unit
from hamafza.portal.views.search import search
from hamafza.portal.views.story import story, story_print, story_seen

__all__ = [
    "eservice_delete",
    "eservice_edit",
    "eservice_move",
    "eservices",
    "home",
    "language_section",
    "search",
    "set_language",
    "story",
    "story_print",
    "story_seen",
    "subject",
    "tag",
    "unit",
]
