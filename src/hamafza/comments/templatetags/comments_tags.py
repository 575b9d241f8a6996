"""``{% story_comments story %}``: a published story's comment block for the public story page:
the approved thread and a «نوشتن نظر» link, nothing else.

The block holds nothing for one visitor alone (no captcha question, no form), so the story page
can be cached for everyone (``portal.pagecache``). The form and its question come from their
own uncached address, ``views.comment_form`` (``/news/<code>/comments/new/``): loaded into the
block by htmx when scripts run, opened as a small page of its own when they do not. Reply links
go to the same address with the comment's id (``?parent=<id>``).

The one thing shown to one visitor: after a comment sent without scripts, the story page says
it arrived. That message rides in the session for one view, and a request with a session
cookie is never answered from the page cache.
"""

from typing import Any

from django import template

from hamafza.comments import selectors, services
from hamafza.comments.views import FLASH_KEY
from hamafza.newsroom.models import Story

register = template.Library()


@register.inclusion_tag("comments/block.html", takes_context=True)
def story_comments(context: template.Context, story: Story) -> dict[str, Any]:
    request = context.get("request")
    notice = ""
    session = getattr(request, "session", None)
    # Only a visitor who has a session can have a message waiting; looking in an empty one
    # costs nothing and sets no cookie.
    if session is not None and story.code is not None and session.session_key:
        flash = session.pop(FLASH_KEY % story.code, None) or {}
        if not flash.get("error"):
            notice = flash.get("notice", "")
    return {
        "story": story,
        "thread": selectors.story_thread(story),
        "closed": services.comments_closed(story),
        "notice": notice,
    }
