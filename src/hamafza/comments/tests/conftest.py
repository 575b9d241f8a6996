"""Stories to comment on, comments in every status, and answering the captcha as a visitor.

The minimum time between question and answer is 0 here unless a test sets it: most tests
answer at once, as a robot would. Rate-limit counters live in the cache, emptied per test.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache

from hamafza.comments.captcha import _SIGNER_SALT, Question, captcha_issue
from hamafza.comments.models import CaptchaChallenge, Comment, StoryCommentSettings
from hamafza.common.models import AuditEntry
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

S = Story.Status


@pytest.fixture(autouse=True)
def _comment_settings(settings: Any) -> Iterator[None]:
    settings.COMMENTS_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@dataclass
class Stories:
    tehran: Story
    shemiranat: Story
    isfahan: Story
    tehran_draft: Story
    tehran_unpublished: Story


@pytest.fixture
def stories(net: Any) -> Stories:
    def story(unit: Any, author: Any, status: str, headline: str) -> Story:
        return StoryFactory.create(unit=unit, created_by=author, status=status, headline=headline)

    return Stories(
        tehran=story(net.tehran, net.tehran_reporter, S.PUBLISHED, "جشنواره توانمندی تهران"),
        shemiranat=story(
            net.shemiranat, net.shemiranat_reporter, S.CORRECTED, "کوهپیمایی شمیرانات"
        ),
        isfahan=story(net.isfahan, net.isfahan_editor, S.PUBLISHED, "نمایشگاه اصفهان"),
        tehran_draft=story(net.tehran, net.tehran_reporter, S.DRAFT, "پیش‌نویس تهران"),
        tehran_unpublished=story(
            net.tehran, net.tehran_reporter, S.UNPUBLISHED, "برداشته‌شده تهران"
        ),
    )


def answer_of(token: str) -> int:
    """What a person reading the question would answer."""
    key = signing.Signer(salt=_SIGNER_SALT).unsign(token)
    return CaptchaChallenge.objects.get(key=key).answer


def solved() -> tuple[Question, str]:
    """A fresh question and its right answer (ASCII digits)."""
    question = captcha_issue()
    return question, str(answer_of(question.token))


def make_comment(story: Story, status: str = Comment.Status.APPROVED, **fields: Any) -> Comment:
    """A comment straight in the database, as the services would have left it."""
    values: dict[str, Any] = {
        "body": "نظر آزمایشی",
        "author_name": "مریم",
        "network_hash": "a" * 64,
    }
    values.update(fields)
    return Comment.objects.create(story=story, status=status, **values)


def comments_state() -> dict[str, Any]:
    """Everything the comment services write, in comparable form."""
    return {
        "comments": list(Comment.objects.order_by("pk").values()),
        "settings": list(StoryCommentSettings.objects.order_by("pk").values()),
        "audit": AuditEntry.objects.count(),
    }
