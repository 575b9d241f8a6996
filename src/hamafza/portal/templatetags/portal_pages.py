"""Small helpers for the public pages' templates: ``{% load portal_pages %}``."""

from django import template
from django.urls import get_script_prefix

from hamafza.newsroom.forms import text_direction

register = template.Library()


@register.filter
def language_dir(language: str) -> str:
    """``rtl`` or ``ltr`` for a story's language, for the ``dir`` beside its ``lang``."""
    return text_direction(language)


# A list shows dozens of stories, each linking to itself and its unit: these build the two
# fixed public addresses (DESIGN.md's stable interfaces, as ``canonical.unit_path`` does)
# without resolving a route name per link.


@register.filter
def story_path(code: int) -> str:
    """``/news/<code>/``, the same address as ``{% url 'portal:story' code %}``."""
    return f"{get_script_prefix()}news/{int(code)}/"


@register.filter
def unit_path(slug: str) -> str:
    """``/units/<slug>/``, the same address as ``{% url 'portal:unit' slug %}``."""
    return f"{get_script_prefix()}units/{slug}/"
