"""Stories the search view and API tests both look for."""

from typing import Any

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.portal.tests.conftest import published_on

S = Story.Status
SECRET = "کهکشان"  # a word only the Tehran draft has


def search_stories(net: Any) -> dict[str, Story]:
    """One story per unit and state; only the Tehran draft has ``SECRET``."""
    made = {
        "tehran_draft": StoryFactory.create(
            unit=net.tehran,
            created_by=net.tehran_reporter,
            headline=f"پیش‌نویس {SECRET} در تهران",
            kind=Story.Kind.INTERVIEW,
            subjects=["need"],
        ),
        "shemiranat_submitted": StoryFactory.create(
            unit=net.shemiranat,
            created_by=net.shemiranat_reporter,
            status=S.SUBMITTED,
            headline="ارسالی شمیرانات درباره اردوی تابستانی",
        ),
        "isfahan_draft": StoryFactory.create(
            unit=net.isfahan, created_by=net.isfahan_editor, headline="پیش‌نویس اردوی اصفهان"
        ),
        "isfahan_published": StoryFactory.create(
            unit=net.isfahan,
            created_by=net.isfahan_editor,
            status=S.PUBLISHED,
            headline="اردوی تابستانی کودکان اصفهان",
            lead="گزارش اردو",
            published_at=published_on(2026, 10, 1),  # 1405/07/09
        ),
    }
    return made
