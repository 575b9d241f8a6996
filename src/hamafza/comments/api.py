"""The comments' JSON API.

``public_router`` (mounted under ``/public``, no authentication): the captcha question, a
published story's approved comments as a thread, and posting a comment. The same services as
the story page's form, so the same rules: a refusal is a structured error with a Persian
``detail`` (400 with ``fields`` for bad input or a wrong captcha answer, 403 when comments are
closed, 404 for a story that is not published, 429 when a visitor or a story is over its rate
limit) and changes nothing, except that an answered captcha stays spent.

``staff_router`` (mounted under ``/comments``, token or session): the moderation queue and the
moderation moves, scoped like the desk's (``comments.permissions``): a comment outside the
caller's units is 404.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from hamafza.comments import conf, selectors, services
from hamafza.comments.captcha import captcha_issue
from hamafza.comments.models import BODY_MAX, NAME_MAX, Comment
from hamafza.comments.permissions import access_comment, access_story_comments
from hamafza.comments.visitors import RateLimit, request_network_hash
from hamafza.comments.workflow import TRANSITIONS
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.api._common import (
    ErrorOut,
    InvalidOut,
    PageFilters,
    caller,
    errors,
    page_slice,
    service_errors,
)

public_router = Router(tags=["public"])
staff_router = Router(tags=["comments"])


# --- Schemas -------------------------------------------------------------------------------


class CaptchaOut(Schema):
    token: str = Field(description="Send back as `captcha_token`; good for one answer")
    question: str = Field(description="The question with Persian digits: «۲ به‌علاوه ۰ چند می‌شود؟»")
    question_spoken: str = Field(description="The same question in words, for screen readers")
    expires_at: datetime


class PublicCommentOut(Schema):
    id: int
    parent: int | None = Field(description="The comment this one answers; null on the story")
    author_name: str = Field(description="Plain text, as typed: escape it when showing it")
    body: str = Field(description="Plain text, as typed (line breaks kept): escape it")
    created_at: datetime
    is_official: bool = Field(description="An official reply by the organization's staff")
    in_reply_to: str | None = Field(
        description="Set on a reply shown at the third level though it answers a deeper one: "
        "the name of whom it answers («در پاسخ به …»)"
    )
    replies: list["PublicCommentOut"] = Field(
        description="Replies, oldest first; the third level holds every deeper reply too"
    )


PublicCommentOut.model_rebuild()


class ThreadOut(Schema):
    count: int = Field(description="Approved comments shown, at every level")
    closed: bool = Field(description="True when the story takes no new comments")
    items: list[PublicCommentOut] = Field(description="Comments on the story, oldest first")


class CommentIn(Schema):
    body: str = Field(max_length=BODY_MAX * 2, description="Plain text; markup stays text")
    author_name: str = Field(max_length=NAME_MAX * 2)
    parent: int | None = Field(default=None, description="The approved comment answered")
    captcha_token: str = Field(max_length=500)
    captcha_answer: str | int = Field(description="Persian, Arabic-Indic or ASCII digits")
    website: str = Field(
        default="", max_length=500, description="Leave empty: a field only robots fill in"
    )


class CommentCreatedOut(Schema):
    id: int
    status: Literal["pending"] = Field(
        description="Always pending: comments are shown after moderation"
    )


class CommentErrorOut(ErrorOut):
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Persian messages per input field"
    )


class CommentStoryOut(Schema):
    id: int
    code: int | None
    headline: str
    unit: str

    @staticmethod
    def resolve_unit(obj: Story) -> str:
        return obj.unit.slug


class StaffCommentOut(Schema):
    id: int
    story: CommentStoryOut
    parent: int | None
    author_name: str
    body: str
    status: str
    flag: str = Field(description="Why the system marked it spam on arrival, if it did")
    is_official: bool
    created_at: datetime
    moderated_at: datetime | None

    @staticmethod
    def resolve_parent(obj: Comment) -> int | None:
        return obj.parent_id


class StaffCommentPage(Schema):
    items: list[StaffCommentOut]
    count: int
    pending_count: int = Field(description="Pending comments in all the caller moderates")
    page: int
    page_size: int


class QueueFilters(PageFilters):
    status: Literal["pending", "approved", "rejected", "spam"] | None = None
    story: int | None = Field(default=None, description="A story's id")


class ReplyIn(Schema):
    body: str = Field(max_length=BODY_MAX * 2)


# --- Public --------------------------------------------------------------------------------


def _public_story(code: int) -> Story:
    return get_object_or_404(Story.objects.filter(status__in=PUBLIC_STATUSES), code=code)


def _thread_item(item: selectors.ThreadItem) -> dict[str, Any]:
    comment = item.comment
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author_name": comment.author_name,
        "body": comment.body,
        "created_at": comment.created_at,
        "is_official": comment.is_official,
        "in_reply_to": item.reply_to or None,
        "replies": [_thread_item(reply) for reply in item.replies],
    }


@public_router.get(
    "/captcha",
    auth=None,
    response={200: CaptchaOut, 429: ErrorOut},
    summary="A captcha question for posting a comment (one answer, within ten minutes)",
)
def public_captcha(request: HttpRequest) -> Any:
    limit, window = conf.captcha_rate()
    issued = RateLimit("captcha", limit, window)
    visitor = request_network_hash(request)
    if issued.exceeded(visitor):
        raise HttpError(429, _("پرسش‌های امنیتی زیادی خواسته‌اید؛ چند دقیقه بعد دوباره تلاش کنید."))
    issued.hit(visitor)
    question = captcha_issue()
    return {
        "token": question.token,
        "question": question.text,
        "question_spoken": question.spoken,
        "expires_at": question.expires_at,
    }


@public_router.get(
    "/news/{code}/comments",
    auth=None,
    response={200: ThreadOut, 404: ErrorOut},
    summary="A published story's approved comments, threaded (no authentication)",
)
def public_comments(request: HttpRequest, code: int) -> dict[str, Any]:
    story = _public_story(code)
    thread = selectors.story_thread(story)
    return {
        "count": thread.count,
        "closed": services.comments_closed(story),
        "items": [_thread_item(item) for item in thread.items],
    }


def _field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: ValidationError(items).messages for name, items in error.error_dict.items()}
    return {"__all__": error.messages}


@public_router.post(
    "/news/{code}/comments",
    auth=None,
    response={
        201: CommentCreatedOut,
        400: CommentErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: InvalidOut,
        429: ErrorOut,
    },
    summary="Post a comment or a reply for moderation (no authentication; captcha)",
)
def public_comment_post(request: HttpRequest, code: int, payload: CommentIn) -> Any:
    story = _public_story(code)
    submission = services.Submission(
        body=payload.body,
        author_name=payload.author_name,
        parent_id=payload.parent,
        captcha_token=payload.captcha_token,
        captcha_answer=str(payload.captcha_answer),
        honeypot=payload.website,
    )
    try:
        comment = services.comment_submit(
            story=story, submission=submission, network_hash=request_network_hash(request)
        )
    except services.RateLimited as limited:
        raise HttpError(429, limited.message) from None
    except ValidationError as error:
        fields = _field_errors(error)
        code_name = "captcha" if "captcha_answer" in fields else "invalid"
        detail = " ".join(message for messages in fields.values() for message in messages)
        return Status(400, {"detail": detail, "code": code_name, "fields": fields})
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused), "code": "closed"})
    # A comment the honeypot or the clock caught is answered like any other.
    return Status(201, {"id": comment.pk, "status": Comment.Status.PENDING})


# --- Staff ---------------------------------------------------------------------------------


@staff_router.get(
    "",
    response={200: StaffCommentPage, **errors(422)},
    summary="The moderation queue: comments on the stories of the caller's units",
)
@service_errors
def comment_queue(request: HttpRequest, filters: Query[QueueFilters]) -> dict[str, Any]:
    user = caller(request)
    comments = selectors.moderation_queue(user, status=filters.status or "", story_id=filters.story)
    return {
        "items": list(comments[page_slice(filters.page, filters.page_size)]),
        "count": comments.count(),
        "pending_count": selectors.pending_count(user),
        "page": filters.page,
        "page_size": filters.page_size,
    }


def _transition_view(name: str) -> Callable[..., Any]:
    @service_errors
    def view(request: HttpRequest, comment_id: int) -> Comment:
        user = caller(request)
        comment = access_comment(user, comment_id)
        services.comment_transition(actor=user, comment=comment, name=name)
        return access_comment(user, comment_id)

    view.__name__ = view.__qualname__ = f"comment_{name}"
    return view


for _name, _transition in TRANSITIONS.items():
    _sources = ", ".join(sorted(_transition.sources))
    staff_router.post(
        f"/{{comment_id}}/{_name}",
        response={200: StaffCommentOut, **errors(400, 404)},
        summary=f"Moderation: {_sources} → {_transition.target}",
        description=str(_transition.label),
    )(_transition_view(_name))


@staff_router.post(
    "/{comment_id}/reply",
    response={201: StaffCommentOut, **errors(400, 404, 422)},
    summary="An official reply to an approved comment, published at once",
)
@service_errors
def comment_reply(request: HttpRequest, comment_id: int, payload: ReplyIn) -> Any:
    user = caller(request)
    parent = access_comment(user, comment_id)
    reply = services.comment_reply_official(actor=user, parent=parent, body=payload.body)
    return Status(201, access_comment(user, reply.pk))


def _switch_view(closed: bool) -> Callable[..., Any]:
    @service_errors
    def view(request: HttpRequest, story_id: int) -> dict[str, Any]:
        user = caller(request)
        story = access_story_comments(user, story_id)
        services.story_comments_set_closed(actor=user, story=story, closed=closed)
        return {"story": story.pk, "closed": closed}

    view.__name__ = view.__qualname__ = "story_comments_close" if closed else "story_comments_open"
    return view


class SwitchOut(Schema):
    story: int
    closed: bool


staff_router.post(
    "/stories/{story_id}/close",
    response={200: SwitchOut, **errors(404)},
    summary="Close a story to new comments from the public",
)(_switch_view(True))
staff_router.post(
    "/stories/{story_id}/open",
    response={200: SwitchOut, **errors(404)},
    summary="Open a story to comments again",
)(_switch_view(False))
