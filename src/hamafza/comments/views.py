"""HTML: the public comment form (no JavaScript needed) and its POST, and the desk's
moderation queue at ``/desk/comments/``.

The form lives at its own address, ``/news/<code>/comments/new/`` (``?parent=<id>`` to reply),
answered uncached every time since each answer issues a captcha question: the story page itself
only links to it, so the page can be cached for everyone. With scripts, htmx loads the form into
the story page and the POST answers in place (the form again with errors and a new question,
or a thank-you); without them, the form is a small page of its own and the POST redirects (post,
redirect, get): to the story after a comment, back to the form after a refusal. What happened,
the visitor's text and the errors ride along in the session for one view.

The POST is exempt from CSRF on purpose: it acts for nobody (a signed-in member is a visitor
here too), the captcha already asks for something only a fresh form gives, and a story page
without a CSRF cookie can be cached for everyone.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hamafza.comments import selectors, services
from hamafza.comments.captcha import captcha_issue
from hamafza.comments.forms import BulkForm, CommentForm, QueueFilterForm, ReplyForm
from hamafza.comments.models import Comment
from hamafza.comments.permissions import (
    access_comment,
    access_story_comments,
    can_close,
    moderated_comments,
    moderated_unit_ids,
)
from hamafza.comments.visitors import request_network_hash
from hamafza.comments.workflow import TRANSITIONS
from hamafza.common.persian import to_ascii_digits
from hamafza.common.templatetags.hamafza import fa_digits
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.permissions import access_staff
from hamafza.org.views._common import DeskRequest, done, paginate, render_page, wants_fragment

COMMENTS_PER_PAGE = 30
FLASH_KEY = "comments:flash:%s"
FORM_TEMPLATE = "comments/form.html"


# --- Public --------------------------------------------------------------------------------


def _public_story(code: int) -> Story:
    return get_object_or_404(Story.objects.filter(status__in=PUBLIC_STATUSES), code=code)


def _comment_id(value: Any) -> int | None:
    text = to_ascii_digits(str(value or "")).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _bound_form(values: dict[str, Any], errors: dict[str, list[str]]) -> CommentForm:
    """The form with ``values``; bound, with ``errors`` on their fields, after a refusal."""
    if not errors:
        form = CommentForm(initial=values)
        form.fields["author_name"].widget.attrs["autofocus"] = True
        return form
    form = CommentForm(values)
    form.is_valid()
    shown = {"body", "author_name", "captcha_answer"}
    for name, messages in errors.items():
        form.add_error(name if name in shown else None, messages)
    return form


def _form_context(
    story: Story,
    *,
    data: dict[str, Any],
    errors: dict[str, list[str]],
    notice: str = "",
) -> dict[str, Any]:
    """What the form shows: a fresh question, the visitor's text kept, the comment replied to
    when it is one the public can see on this story, and what went wrong."""
    closed = services.comments_closed(story)
    parent_id = _comment_id(data.get("parent"))
    parent = selectors.approved_comment(story, parent_id) if parent_id is not None else None
    context: dict[str, Any] = {
        "story": story,
        "story_path": reverse("portal:story", args=[story.code]),
        "closed": closed,
        "notice": notice,
        "reply_to": parent,
    }
    if not closed:
        question = captcha_issue()
        values = {
            "body": data.get("body", ""),
            "author_name": data.get("author_name", ""),
            "parent": parent.pk if parent is not None else "",
            "captcha_token": question.token,
        }
        context |= {"form": _bound_form(values, errors), "question": question}
    return context


@never_cache
@require_GET
def comment_form(request: HttpRequest, code: int) -> HttpResponse:
    """The form with a new captcha question: the "form" partial for htmx, else a page."""
    story = _public_story(code)
    flash: dict[str, Any] = {}
    if request.session.session_key:
        flash = request.session.pop(FLASH_KEY % code, None) or {}
    data = dict(flash.get("data") or {})
    data.setdefault("parent", request.GET.get("parent", ""))
    context = _form_context(
        story, data=data, errors=flash.get("errors") or {}, notice=flash.get("notice", "")
    )
    return render_page(request, FORM_TEMPLATE, context, fragment="form")


def _refused(
    request: HttpRequest,
    story: Story,
    *,
    notice: str,
    form: CommentForm | None = None,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    data: dict[str, Any] = {}
    if form is not None:
        data = {name: form.cleaned_data.get(name, "") for name in ("body", "author_name", "parent")}
    if wants_fragment(request):
        context = _form_context(story, data=data, errors=errors or {}, notice=notice)
        return _no_store(render(request, f"{FORM_TEMPLATE}#form", context))
    request.session[FLASH_KEY % story.code] = {
        "notice": notice,
        "error": True,
        "data": data,
        "errors": errors or {},
    }
    url = reverse("comments_public:form", args=[story.code])
    return HttpResponseRedirect(f"{url}#comment-form")


def _no_store(response: HttpResponse) -> HttpResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def comment_post(request: HttpRequest, code: int) -> HttpResponse:
    story = _public_story(code)
    form = CommentForm(request.POST)
    form.is_valid()  # every field is optional: this only reads the input
    try:
        services.comment_submit(
            story=story,
            submission=form.submission(),
            network_hash=request_network_hash(request),
        )
    except services.RateLimited as limited:
        return _refused(request, story, notice=limited.message, form=form)
    except PermissionDenied as refused:
        return _refused(request, story, notice=str(refused))
    except ValidationError as invalid:
        errors = (
            {name: ValidationError(items).messages for name, items in invalid.error_dict.items()}
            if hasattr(invalid, "error_dict")
            else {"__all__": invalid.messages}
        )
        notice = _("نظر ثبت نشد؛ موارد نشان‌داده‌شده را درست کنید.")
        return _refused(request, story, notice=notice, form=form, errors=errors)
    notice = _("نظر شما ثبت شد و پس از بررسی منتشر می‌شود. سپاس از همراهی شما.")
    if wants_fragment(request):
        context = {"story": story, "notice": notice}
        return _no_store(render(request, f"{FORM_TEMPLATE}#sent", context))
    request.session[FLASH_KEY % story.code] = {"notice": notice, "error": False}
    url = reverse("portal:story", args=[story.code])
    return HttpResponseRedirect(f"{url}#comments")


# --- Desk: the moderation queue ------------------------------------------------------------


def _queue_url(query: str) -> str:
    url = reverse("comments:queue")
    return f"{url}?{query}" if query else url


def _return_query(request: HttpRequest) -> str:
    """The queue's filters to go back to (status, story, page), as a query string."""
    status = request.POST.get("return_status", "")
    # An empty status is the "all" tab, not the default (pending): it stays in the address.
    kept = {"status": status if status in Comment.Status.values else ""}
    for name in ("story", "page"):
        value = to_ascii_digits(request.POST.get(f"return_{name}", "")).strip()
        if value.isascii() and value.isdigit() and len(value) <= 18:
            kept[name] = value
    return urlencode(kept)


@login_required
def queue(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = QueueFilterForm(request.GET or {"status": Comment.Status.PENDING})
    story = None
    pagination = None
    if form.is_valid():
        story_id = form.cleaned_data["story"]
        if story_id is not None:
            story = access_story_comments(request.user, story_id)
        comments = selectors.moderation_queue(
            request.user, status=form.cleaned_data["status"], story_id=story_id
        )
        pagination = paginate(request, comments, COMMENTS_PER_PAGE)
    context = {
        "form": form,
        "pagination": pagination,
        "story": story,
        "story_closed": story is not None and services.comments_closed(story),
        "may_close": story is not None and can_close(access, request.user, story),
        "is_moderator": bool(moderated_unit_ids(access)),
        "transitions": list(TRANSITIONS.values()),
        "approved": Comment.Status.APPROVED,
        "reply_form": ReplyForm(),
    }
    return render_page(request, "comments/queue.html", context, fragment="rows")


@login_required
@require_POST
def comment_action(request: DeskRequest, comment_id: int, transition: str) -> HttpResponse:
    move = TRANSITIONS.get(transition)
    if move is None:
        raise Http404
    comment = access_comment(request.user, comment_id)
    try:
        services.comment_transition(actor=request.user, comment=comment, name=move.name)
    except ValidationError as error:
        return _queue_done(request, " ".join(error.messages), error=True)
    notice = _("نظر %(name)s %(done)s.") % {"name": comment.author_name, "done": move.done}
    return _queue_done(request, notice)


@login_required
@require_POST
def bulk(request: DeskRequest) -> HttpResponse:
    access_staff(request.user)
    posted = [
        int(value)
        for value in (to_ascii_digits(v).strip() for v in request.POST.getlist("ids"))
        if value.isascii() and value.isdigit() and len(value) <= 18
    ]
    # Only comments the person moderates are choices: another unit's do not exist here.
    scope = list(moderated_comments(request.user).filter(pk__in=posted))
    form = BulkForm(request.POST, ids=[comment.pk for comment in scope])
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _queue_done(request, message, error=True)
    chosen = set(form.cleaned_data["ids"])
    name = form.cleaned_data["action"]
    comments = [comment for comment in scope if comment.pk in chosen]
    try:
        moved = services.comments_transition(actor=request.user, comments=comments, name=name)
    except ValidationError as error:
        return _queue_done(request, " ".join(error.messages), error=True)
    notice = _("%(count)s نظر %(done)s.") % {
        "count": fa_digits(moved),
        "done": TRANSITIONS[name].done,
    }
    if moved < len(comments):
        notice += " " + _("%(count)s نظر از پیش در این وضعیت بود.") % {
            "count": fa_digits(len(comments) - moved)
        }
    return _queue_done(request, notice)


@login_required
@require_POST
def reply(request: DeskRequest, comment_id: int) -> HttpResponse:
    parent = access_comment(request.user, comment_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _queue_done(request, _("متن پاسخ را بنویسید."), error=True)
    try:
        services.comment_reply_official(
            actor=request.user, parent=parent, body=form.cleaned_data["body"]
        )
    except ValidationError as error:
        return _queue_done(request, " ".join(error.messages), error=True)
    return _queue_done(request, _("پاسخ رسمی شما منتشر شد."))


@login_required
@require_POST
def story_switch(request: DeskRequest, story_id: int) -> HttpResponse:
    story = access_story_comments(request.user, story_id)
    closed = request.POST.get("closed") == "1"
    services.story_comments_set_closed(actor=request.user, story=story, closed=closed)
    notice = _("نظرگذاری برای این خبر بسته شد.") if closed else _("نظرگذاری برای این خبر باز شد.")
    return done(request, notice, _queue_url(urlencode({"story": story.pk, "status": ""})))


def _queue_done(request: HttpRequest, notice: str, *, error: bool = False) -> HttpResponse:
    return done(request, notice, _queue_url(_return_query(request)), error=error)
