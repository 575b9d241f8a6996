"""``{% story_comments story %}``: a published story's comment block (the approved thread and
the form with a fresh captcha question), for the public story page.

It works without JavaScript: "reply" is a link (``?reply_to=<id>#comment-form``) that
puts the form under that comment's name, and the form posts to ``views.comment_post``, which
redirects back here with what happened (kept in the session for one view).
"""

from typing import Any

from django import template

from hamafza.comments import selectors, services
from hamafza.comments.captcha import captcha_issue
from hamafza.comments.forms import CommentForm
from hamafza.comments.models import Comment
from hamafza.comments.views import FLASH_KEY
from hamafza.common.persian import to_ascii_digits
from hamafza.newsroom.models import Story

register = template.Library()


def _reply_target(thread: selectors.Thread, wanted: Any) -> Comment | None:
    """The shown comment whose id ``wanted`` names, if any."""
    text = to_ascii_digits(str(wanted or "")).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    pending = list(thread.items)
    while pending:
        item = pending.pop()
        if str(item.comment.pk) == text:
            return item.comment
        pending.extend(item.replies)
    return None


@register.inclusion_tag("comments/block.html", takes_context=True)
def story_comments(context: template.Context, story: Story) -> dict[str, Any]:
    request = context.get("request")
    if context.get("print_view"):
        return {"hidden": True}
    thread = selectors.story_thread(story)
    closed = services.comments_closed(story)
    flash: dict[str, Any] = {}
    session = getattr(request, "session", None)
    if session is not None and story.code is not None:
        flash = session.pop(FLASH_KEY % story.code, None) or {}
    data = dict(flash.get("data") or {})
    wanted = data.get("parent") or (request.GET.get("reply_to") if request is not None else None)
    parent = _reply_target(thread, wanted)
    block: dict[str, Any] = {
        "request": request,
        "story": story,
        "thread": thread,
        "closed": closed,
        "notice": flash.get("notice", ""),
        "notice_error": flash.get("error", False),
        "reply_to": parent,
    }
    if not closed:
        question = captcha_issue()
        initial = {
            "body": data.get("body", ""),
            "author_name": data.get("author_name", ""),
            "parent": parent.pk if parent is not None else "",
            "captcha_token": question.token,
        }
        block["form"] = _form(initial, flash.get("errors") or {})
        block["question"] = question
    return block


def _form(values: dict[str, Any], errors: dict[str, list[str]]) -> CommentForm:
    """The form with ``values``; bound, with ``errors`` on their fields, after a refusal."""
    if not errors:
        return CommentForm(initial=values)
    form = CommentForm(values)
    form.is_valid()
    shown = {"body", "author_name", "captcha_answer"}
    for name, messages in errors.items():
        form.add_error(name if name in shown else None, messages)
    return form
