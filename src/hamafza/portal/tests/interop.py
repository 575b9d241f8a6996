"""Stories for the interop tests (feeds, sitemaps, meta tags, ninjs, the public news API).

Five public stories across the tree, and one story in every status that is not public. The
hidden ones are built to be found if anything forgot to scope: each carries the same unit,
subject, tag, kind, language and recent dates as the public ones, has a news code (as if it
had once been published), a photo, and the word «محرمانه» in its headline, which no public
story has. ``assert_nothing_hidden`` checks a response for any trace of them.

    lead        Tehran, published an hour ago: kicker, lead, two photos (the first a real
                JPEG file), subjects capability and event, tags «کارگاه» and «سفال», a report
    corrected   Shemiranat (below Tehran), first published a day ago, corrected, with a note
    english     HQ PR office, in English, five days ago
    arabic      Isfahan, in Arabic, ten days ago
    kashan      Kashan (below Isfahan), thirty days ago, an interview
"""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from hamafza.newsroom.models import ChangeNote, Story, StoryPhoto
from hamafza.newsroom.tests.factories import StoryFactory, next_news_code

S = Story.Status
SECRET = "محرمانه"
HIDDEN_STATUSES = [
    S.DRAFT,
    S.SUBMITTED,
    S.RETURNED,
    S.APPROVED,
    S.SCHEDULED,
    S.UNPUBLISHED,
    S.ARCHIVED,
    S.SPIKED,
]


@dataclass
class Newsroom:
    lead: Story
    corrected: Story
    english: Story
    arabic: Story
    kashan: Story
    hidden: list[Story]

    @property
    def public(self) -> list[Story]:
        """Newest publication first."""
        return [self.lead, self.corrected, self.english, self.arabic, self.kashan]


def jpeg(width: int = 120, height: int = 80) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def add_photo(story: Story, name: str, *, position: int = 0, **fields: Any) -> StoryPhoto:
    """A photo of ``story`` whose file is not on disk (``fields`` set its sizes, captions…)."""
    values: dict[str, Any] = {"alt_text": f"عکس {name}", "width": 800, "height": 600}
    values.update(fields)
    return StoryPhoto.objects.create(
        story=story, image=f"stories/{story.pk}/{name}.jpg", position=position, **values
    )


def add_real_photo(story: Story, name: str, *, position: int = 0, **fields: Any) -> StoryPhoto:
    """A photo of ``story`` with a real JPEG file in MEDIA_ROOT (its size and dimensions are
    the file's)."""
    photo = StoryPhoto(story=story, position=position, alt_text=f"عکس {name}", **fields)
    photo.image.save(f"{name}.jpg", ContentFile(jpeg(120, 80)), save=False)
    # As the upload service records them (the field's own reading of them gives None here).
    photo.width, photo.height = 120, 80
    photo.save()
    return photo


def _story(unit: Any, author: Any, status: str, when: datetime | None, **extra: Any) -> Story:
    fields: dict[str, Any] = {"unit": unit, "created_by": author, "status": status, **extra}
    if when is not None:
        fields |= {"published_at": when, "first_published_at": when, "updated_at": when}
    return StoryFactory.create(**fields)


def build_newsroom(net: Any) -> Newsroom:
    now = timezone.now()
    lead = _story(
        net.tehran,
        net.tehran_reporter,
        S.PUBLISHED,
        now - timedelta(hours=1),
        kicker="بهزیستی استان تهران",
        headline="افتتاح کارگاه سفالگری توانخواهان در تهران",
        lead="نخستین کارگاه سفالگری ویژه توانخواهان در تهران آغاز به کار کرد.",
        body="<p>این کارگاه <strong>ظرفیت</strong> پذیرش ۵۰ نفر را دارد.</p><p>بند دوم.</p>",
        kind=Story.Kind.REPORT,
        subjects=["capability", "event"],
        tags=["کارگاه", "سفال"],
    )
    add_real_photo(lead, "lead", caption="کارگاه سفالگری", credit="روابط عمومی استان تهران")
    add_photo(
        lead,
        "second",
        position=1,
        medium=f"stories/{lead.pk}/second-medium.jpg",
        thumb=f"stories/{lead.pk}/second-thumb.jpg",
        caption="نمایشگاه آثار",
    )
    corrected = _story(
        net.shemiranat,
        net.shemiranat_reporter,
        S.CORRECTED,
        now - timedelta(days=1),
        headline="جشنواره کوهنوردی شمیرانات",
        subjects=["event"],
        tags=["کارگاه"],
    )
    ChangeNote.objects.create(story=corrected, note="تاریخ جشنواره اصلاح شد.")
    Story.objects.filter(pk=corrected.pk).update(updated_at=now - timedelta(hours=2), version=3)
    corrected.refresh_from_db()
    english = _story(
        net.hq_pr,
        net.hq_editor,
        S.PUBLISHED,
        now - timedelta(days=5),
        headline="Science diplomacy week opens in Tehran",
        lead="Partners from five countries share rehabilitation research.",
        language=Story.Language.EN,
    )
    arabic = _story(
        net.isfahan,
        net.isfahan_editor,
        S.PUBLISHED,
        now - timedelta(days=10),
        headline="افتتاح مرکز جدید للتأهيل في أصفهان",
        language=Story.Language.AR,
        subjects=["achievement"],
    )
    kashan = _story(
        net.kashan,
        net.isfahan_editor,
        S.PUBLISHED,
        now - timedelta(days=30),
        headline="گفت‌وگو با مدیر بهزیستی کاشان",
        kind=Story.Kind.INTERVIEW,
    )
    hidden = []
    units = [net.tehran, net.shemiranat, net.isfahan, net.hq_pr]
    for n, status in enumerate(HIDDEN_STATUSES):
        story = _story(
            units[n % len(units)],
            net.tehran_editor,
            status,
            # Unpublished and archived stories were public once: their dates are recent.
            now - timedelta(minutes=30) if status in {S.UNPUBLISHED, S.ARCHIVED} else None,
            headline=f"{SECRET} {status}",
            lead=f"لید {SECRET}",
            kind=Story.Kind.REPORT,
            subjects=["capability", "event"],
            tags=["کارگاه", "سفال"],
        )
        if story.code is None:
            # A code, as if once published, so only the status keeps it hidden.
            Story.objects.filter(pk=story.pk).update(
                code=next_news_code(), published_at=now - timedelta(minutes=20)
            )
            story.refresh_from_db()
        add_photo(story, f"hidden-{status}")
        hidden.append(story)
    return Newsroom(
        lead=lead,
        corrected=corrected,
        english=english,
        arabic=arabic,
        kashan=kashan,
        hidden=hidden,
    )


def assert_nothing_hidden(text: str, newsroom: Newsroom) -> None:
    """No headline, address or photo of a hidden story appears in ``text``."""
    assert SECRET not in text
    for story in newsroom.hidden:
        assert f"/news/{story.code}/" not in text, story.status
        assert f"hidden-{story.status}" not in text, story.status
