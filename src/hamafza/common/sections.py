"""Sections that apps higher up add to pages of apps below them.

A lower app never imports a higher one (DESIGN.md), yet some of its pages should show what a
higher app knows: a person's page in ``org`` shows the help they gave through ``network``, a
desk story page in ``newsroom`` names the practitioners credited on it. Each app lists such
sections on its AppConfig, as it lists its desk navigation::

    page_sections = [("org.person", 20, "hamafza.network.sections.person_support")]

— (page name, order, dotted path of ``fn(request, obj) -> str``): the function renders its own
section (with its own access checks) or returns "" to show nothing. The page's view calls
``render_sections(page, request, obj)`` and its template writes the list out in order.
"""

from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe


@cache
def _sections(page: str) -> list[Any]:
    found = [
        (order, path)
        for config in apps.get_app_configs()
        for name, order, path in getattr(config, "page_sections", ())
        if name == page
    ]
    return [import_string(path) for _order, path in sorted(found)]


def render_sections(page: str, request: HttpRequest, obj: Any) -> list[SafeString]:
    """The HTML of every section other apps add to ``page`` about ``obj``, in order."""
    rendered = (str(section(request, obj)) for section in _sections(page))
    # Each section is rendered by Django's templates (escaped there): safe to write out.
    return [mark_safe(html) for html in rendered if html.strip()]  # noqa: S308
