"""Published and unpublished stories of several units (the factory puts each in the search
index). Each headline carries a word found nowhere else, so a test can tell exactly which
stories a search finds; they were published on fixed days (Tehran time) for the date filters.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

S = Story.Status
TEHRAN = ZoneInfo("Asia/Tehran")


def published_on(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=TEHRAN)


@pytest.fixture
def shelf(net: Any) -> dict[str, Story]:
    """Stories under distinct words; all share the word «توانبخشی» (in the factory's lead)."""

    def story(unit: Any, author: Any, status: str, headline: str, **extra: Any) -> Story:
        return StoryFactory.create(
            unit=unit, created_by=author, status=status, headline=headline, **extra
        )

    stories = {
        "tehran": story(
            net.tehran,
            net.tehran_reporter,
            S.PUBLISHED,
            "افتتاح کارگاه سفالگری در تهران",
            published_at=published_on(2026, 11, 27),  # 1405/09/06
            kind=Story.Kind.REPORT,
            subjects=["capability"],
            domains=["extra_agency"],
        ),
        "shemiranat": story(
            net.shemiranat,
            net.shemiranat_reporter,
            S.CORRECTED,
            "جشنواره کوهنوردی شمیرانات",
            published_at=published_on(2026, 11, 20),  # 1405/08/29
        ),
        "isfahan": story(
            net.isfahan,
            net.isfahan_editor,
            S.PUBLISHED,
            "نمایشگاه قالیبافی اصفهان",
            published_at=published_on(2026, 10, 1),  # 1405/07/09
            subjects=["event"],
        ),
        "tehran_draft": story(net.tehran, net.tehran_reporter, S.DRAFT, "پیش‌نویس زعفرانیه"),
        "tehran_submitted": story(net.tehran, net.tehran_reporter, S.SUBMITTED, "ارسالی گلابدره"),
        "isfahan_unpublished": story(
            net.isfahan, net.isfahan_editor, S.UNPUBLISHED, "برداشته‌شده نقش‌جهان"
        ),
    }
    return stories
