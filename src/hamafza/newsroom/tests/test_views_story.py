"""A story's page on the desk, its editorial notes (htmx) and its public preview."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hamafza.newsroom.models import ChangeNote, EditorialNote, Story
from hamafza.newsroom.services import editorial_note_add, story_transition
from hamafza.newsroom.tests.factories import EditorialNoteFactory, StoryFactory, unchanged

S = Story.Status
F = Story.Feature
HTMX = {"HX-Request": "true"}


def page(client, story, name="newsroom:story"):
    return client.get(reverse(name, args=[story.pk]))


@pytest.fixture
def submitted(net):
    return StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=S.SUBMITTED,
        kicker="بهزیستی استان تهران",
        headline="افتتاح مرکز توانبخشی در تهران",
        lead="مرکز تازه به ۳۰۰ نفر خدمت می‌دهد.",
        body='<p>بند نخست.</p><p dir="ltr">An English quotation.</p>',
        subjects=["capability"],
        domains=["extra_agency"],
        tags=["توانبخشی"],
    )


# --- The page ------------------------------------------------------------------------------


def test_the_story_page_shows_content_and_facts(client, net, submitted):
    submitted.created_at = datetime(2026, 11, 27, 10, 30, tzinfo=ZoneInfo("Asia/Tehran"))
    submitted.save(update_fields=["created_at"])
    client.force_login(net.tehran_editor)
    response = page(client, submitted)
    html = response.content.decode()
    assert response.status_code == 200
    assert "افتتاح مرکز توانبخشی در تهران" in html
    assert "بهزیستی استان تهران" in html
    assert '<p dir="ltr">An English quotation.</p>' in html  # the sanitized body, as HTML
    assert "در انتظار بررسی" in html
    assert "استان تهران" in html
    assert net.tehran_reporter.display_name in html
    assert "۶ آذر ۱۴۰۵، ۱۰:۳۰" in html  # Jalali, Tehran time, Persian digits
    assert "توانمندی جامعه هدف" in html
    assert "برون‌دستگاهی" in html


def test_the_editor_is_offered_the_moves_the_table_allows(client, net, submitted):
    client.force_login(net.tehran_editor)
    response = page(client, submitted)
    names = [action.name for action in response.context["actions"]]
    assert names == ["return", "approve", "spike"]
    html = response.content.decode()
    assert reverse("newsroom:story_transition", args=[submitted.pk, "approve"]) in html
    # "return" needs a reason: its form has the textarea.
    assert 'name="return-note"' in html
    assert 'name="approve-note"' not in html
    assert f'name="return-version" value="{submitted.version}"' in html


def test_the_reporter_can_only_spike_their_submitted_story(client, net, submitted):
    client.force_login(net.tehran_reporter)
    response = page(client, submitted)
    assert [a.name for a in response.context["actions"]] == ["spike"]
    assert response.context["can_edit"] is False
    assert reverse("newsroom:story_edit", args=[submitted.pk]) not in response.content.decode()


def test_a_viewer_sees_the_story_and_no_buttons(client, net, submitted):
    client.force_login(net.tehran_viewer)
    response = page(client, submitted)
    assert response.status_code == 200
    assert response.context["actions"] == []
    assert "workflow-title" not in response.content.decode()


def test_schedule_has_a_jalali_date_picker_and_a_time(client, net):
    approved = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.APPROVED
    )
    client.force_login(net.tehran_editor)
    html = page(client, approved).content.decode()
    assert 'name="schedule-when_date"' in html
    assert 'list="upcoming-days"' in html
    assert '<datalist id="upcoming-days">' in html
    assert 'name="schedule-when_time"' in html
    assert 'type="time"' in html


def test_another_units_unpublished_story_is_404_never_403(client, net, submitted):
    client.force_login(net.isfahan_editor)
    for name in ("newsroom:story", "newsroom:story_preview", "newsroom:story_edit"):
        assert page(client, submitted, name).status_code == 404
    assert client.get(reverse("newsroom:story", args=[987654])).status_code == 404


def test_non_members_are_refused(client, net, submitted):
    client.force_login(net.outsider)
    assert page(client, submitted).status_code == 403


def test_a_published_story_of_another_unit_is_readable_without_the_desk_side(client, net):
    published = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED
    )
    EditorialNoteFactory.create(story=published, author=net.tehran_editor, body="گفت‌وگوی درونی")
    client.force_login(net.isfahan_editor)
    response = page(client, published)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["desk_side"] is False
    assert "گفت‌وگوی درونی" not in html
    assert reverse("newsroom:story_revisions", args=[published.pk]) not in html
    # Isfahan may adopt it.
    assert reverse("newsroom:story_republish", args=[published.pk]) in html


def test_the_news_code_is_shown_in_persian_digits(client, net):
    published = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED
    )
    client.force_login(net.tehran_reporter)
    html = page(client, published).content.decode()
    digits = str(published.code).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert digits in html


def test_history_shows_each_move_with_its_reason(client, net, submitted):
    story_transition(
        actor=net.tehran_editor,
        story=submitted,
        name="return",
        version=submitted.version,
        note="منبع آمار را بیاورید",
    )
    client.force_login(net.tehran_reporter)
    response = page(client, submitted)
    events = response.context["history"]
    assert events[-1].label == "برگرداندن به نویسنده"
    assert events[-1].status_from == "در انتظار بررسی"
    assert events[-1].status_to == "برگشت‌خورده"
    assert "منبع آمار را بیاورید" in response.content.decode()


def test_origin_attribution_and_republications(client, net):
    original = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED, headline="خبر اصلی"
    )
    isfahan_copy = StoryFactory.create(
        unit=net.isfahan, created_by=net.isfahan_editor, origin=original, headline="بومی اصفهان"
    )
    shemiranat_copy = StoryFactory.create(
        unit=net.shemiranat,
        created_by=net.shemiranat_reporter,
        origin=original,
        status=S.PUBLISHED,
        headline="بومی شمیرانات",
    )
    client.force_login(net.isfahan_editor)
    copy_page = page(client, isfahan_copy).content.decode()
    assert "بازنشر از:" in copy_page
    assert "«خبر اصلی»" in copy_page
    assert reverse("newsroom:story", args=[original.pk]) in copy_page
    # On the original, Isfahan sees its own draft copy and Shemiranat's published one...
    listed = {c.pk for c in page(client, original).context["republications"]}
    assert listed == {isfahan_copy.pk, shemiranat_copy.pk}
    # ...but Tehran does not see Isfahan's unpublished draft.
    client.force_login(net.tehran_editor)
    listed = {c.pk for c in page(client, original).context["republications"]}
    assert listed == {shemiranat_copy.pk}


def test_change_notes_are_shown(client, net):
    corrected = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.CORRECTED
    )
    ChangeNote.objects.create(
        story=corrected, note="نام مدیرکل اصلاح شد.", author=net.tehran_editor
    )
    client.force_login(net.isfahan_editor)
    html = page(client, corrected).content.decode()
    assert "اصلاحیه" in html
    assert "نام مدیرکل اصلاح شد." in html


# --- Editorial notes -----------------------------------------------------------------------


def test_a_note_added_with_htmx_returns_the_thread(client, net, submitted):
    client.force_login(net.tehran_editor)
    url = reverse("newsroom:story_note_add", args=[submitted.pk])
    response = client.post(url, {"body": "عکس بهتری بگذارید."}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="notes"')
    assert "عکس بهتری بگذارید." in html
    note = EditorialNote.objects.get(story=submitted)
    assert note.author == net.tehran_editor
    # The authors hear about it.
    assert net.tehran_reporter.notifications.filter(kind="newsroom.story.note").exists()


def test_a_note_without_htmx_redirects_to_the_story(client, net, submitted):
    client.force_login(net.tehran_reporter)
    url = reverse("newsroom:story_note_add", args=[submitted.pk])
    response = client.post(url, {"body": "اصلاح شد."})
    assert response.status_code == 302
    assert response["Location"] == reverse("newsroom:story", args=[submitted.pk])


def test_an_empty_note_is_refused_and_changes_nothing(client, net, submitted):
    client.force_login(net.tehran_editor)
    url = reverse("newsroom:story_note_add", args=[submitted.pk])
    with unchanged():
        response = client.post(url, {"body": "   "}, headers=HTMX)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    with unchanged():
        assert client.post(url, {"body": ""}).status_code == 400


def test_another_unit_may_not_join_the_conversation(client, net, submitted):
    published = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED
    )
    client.force_login(net.isfahan_editor)
    with unchanged():
        response = client.post(
            reverse("newsroom:story_note_add", args=[published.pk]), {"body": "سلام"}
        )
    assert response.status_code == 403
    with unchanged():
        response = client.post(
            reverse("newsroom:story_note_add", args=[submitted.pk]), {"body": "سلام"}
        )
    assert response.status_code == 404


def test_the_notes_are_listed_oldest_first(client, net, submitted):
    editorial_note_add(actor=net.tehran_editor, story=submitted, body="نخست")
    editorial_note_add(actor=net.tehran_reporter, story=submitted, body="دوم")
    client.force_login(net.tehran_viewer)
    notes = page(client, submitted).context["notes"]
    assert [n.body for n in notes] == ["نخست", "دوم"]


# --- Preview -------------------------------------------------------------------------------


def test_preview_is_the_public_article_in_the_storys_direction(client, net, submitted):
    client.force_login(net.tehran_reporter)
    response = page(client, submitted, "newsroom:story_preview")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<article class="public-article" dir="rtl" lang="fa">' in html
    assert "افتتاح مرکز توانبخشی در تهران" in html
    assert "این خبر هنوز منتشر نشده است." in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # read-only
    assert "desk-header" not in html


def test_an_english_story_previews_left_to_right(client, net):
    english = StoryFactory.create(
        unit=net.hq_pr,
        created_by=net.hq_editor,
        language="en",
        headline="Science diplomacy",
        status=S.PUBLISHED,
    )
    client.force_login(net.isfahan_editor)
    html = page(client, english, "newsroom:story_preview").content.decode()
    assert '<article class="public-article" dir="ltr" lang="en">' in html
    assert "این خبر هنوز منتشر نشده است." not in html
