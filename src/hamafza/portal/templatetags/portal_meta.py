"""``{% story_meta story as meta %}``: what ``portal/_meta.html`` writes into a story's head.

The story page's context already holds the story's ``photos``, ``subjects`` and ``tags`` as
lists; they are used rather than read again.
"""

from typing import Any

from django import template

from hamafza.newsroom.models import Story
from hamafza.portal.jsonld import StoryMeta
from hamafza.portal.jsonld import story_meta as build_story_meta

register = template.Library()


def _list(context: Any, name: str) -> list[Any] | None:
    value = context.get(name)
    return value if isinstance(value, list) else None


@register.simple_tag(takes_context=True)
def story_meta(context: Any, story: Story) -> StoryMeta:
    return build_story_meta(
        context["request"],
        story,
        photos=_list(context, "photos"),
        subjects=_list(context, "subjects"),
        tags=_list(context, "tags"),
    )
