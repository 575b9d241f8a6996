"""Small helpers for the public pages' templates: ``{% load portal_pages %}``."""

from typing import Any

from django import forms, template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from hamafza.common import jalali
from hamafza.newsroom.forms import text_direction
from hamafza.portal.jsonld import kind_label

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


@register.filter
def story_kind(kind: str) -> str:
    """A story kind's label, as ``story.get_kind_display`` gives it (``jsonld.kind_label``;
    a list of results shows one per row)."""
    return kind_label(kind)


@register.filter
def subject_path(code: str) -> str:
    """``/subjects/<code>/``, the same address as ``{% url 'portal:subject' code %}``."""
    return f"{get_script_prefix()}subjects/{code}/"


@register.filter
def tag_path(pk: int) -> str:
    """``/tags/<pk>/``, the same address as ``{% url 'portal:tag' pk %}``."""
    return f"{get_script_prefix()}tags/{int(pk)}/"


# --- Form fields ---------------------------------------------------------------------------
# The search page's filters are selects and text inputs. Django draws each widget, and each of
# a select's options, through its own template (a third of the search page's time); the
# common case — a field without errors — is written here instead, to the same markup as
# ``org/includes/field.html`` and Django's widget templates, every value escaped. A field with
# errors (or another kind of widget) still goes through the templates.

FIELD_TEMPLATE = "org/includes/field.html"
# The widget templates written out here; a widget drawn by any other template keeps it.
DRAWN: dict[type[forms.Widget], tuple[str, str | None]] = {
    forms.Select: ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html"),
    forms.TextInput: ("django/forms/widgets/text.html", None),
}


def _attrs(attrs: dict[str, Any]) -> str:
    """As ``django/forms/widgets/attrs.html``: ``False`` left out, ``True`` bare."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget_html(field: BoundField) -> str | None:
    widget = field.field.widget
    kind = type(widget)
    if (
        kind not in DRAWN
        or (widget.template_name, getattr(widget, "option_template_name", None)) != DRAWN[kind]
    ):
        return None
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if isinstance(widget, forms.Select):
        options: list[str] = []
        for group_name, group_choices, _index in context["optgroups"]:
            if group_name:
                return None  # optgroups: left to Django's template
            options.extend(
                f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
                for option in group_choices
            )
        return (
            f'<select name="{conditional_escape(context["name"])}"{_attrs(context["attrs"])}>\n  '
            + "\n  ".join(options)
            + "\n</select>"
        )
    value = context["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{conditional_escape(context["type"])}"'
        f' name="{conditional_escape(context["name"])}"{shown}'
        f"{_attrs(context['attrs'])}>"
    )


@register.simple_tag
def form_widget(field: BoundField) -> str:
    """``{{ field }}``, drawn in Python for a select or a text input (see above)."""
    html = None if field.errors else _widget_html(field)
    return str(field) if html is None else mark_safe(html)  # noqa: S308 (escaped above)


@register.simple_tag
def form_field(field: BoundField) -> str:
    """``{% include "org/includes/field.html" with field=field %}`` for a select or a text
    input without errors or help text, drawn in Python (see above); any other field through
    that template."""
    html = None
    if field.label and not field.errors and not field.help_text:
        html = _widget_html(field)
    if html is None:
        return render_to_string(FIELD_TEMPLATE, {"field": field})
    label = format_html('<label for="{}">{}</label>', field.id_for_label, field.label)
    return mark_safe(f'<div class="field">\n  {label}\n  {html}\n</div>')  # noqa: S308


@register.filter(expects_localtime=True)
def isoformat(value: Any) -> str:
    """``value|date:'c'`` (ISO 8601 in the current time zone, for ``<time datetime>``)
    without building Django's date formatter per value."""
    if value in (None, ""):
        return ""
    return str(value.isoformat())


# --- Search results --------------------------------------------------------------------------
# Twenty rows per page, each about ten template nodes: written here, to the markup the
# template wrote (``RESULT_TEMPLATE`` in the tests), every value escaped. Measured: a tenth
# of the public search page.


@register.simple_tag
def search_result(item: Any) -> str:
    """One row of the public search's results (``selectors`` gives ``item.story``,
    ``item.headline`` and ``item.snippet``, highlighted and already safe)."""
    story = item.story
    kicker = (
        format_html('<p class="kicker" dir="auto">{}</p>', story.kicker) if story.kicker else ""
    )
    snippet = (
        format_html('<p class="search-result-snippet" dir="auto">{}</p>', item.snippet)
        if item.snippet
        else ""
    )
    published = story.published_at
    return format_html(
        '<li class="search-result" lang="{}">{}'
        '<h2 class="search-result-title"><a href="{}" dir="auto">{}</a></h2>{}'
        '<p class="search-result-meta muted small"><span class="chip-unit">{}</span> '
        '<span aria-hidden="true">·</span> <time datetime="{}">{}</time> '
        '<span aria-hidden="true">·</span> {}</p></li>',
        story.language,
        kicker,
        story_path(story.code),
        item.headline,
        snippet,
        story.unit.name,
        isoformat(timezone.localtime(published) if published else published),
        jalali.format_date(published),
        story_kind(story.kind),
    )
