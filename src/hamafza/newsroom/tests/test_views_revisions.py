"""A story's revisions on the desk: the list with authors and Jalali times, a readable
comparison of any two (the body by paragraphs, changed words marked), restoring one."""

import pytest
from django.urls import reverse

from hamafza.newsroom.models import ChangeNote, Story, StoryRevision
from hamafza.newsroom.services import story_update
from hamafza.newsroom.tests.factories import StoryFactory, unchanged
from hamafza.newsroom.views._diff import body_paragraphs, compare

S = Story.Status


@pytest.fixture
def edited(net):
    """A draft saved three times: by the reporter, the editor, the reporter again."""
    story = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        headline="تیتر نخست",
        body="<p>بند یکم بی‌تغییر.</p><p>بند دوم با واژه کهنه.</p>",
    )
    story_update(
        actor=net.tehran_editor,
        story=story,
        version=1,
        headline="تیتر دوم",
        body="<p>بند یکم بی‌تغییر.</p><p>بند دوم با واژه تازه.</p><p>بند سوم افزوده.</p>",
    )
    story_update(actor=net.tehran_reporter, story=story, version=2, lead="لید تازه")
    story.refresh_from_db()
    return story


def url(story: Story, **query: object) -> str:
    base = reverse("newsroom:story_revisions", args=[story.pk])
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


def test_the_list_names_each_version_its_author_and_time(client, net, edited):
    client.force_login(net.tehran_viewer)
    response = client.get(url(edited))
    assert response.status_code == 200
    assert [r.version for r in response.context["revisions"]] == [3, 2, 1]
    html = response.content.decode()
    assert net.tehran_editor.display_name in html
    assert "۱۴" in html  # a Jalali year in Persian digits
    # A viewer compares but does not restore.
    assert response.context["can_restore"] is False


def test_comparing_two_versions_marks_changed_words_and_paragraphs(client, net, edited):
    client.force_login(net.tehran_reporter)
    response = client.get(url(edited, a=1, b=2))
    diff = {field.label: field for field in response.context["diff"]}
    assert diff["تیتر"].changed
    assert not diff["لید"].changed
    body = diff["متن"]
    assert [line.kind for line in body.lines] == ["same", "change", "ins"]
    changed = body.lines[1].pieces
    assert [(p.kind, p.text) for p in changed] == [
        ("same", "بند دوم با واژه"),
        ("del", "کهنه."),
        ("ins", "تازه."),
    ]
    html = response.content.decode()
    assert "<del>کهنه.</del>" in html
    assert "<ins>تازه.</ins>" in html
    assert "<ins>بند سوم افزوده.</ins>" in html


def test_by_default_the_newest_is_compared_with_the_one_before(client, net, edited):
    client.force_login(net.tehran_reporter)
    response = client.get(url(edited))
    assert (response.context["a"], response.context["b"]) == (2, 3)
    diff = {field.label: field for field in response.context["diff"]}
    assert diff["لید"].changed
    assert not diff["متن"].changed


def test_persian_digits_in_the_query_are_read(client, net, edited):
    client.force_login(net.tehran_reporter)
    response = client.get(url(edited, a="۱", b="۳"))
    assert (response.context["a"], response.context["b"]) == (1, 3)


def test_restoring_saves_the_old_content_as_the_newest_version(client, net, edited):
    client.force_login(net.tehran_reporter)
    first = StoryRevision.objects.get(story=edited, version=1)
    assert "بازگرداندن این نسخه" in client.get(url(edited, restore=1)).content.decode()
    response = client.post(
        reverse("newsroom:story_revision_restore", args=[edited.pk, first.pk]), {"version": 3}
    )
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.version == 4
    assert edited.headline == "تیتر نخست"
    assert StoryRevision.objects.filter(story=edited).count() == 4


def test_a_stale_restore_changes_nothing(client, net, edited):
    client.force_login(net.tehran_reporter)
    first = StoryRevision.objects.get(story=edited, version=1)
    with unchanged():
        response = client.post(
            reverse("newsroom:story_revision_restore", args=[edited.pk, first.pk]),
            {"version": 2},
        )
    assert response.status_code == 409
    assert "چیزی بازگردانده نشد" in response.content.decode()


def test_restoring_a_published_story_needs_a_change_note(client, net):
    story = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED, headline="نخست"
    )
    story_update(
        actor=net.tehran_editor, story=story, version=1, headline="دوم", change_note="اصلاح"
    )
    first = StoryRevision.objects.get(story=story, version=1)
    target = reverse("newsroom:story_revision_restore", args=[story.pk, first.pk])
    client.force_login(net.tehran_editor)
    with unchanged():
        assert client.post(target, {"version": 2}).status_code == 400
    client.post(target, {"version": 2, "change_note": "بازگشت به تیتر نخست"})
    story.refresh_from_db()
    assert story.headline == "نخست"
    assert ChangeNote.objects.filter(story=story).count() == 2


def test_revisions_are_the_owning_units_business(client, net, edited):
    published = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED
    )
    client.force_login(net.isfahan_editor)
    assert client.get(url(edited)).status_code == 404
    assert client.get(url(published)).status_code == 403
    revision = StoryRevision.objects.get(story=published)
    with unchanged():
        response = client.post(
            reverse("newsroom:story_revision_restore", args=[published.pk, revision.pk]),
            {"version": 1, "change_note": "x"},
        )
    assert response.status_code == 403


def test_restore_refusals(client, net, edited):
    first = StoryRevision.objects.get(story=edited, version=1)
    target = reverse("newsroom:story_revision_restore", args=[edited.pk, first.pk])
    client.force_login(net.tehran_viewer)
    with unchanged():
        assert client.post(target, {"version": 3}).status_code == 403
    other = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    client.force_login(net.tehran_reporter)
    with unchanged():
        wrong_story = reverse("newsroom:story_revision_restore", args=[other.pk, first.pk])
        assert client.post(wrong_story, {"version": 1}).status_code == 404
        assert client.get(target).status_code == 405


# --- The comparison itself -----------------------------------------------------------------


def test_the_body_is_read_as_paragraphs():
    html = (
        "<h2>تیتر میانی</h2><p>بند <strong>پررنگ</strong> یکم</p>"
        "<ul><li>یک</li><li>دو</li></ul><table><tr><td>الف</td><td>ب</td></tr></table>"
    )
    assert body_paragraphs(html) == ["تیتر میانی", "بند پررنگ یکم", "یک", "دو", "| الف | ب"]


def test_relations_are_compared_by_their_names():
    old = {"subjects": ["event"], "tags": ["الف"], "kind": "news"}
    new = {"subjects": ["event", "need"], "tags": ["الف"], "kind": "report"}
    diff = {field.label: field for field in compare(old, new)}
    assert diff["موضوع‌ها"].changed
    assert not diff["برچسب‌ها"].changed
    pieces = diff["نوع"].lines[0].pieces
    assert [(p.kind, p.text) for p in pieces] == [("del", "خبر"), ("ins", "گزارش")]
