"""`/news/<code>/`: a published story for everyone; anything else is 404."""

from typing import Any

import pytest
from django.urls import reverse

from hamafza.newsroom.models import ChangeNote, Story, StoryPhoto
from hamafza.newsroom.tests.factories import StoryFactory, next_news_code
from hamafza.portal.tests.conftest import published_on

S = Story.Status


@pytest.fixture
def story(net: Any) -> Story:
    return StoryFactory.create(
        unit=net.shemiranat,
        created_by=net.shemiranat_reporter,
        status=S.PUBLISHED,
        kicker="بهزیستی شمیرانات",
        headline="افتتاح مرکز توانبخشی در تجریش",
        lead="نخستین مرکز روزانه توانبخشی شمال تهران آغاز به کار کرد.",
        body="<p>این مرکز <strong>ظرفیت</strong> پذیرش ۵۰ نفر را دارد.</p>",
        published_at=published_on(2026, 11, 27, 10),
    )


def test_a_published_story_with_its_code_date_and_unit(client, story):
    response = client.get(f"/news/{story.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "بهزیستی شمیرانات" in html
    assert "افتتاح مرکز توانبخشی در تجریش" in html
    assert "نخستین مرکز روزانه توانبخشی" in html
    # The body is sanitized HTML, shown as it is.
    assert "<strong>ظرفیت</strong>" in html
    assert "شهرستان شمیرانات" in html
    assert "۶ آذر ۱۴۰۵، ۱۰:۰۰" in html
    assert str(story.code).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in html
    assert f'<link rel="canonical" href="http://testserver/news/{story.code}/">' in html
    assert html.count('rel="canonical"') == 1
    assert '<html lang="fa" dir="rtl">' in html


def test_a_slug_may_follow_the_code(client, story):
    assert client.get(f"/news/{story.code}/tajrish-rehab-center/").status_code == 200
    assert client.get(f"/news/{story.code}/افتتاح-مرکز/").status_code == 200
    assert reverse("portal:story", args=[story.code]) == f"/news/{story.code}/"


def test_photos_with_captions(client, story):
    StoryPhoto.objects.create(
        story=story,
        image=f"stories/{story.pk}/a.jpg",
        medium=f"stories/{story.pk}/a-medium.jpg",
        alt_text="کودکان در کلاس",
        caption="کلاس گفتاردرمانی",
        credit="روابط عمومی",
        width=1200,
        height=800,
    )
    StoryPhoto.objects.create(
        story=story,
        image=f"stories/{story.pk}/b.jpg",
        alt_text="نمای ساختمان",
        position=1,
        width=800,
        height=600,
    )
    html = client.get(f"/news/{story.code}/").content.decode()
    assert f'src="/media/stories/{story.pk}/a-medium.jpg" alt="کودکان در کلاس"' in html
    assert "کلاس گفتاردرمانی" in html
    assert "(روابط عمومی)" in html
    assert f'src="/media/stories/{story.pk}/b.jpg" alt="نمای ساختمان"' in html
    assert 'loading="lazy"' in html


def test_a_corrected_story_shows_its_correction(client, net, story):
    Story.objects.filter(pk=story.pk).update(status=S.CORRECTED)
    ChangeNote.objects.create(story=story, note="نام مرکز اصلاح شد.")
    response = client.get(f"/news/{story.code}/")
    assert response.status_code == 200
    assert "نام مرکز اصلاح شد." in response.content.decode()


# Unpublished and archived stories were public once: they are 410 (test_pages_story.py).
@pytest.mark.parametrize(
    "status",
    [
        S.DRAFT,
        S.SUBMITTED,
        S.RETURNED,
        S.APPROVED,
        S.SCHEDULED,
        S.SPIKED,
    ],
)
def test_a_story_that_is_not_public_is_404(client, net, status):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    if story.code is None:
        # Give it a code as if it had once been published, so only the status decides.
        Story.objects.filter(pk=story.pk).update(code=next_news_code())
        story.refresh_from_db()
    assert client.get(f"/news/{story.code}/").status_code == 404
    # Not for its own unit's staff either: the desk has its own pages for that.
    client.force_login(net.tehran_editor)
    assert client.get(f"/news/{story.code}/").status_code == 404


@pytest.mark.parametrize("path", ["/news/1/", "/news/0/", "/news/99999999999999999999999999/"])
def test_unknown_codes_are_404(client, story, path):
    assert client.get(path).status_code == 404


def test_a_republished_story_names_its_source(client, net, story):
    copy = StoryFactory.create(
        unit=net.isfahan, created_by=net.isfahan_editor, status=S.PUBLISHED, origin=story
    )
    html = client.get(f"/news/{copy.code}/").content.decode()
    assert "منبع: شهرستان شمیرانات" in html


def test_an_english_story_reads_left_to_right(client, net):
    story = StoryFactory.create(
        unit=net.hq_pr,
        created_by=net.hq_editor,
        status=S.PUBLISHED,
        language=Story.Language.EN,
        headline="Science diplomacy week",
    )
    html = client.get(f"/news/{story.code}/").content.decode()
    assert '<article class="public-article" dir="ltr" lang="en">' in html
