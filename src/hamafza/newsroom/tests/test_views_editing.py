"""Writing stories on the desk: create, edit (and the conflict page that keeps the person's
text when someone saved meanwhile), corrections of published stories, deleting drafts."""

import pytest
from django.urls import reverse

from hamafza.newsroom.models import ChangeNote, Story, StoryRevision
from hamafza.newsroom.services import story_update
from hamafza.newsroom.tests.factories import StoryFactory, unchanged

S = Story.Status
CREATE = reverse("newsroom:story_create")


def edit_url(story: Story) -> str:
    return reverse("newsroom:story_edit", args=[story.pk])


def content(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kicker": "بهزیستی",
        "headline": "همایش توانمندسازی زنان سرپرست خانوار",
        "lead": "همایش در سالن اجتماعات برگزار شد.",
        "body": "<p>متن خبر.</p>",
        "kind": "news",
        "language": "fa",
        "subjects": ["event"],
        "domains": ["intra_agency"],
        "tags": "زنان، توانمندسازی",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(net):
    return StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        headline="تیتر نخست",
        body="<p>بند نخست.</p>",
    )


# --- Create --------------------------------------------------------------------------------


def test_the_create_page_has_the_rich_text_editor(client, net):
    client.force_login(net.tehran_reporter)
    response = client.get(CREATE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-django-prose-editor-hamafza" in html
    assert "newsroom/js/story-editor.js" in html
    assert 'dir="rtl"' in html
    # The import map is an inline script: it carries the response's CSP nonce.
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script type="importmap" nonce="{nonce}">' in html


def test_a_reporter_creates_a_draft(client, net):
    client.force_login(net.tehran_reporter)
    response = client.post(CREATE, {**content(), "unit": "tehran"})
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("newsroom:story", args=[story.pk])
    assert story.status == S.DRAFT
    assert story.unit == net.tehran
    assert story.headline == "همایش توانمندسازی زنان سرپرست خانوار"
    assert sorted(story.tags.values_list("name", flat=True)) == ["توانمندسازی", "زنان"]
    assert list(story.subjects.values_list("code", flat=True)) == ["event"]
    assert list(story.authors.all()) == [net.tehran_reporter]


def test_the_body_is_sanitized_by_the_service(client, net):
    client.force_login(net.tehran_reporter)
    body = '<p onclick="x()">سلام<script>alert(1)</script></p><p dir="ltr">Hi</p>'
    client.post(CREATE, {**content(body=body), "unit": "tehran"})
    assert Story.objects.get().body == '<p>سلام</p><p dir="ltr">Hi</p>'


def test_an_editor_writes_for_a_unit_below(client, net):
    client.force_login(net.tehran_editor)
    units = client.get(CREATE).context["form"].fields["unit"].widget.choices
    assert {slug for slug, _label in units} == {"tehran", "shemiranat"}
    client.post(CREATE, {**content(), "unit": "shemiranat"})
    assert Story.objects.get().unit == net.shemiranat


def test_creating_for_another_unit_is_refused(client, net):
    client.force_login(net.tehran_reporter)
    with unchanged():
        response = client.post(CREATE, {**content(), "unit": "isfahan"})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["tehran_viewer", "outsider"])
def test_those_who_do_not_write_cannot_create(client, net, persona):
    client.force_login(getattr(net, persona))
    assert client.get(CREATE).status_code == 403
    with unchanged():
        assert client.post(CREATE, {**content(), "unit": "tehran"}).status_code == 403


def test_bad_input_keeps_the_text_and_changes_nothing(client, net):
    client.force_login(net.tehran_reporter)
    with unchanged():
        response = client.post(
            CREATE,
            {**content(headline="   ", body="<p>متنی که نباید گم شود</p>"), "unit": "tehran"},
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "متنی که نباید گم شود" in html
    assert "errorlist" in html


# --- Edit ----------------------------------------------------------------------------------


def test_the_edit_form_holds_the_version(client, net, draft):
    client.force_login(net.tehran_reporter)
    html = client.get(edit_url(draft)).content.decode()
    assert f'name="version" value="{draft.version}"' in html
    assert "تیتر نخست" in html
    assert "change_note" not in html  # only for published stories


def test_saving_makes_a_new_version(client, net, draft):
    client.force_login(net.tehran_reporter)
    response = client.post(edit_url(draft), {**content(headline="تیتر دوم"), "version": 1})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "تیتر دوم"
    assert draft.version == 2
    assert StoryRevision.objects.filter(story=draft).count() == 2


def test_a_stale_save_keeps_my_text_and_shows_the_saved_version(client, net, draft):
    # The editor saves while the reporter still has version 1 open.
    story_update(actor=net.tehran_editor, story=draft, version=1, body="<p>بند ویرایش‌شده دبیر.</p>")
    client.force_login(net.tehran_reporter)
    mine = "<p>متن من که نباید گم شود.</p>"
    with unchanged():
        response = client.post(
            edit_url(draft), {**content(headline="تیتر من", body=mine), "version": 1}
        )
    assert response.status_code == 409
    html = response.content.decode()
    assert "متن شما ذخیره نشد" in html
    # My text is still in the form...
    assert "تیتر من" in html
    assert "متن من که نباید گم شود." in html
    # ...beside the version saved meanwhile, with who saved it and the differences.
    assert "بند ویرایش‌شده دبیر." in html
    assert net.tehran_editor.display_name in html
    assert response.context["conflict"]["current"].version == 2
    assert response.context["conflict"]["diff"]
    # The form now starts from the saved version: saving again is a deliberate choice.
    assert 'name="version" value="2"' in html
    draft.refresh_from_db()
    assert draft.body == "<p>بند ویرایش‌شده دبیر.</p>"

    client.post(edit_url(draft), {**content(headline="تیتر من", body=mine), "version": 2})
    draft.refresh_from_db()
    assert draft.body == mine
    assert draft.version == 3


def test_editing_a_published_story_needs_a_public_change_note(client, net):
    published = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED
    )
    client.force_login(net.tehran_editor)
    assert "change_note" in client.get(edit_url(published)).content.decode()
    with unchanged():
        response = client.post(
            edit_url(published), {**content(headline="تیتر اصلاح‌شده"), "version": 1}
        )
    assert response.status_code == 400
    assert "تیتر اصلاح‌شده" in response.content.decode()
    response = client.post(
        edit_url(published),
        {**content(headline="تیتر اصلاح‌شده"), "version": 1, "change_note": "نام اصلاح شد."},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == S.CORRECTED
    assert ChangeNote.objects.get(story=published).note == "نام اصلاح شد."


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("tehran_reporter", S.SUBMITTED, 403),  # the author waits for review
        ("tehran_viewer", S.DRAFT, 403),
        ("tehran_reporter", S.PUBLISHED, 403),  # corrections are the editors'
        ("isfahan_editor", S.DRAFT, 404),  # another unit's draft does not exist for them
        ("isfahan_editor", S.PUBLISHED, 403),
    ],
)
def test_editing_refused(client, net, persona, status, expected):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    client.force_login(getattr(net, persona))
    assert client.get(edit_url(story)).status_code == expected
    with unchanged():
        response = client.post(
            edit_url(story), {**content(), "version": story.version, "change_note": "x"}
        )
    assert response.status_code == expected


def test_an_english_story_is_edited_left_to_right(client, net):
    english = StoryFactory.create(
        unit=net.hq_pr, created_by=net.hq_editor, language="en", headline="Science diplomacy"
    )
    client.force_login(net.hq_editor)
    html = client.get(edit_url(english)).content.decode()
    assert 'dir="ltr" data-direction-from="id_language"' in html


# --- Delete --------------------------------------------------------------------------------


def test_the_author_deletes_a_draft_after_confirming(client, net, draft):
    client.force_login(net.tehran_reporter)
    url = reverse("newsroom:story_delete", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "حذف برای همیشه" in response.content.decode()
    assert Story.objects.filter(pk=draft.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsroom:my_stories")
    assert not Story.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("tehran_reporter", S.PUBLISHED, 403),
        ("tehran_editor", S.SUBMITTED, 403),
        ("tehran_viewer", S.DRAFT, 403),
        ("isfahan_editor", S.DRAFT, 404),
    ],
)
def test_deleting_refused(client, net, persona, status, expected):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    client.force_login(getattr(net, persona))
    url = reverse("newsroom:story_delete", args=[story.pk])
    assert client.get(url).status_code == expected
    with unchanged():
        assert client.post(url).status_code == expected
