"""The newsroom's content services: create, update (optimistic locking), revisions, restore,
corrections, delete, republish and editorial notes. What a success writes, and that every
refusal (PermissionDenied, ValidationError, StaleVersion) leaves everything as it was."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamafza.common.models import AuditEntry
from hamafza.newsroom.models import ChangeNote, EditorialNote, Story, StoryRevision, Tag
from hamafza.newsroom.services import (
    StaleVersion,
    editorial_note_add,
    story_create,
    story_delete,
    story_republish,
    story_restore_revision,
    story_snapshot,
    story_transition,
    story_update,
)
from hamafza.newsroom.tests.factories import StoryFactory, unchanged
from hamafza.notifications.models import Notification
from hamafza.org.models import Membership, Role

pytestmark = pytest.mark.django_db

S = Story.Status


def _audit(story: Story) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_type="newsroom.story", object_id=str(story.pk)).order_by(
            "id"
        )
    )


def _fresh(story: Story) -> Story:
    return Story.objects.get(pk=story.pk)


def _revisions(story: Story) -> list[tuple[int, str | None, str]]:
    return list(
        StoryRevision.objects.filter(story=story)
        .order_by("version")
        .values_list("version", "author__username", "data__headline")
    )


# --- Create ----------------------------------------------------------------------------------


def test_create_a_draft_for_the_actors_unit(net):
    story = story_create(
        actor=net.tehran_reporter,
        headline="  افتتاح   مرکز توانبخشی\u200cروزانه در ری ",
        kicker="با حضور مدیرکل",
        lead="مرکز تازه به ۱۲۰ کودک خدمت می‌دهد.",
        body="<p dir='rtl'>متن خبر</p>",
        kind=Story.Kind.REPORT,
        subjects=["event", "capability", "event"],
        domains=["extra_agency"],
        tags=[" توانبخشی ", "کودکان", "توانبخشی", "  "],
    )
    story = _fresh(story)
    assert story.unit == net.tehran  # the reporter's own unit
    assert (story.status, story.version, story.code) == (S.DRAFT, 1, None)
    assert story.headline == "افتتاح مرکز توانبخشی\u200cروزانه در ری"  # spaces collapsed, ZWNJ kept
    assert story.created_by == net.tehran_reporter
    assert list(story.authors.all()) == [net.tehran_reporter]
    assert sorted(story.subjects.values_list("code", flat=True)) == ["capability", "event"]
    assert list(story.domains.values_list("code", flat=True)) == ["extra_agency"]
    assert sorted(story.tags.values_list("name", flat=True)) == ["توانبخشی", "کودکان"]
    assert _revisions(story) == [(1, "tehran.reporter", story.headline)]
    assert StoryRevision.objects.get(story=story).data == story_snapshot(story)
    [entry] = _audit(story)
    assert (entry.action, entry.actor, entry.unit_id) == (
        "newsroom.story.create",
        net.tehran_reporter,
        net.tehran.pk,
    )


def test_create_sanitizes_the_body(net):
    story = story_create(
        actor=net.tehran_reporter,
        headline="تیتر",
        body=(
            '<p dir="rtl" onclick="steal()">سلام <script>alert(1)</script>'
            '<a href="javascript:alert(1)">پیوند</a> <a href="https://behzisti.ir">سازمان</a>'
            '<img src="https://tracker.example/x.png" alt="ردیاب">'
            '<img src="/media/stories/1/a.jpg" alt="عکس"></p><style>p{}</style>'
        ),
    )
    body = _fresh(story).body
    assert 'dir="rtl"' in body
    for bad in ("onclick", "<script", "alert", "javascript:", "tracker.example", "<style"):
        assert bad not in body
    assert 'href="https://behzisti.ir"' in body
    assert 'src="/media/stories/1/a.jpg"' in body


def test_an_editor_writes_for_a_unit_below(net):
    story = story_create(actor=net.tehran_editor, headline="خبر شمیرانات", unit=net.shemiranat)
    assert story.unit == net.shemiranat


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("tehran_reporter", "shemiranat"),  # a reporter writes only for their own unit
        ("shemiranat_head", "tehran"),  # not for the unit above
        ("isfahan_editor", "tehran"),
        ("hq_editor", "tehran"),
        ("tehran_viewer", "tehran"),
    ],
)
def test_create_for_a_unit_one_may_not_write_for(net, persona, unit):
    with unchanged(), pytest.raises(PermissionDenied) as caught:
        story_create(actor=getattr(net, persona), headline="تیتر", unit=getattr(net, unit))
    assert str(caught.value) == "شما برای این واحد نمی‌توانید خبر بنویسید."


@pytest.mark.parametrize("persona", ["tehran_viewer", "outsider", "hq_admin"])
def test_create_without_a_writing_role(net, persona):
    with unchanged(), pytest.raises(PermissionDenied) as caught:
        story_create(actor=getattr(net, persona), headline="تیتر")
    assert str(caught.value) == "شما در هیچ واحدی نقش نویسندگی ندارید."


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"headline": "   "}, "headline", "تیتر خبر را بنویسید."),
        ({"headline": "ت" * 301}, "headline", "حداکثر 300 نویسه."),
        ({"kicker": "ر" * 201}, "kicker", "حداکثر 200 نویسه."),
        ({"lead": "ل" * 2001}, "lead", "حداکثر 2000 نویسه."),
        ({"body": "<p>" + "م" * 500_001 + "</p>"}, "body", "متن خبر بیش از حد بلند است."),
        ({"kind": "gossip"}, "kind", "نوع خبر نامعتبر است."),
        ({"language": "de"}, "language", "زبان خبر نامعتبر است."),
        ({"subjects": ["event", "rumour"]}, "subjects", "موضوع نامعتبر است."),
        ({"domains": ["galactic"]}, "domains", "حوزه نامعتبر است."),
        ({"tags": [f"برچسب {n}" for n in range(21)]}, "tags", "حداکثر ۲۰ برچسب."),
    ],
)
def test_create_refuses_bad_input_in_persian(net, fields, field, message):
    arguments: dict[str, Any] = {"headline": "تیتر درست", **fields}
    with unchanged(), pytest.raises(ValidationError) as caught:
        story_create(actor=net.tehran_reporter, **arguments)
    assert caught.value.message_dict[field] == [message]


def test_create_reports_every_bad_field_at_once(net):
    with unchanged(), pytest.raises(ValidationError) as caught:
        story_create(actor=net.tehran_reporter, headline="", kind="x", domains=["y"])
    assert set(caught.value.message_dict) == {"headline", "kind", "domains"}


def test_twenty_tags_are_fine_and_long_tags_are_cut(net):
    story = story_create(
        actor=net.tehran_reporter,
        headline="تیتر",
        tags=[f"برچسب {n}" for n in range(19)] + ["ب" * 150],
    )
    names = list(story.tags.values_list("name", flat=True))
    assert len(names) == 20
    assert "ب" * 100 in names


# --- Update and optimistic locking -----------------------------------------------------------


@pytest.fixture
def draft(net):
    return story_create(
        actor=net.tehran_reporter,
        headline="نشست هم‌اندیشی روابط عمومی‌ها",
        body="<p>نسخه نخست</p>",
        tags=["شبکه"],
    )


def test_update_saves_a_new_version_with_a_revision(net, draft):
    saved = story_update(
        actor=net.tehran_reporter,
        story=draft,
        version=1,
        headline="نشست هم‌اندیشی روابط عمومی‌های استان",
        tags=["شبکه", "هم‌افزایی"],
    )
    story = _fresh(draft)
    assert story.version == saved.version == 2
    assert story.headline == "نشست هم‌اندیشی روابط عمومی‌های استان"
    assert story.body == "<p>نسخه نخست</p>"  # fields not given are kept
    assert sorted(story.tags.values_list("name", flat=True)) == ["شبکه", "هم‌افزایی"]
    assert _revisions(story) == [
        (1, "tehran.reporter", "نشست هم‌اندیشی روابط عمومی‌ها"),
        (2, "tehran.reporter", "نشست هم‌اندیشی روابط عمومی‌های استان"),
    ]
    entry = _audit(story)[-1]
    assert entry.action == "newsroom.story.update"
    assert entry.changes["headline"] == [
        "نشست هم‌اندیشی روابط عمومی‌ها",
        "نشست هم‌اندیشی روابط عمومی‌های استان",
    ]
    assert entry.changes["tags"] == [["شبکه"], ["شبکه", "هم‌افزایی"]]


def test_a_stale_version_is_refused_and_nothing_changes(net, draft):
    story_update(actor=net.tehran_editor, story=draft, version=1, body="<p>ویرایش دبیر</p>")
    with unchanged(), pytest.raises(StaleVersion) as caught:
        story_update(actor=net.tehran_reporter, story=draft, version=1, body="<p>ویرایش من</p>")
    assert caught.value.current.version == 2
    assert caught.value.current.body == "<p>ویرایش دبیر</p>"
    assert str(caught.value) == "این خبر پس از باز کردن شما تغییر کرده است."
    assert _fresh(draft).body == "<p>ویرایش دبیر</p>"


def test_a_future_version_is_refused_too(net, draft):
    with unchanged(), pytest.raises(StaleVersion):
        story_update(actor=net.tehran_reporter, story=draft, version=5, headline="تیتر تازه")


def test_saving_the_same_content_is_not_a_new_version(net, draft):
    with unchanged():
        same = story_update(
            actor=net.tehran_reporter,
            story=draft,
            version=1,
            headline=draft.headline,
            body=draft.body,
            tags=["شبکه"],
        )
    assert same.version == 1


def test_update_refuses_bad_input_and_unknown_fields(net, draft):
    with unchanged(), pytest.raises(ValidationError):
        story_update(actor=net.tehran_reporter, story=draft, version=1, headline="")
    with unchanged(), pytest.raises(TypeError):
        story_update(actor=net.tehran_reporter, story=draft, version=1, status=S.PUBLISHED)


def test_every_save_keeps_a_revision_with_its_author(net, draft):
    story = draft
    for n, actor in enumerate([net.tehran_editor, net.tehran_reporter, net.tehran_head], 2):
        story = story_update(
            actor=actor, story=story, version=story.version, headline=f"تیتر نسخه {n}"
        )
    assert _revisions(story) == [
        (1, "tehran.reporter", "نشست هم‌اندیشی روابط عمومی‌ها"),
        (2, "tehran.editor", "تیتر نسخه 2"),
        (3, "tehran.reporter", "تیتر نسخه 3"),
        (4, "tehran.head", "تیتر نسخه 4"),
    ]


@pytest.mark.parametrize(
    ("status", "persona"),
    [
        (S.SUBMITTED, "tehran_reporter"),  # the author waits for the editor
        (S.APPROVED, "tehran_reporter"),
        (S.PUBLISHED, "tehran_reporter"),
        (S.DRAFT, "tehran_viewer"),
        (S.DRAFT, "isfahan_editor"),
        (S.DRAFT, "shemiranat_head"),  # a unit below does not edit the unit above
        (S.SPIKED, "tehran_editor"),
        (S.ARCHIVED, "tehran_editor"),
        (S.UNPUBLISHED, "tehran_editor"),
    ],
)
def test_update_refused(net, status, persona):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    with unchanged(), pytest.raises(PermissionDenied):
        story_update(
            actor=getattr(net, persona),
            story=story,
            version=story.version,
            headline="تیتر دیگر",
            change_note="اصلاح",
        )


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED, S.SCHEDULED, S.RETURNED])
def test_editors_edit_before_publication(net, status):
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=status
    )
    saved = story_update(
        actor=net.tehran_editor, story=story, version=story.version, lead="لید ویرایش‌شده"
    )
    assert (saved.status, saved.lead) == (status, "لید ویرایش‌شده")


# --- Restoring a revision --------------------------------------------------------------------


def test_restore_saves_the_old_content_as_a_new_version(net, draft):
    story = story_update(
        actor=net.tehran_reporter,
        story=draft,
        version=1,
        headline="تیتر دوم",
        body="<p>متن دوم</p>",
        tags=["دیگر"],
        subjects=["event"],
    )
    first = StoryRevision.objects.get(story=story, version=1)
    restored = story_restore_revision(
        actor=net.tehran_editor, story=story, revision=first, version=story.version
    )
    fresh = _fresh(story)
    assert restored.version == fresh.version == 3
    assert fresh.headline == "نشست هم‌اندیشی روابط عمومی‌ها"
    assert fresh.body == "<p>نسخه نخست</p>"
    assert list(fresh.tags.values_list("name", flat=True)) == ["شبکه"]
    assert not fresh.subjects.exists()
    # Nothing is rewritten: the history grows.
    assert [v for v, _a, _h in _revisions(fresh)] == [1, 2, 3]
    assert StoryRevision.objects.get(story=story, version=3).data == first.data
    assert StoryRevision.objects.get(story=story, version=3).author == net.tehran_editor


def test_restore_refuses_another_storys_revision(net, draft):
    other = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    with unchanged(), pytest.raises(ValidationError):
        story_restore_revision(
            actor=net.tehran_editor,
            story=draft,
            revision=other.revisions.get(),
            version=draft.version,
        )


def test_restore_refuses_a_stale_version(net, draft):
    story = story_update(actor=net.tehran_reporter, story=draft, version=1, headline="دوم")
    with unchanged(), pytest.raises(StaleVersion):
        story_restore_revision(
            actor=net.tehran_editor, story=story, revision=story.revisions.get(version=2), version=1
        )


def test_restoring_a_published_story_is_a_correction(net):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED)
    story = story_update(
        actor=net.tehran_editor,
        story=story,
        version=story.version,
        headline="تیتر اشتباه",
        change_note="تیتر تغییر کرد.",
    )
    first = story.revisions.get(version=1)
    with unchanged(), pytest.raises(ValidationError):
        story_restore_revision(
            actor=net.tehran_editor, story=story, revision=first, version=story.version
        )
    restored = story_restore_revision(
        actor=net.tehran_editor,
        story=story,
        revision=first,
        version=story.version,
        change_note="تیتر نخست بازگردانده شد.",
    )
    assert restored.status == S.CORRECTED
    assert list(ChangeNote.objects.filter(story=story).values_list("note", flat=True)) == [
        "تیتر تغییر کرد.",
        "تیتر نخست بازگردانده شد.",
    ]


# --- Corrections after publication -----------------------------------------------------------


@pytest.fixture
def published(net):
    return StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=S.PUBLISHED
    )


@pytest.mark.parametrize("note", ["", "  \n "])
def test_a_correction_needs_a_public_change_note(net, published, note):
    with unchanged(), pytest.raises(ValidationError) as caught:
        story_update(
            actor=net.tehran_editor,
            story=published,
            version=published.version,
            lead="آمار درست: ۱۲۰ نفر",
            change_note=note,
        )
    assert caught.value.message_dict["change_note"] == [
        "اصلاح خبرِ منتشرشده یادداشت اصلاحِ عمومی لازم دارد."
    ]


def test_a_correction_becomes_corrected(net, published):
    corrected = story_update(
        actor=net.tehran_editor,
        story=published,
        version=published.version,
        lead="آمار درست: ۱۲۰ نفر",
        change_note="  شمار مددجویان   اصلاح شد. ",
    )
    story = _fresh(published)
    assert story.status == corrected.status == S.CORRECTED
    assert story.is_public
    assert story.code == published.code  # the same story, the same code
    assert story.version == published.version + 1
    note = ChangeNote.objects.get(story=story)
    assert (note.note, note.author) == ("شمار مددجویان اصلاح شد.", net.tehran_editor)
    assert _revisions(story)[-1] == (story.version, "tehran.editor", story.headline)
    entry = _audit(story)[-1]
    assert entry.action == "newsroom.story.correct"
    assert entry.summary == "شمار مددجویان اصلاح شد."
    assert entry.changes["status"] == [S.PUBLISHED, S.CORRECTED]

    again = story_update(
        actor=net.shemiranat_head,
        story=story,
        version=story.version,
        headline="تیتر اصلاح‌شده",
        change_note="تیتر دقیق‌تر شد.",
    )
    assert again.status == S.CORRECTED
    assert ChangeNote.objects.filter(story=story).count() == 2


def test_the_author_cannot_correct_a_published_story(net, published):
    with unchanged(), pytest.raises(PermissionDenied):
        story_update(
            actor=net.shemiranat_reporter,
            story=published,
            version=published.version,
            lead="لید تازه",
            change_note="اصلاح",
        )


# --- Delete ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "persona"),
    [
        (S.DRAFT, "tehran_reporter"),
        (S.DRAFT, "tehran_editor"),
        (S.RETURNED, "tehran_reporter"),
        (S.SPIKED, "tehran_head"),
    ],
)
def test_delete_a_never_published_draft(net, status, persona):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    EditorialNote.objects.create(story=story, author=net.tehran_editor, body="یادداشت")
    pk = story.pk
    story_delete(actor=getattr(net, persona), story=story)
    assert not Story.objects.filter(pk=pk).exists()
    assert not StoryRevision.objects.filter(story_id=pk).exists()
    entry = AuditEntry.objects.get(action="newsroom.story.delete")
    assert (entry.object_id, entry.object_repr) == (str(pk), story.headline)


@pytest.mark.parametrize(
    ("status", "persona"),
    [
        (S.SUBMITTED, "tehran_reporter"),
        (S.APPROVED, "tehran_editor"),
        (S.SCHEDULED, "tehran_editor"),
        (S.PUBLISHED, "tehran_head"),
        (S.CORRECTED, "tehran_head"),
        (S.UNPUBLISHED, "tehran_head"),  # once published, never deleted
        (S.ARCHIVED, "tehran_head"),
        (S.DRAFT, "tehran_viewer"),
        (S.DRAFT, "isfahan_editor"),
        (S.DRAFT, "outsider"),
    ],
)
def test_delete_refused(net, status, persona):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    with unchanged(), pytest.raises(PermissionDenied):
        story_delete(actor=getattr(net, persona), story=story)


def test_a_draft_published_once_is_never_deleted(net):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.APPROVED)
    story = story_transition(actor=net.tehran_editor, story=story, name="publish")
    story = story_transition(actor=net.tehran_editor, story=story, name="unpublish", note="خطا")
    with unchanged(), pytest.raises(PermissionDenied):
        story_delete(actor=net.tehran_editor, story=story)


# --- Republish -------------------------------------------------------------------------------


def story_republish_as(actor: Any, original: Story, unit: Any = None) -> Story:
    return story_republish(actor=actor, original=original, unit=unit)


@pytest.fixture
def original(net):
    return StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=S.PUBLISHED,
        headline="پویش ملی پیشگیری از معلولیت در تهران",
        subjects=["event"],
        domains=["extra_agency"],
        tags=["پیشگیری"],
    )


def test_republish_to_another_unit(net, original):
    copy = story_republish_as(net.isfahan_editor, original)
    assert (copy.unit, copy.status, copy.version, copy.code) == (net.isfahan, S.DRAFT, 1, None)
    assert copy.origin == original
    assert list(original.republications.all()) == [copy]
    assert copy.created_by == net.isfahan_editor
    assert list(copy.authors.all()) == [net.isfahan_editor]
    assert story_snapshot(copy) == story_snapshot(original)
    assert _revisions(copy) == [(1, "isfahan.editor", original.headline)]
    entry = _audit(copy)[-1]
    assert entry.action == "newsroom.story.republish"
    assert entry.changes == {"origin": [None, original.pk]}
    assert _fresh(original).version == original.version  # the original is not touched


def test_a_reporter_republishes_for_their_county(net, original):
    copy = story_republish_as(net.khorasan_video, original)
    assert copy.unit == net.neyshabur


def test_republish_into_a_named_unit_below(net, original):
    copy = story_republish_as(net.isfahan_editor, original, net.kashan)
    assert copy.unit == net.kashan


@pytest.mark.parametrize(
    ("persona", "unit", "error"),
    [
        ("tehran_viewer", None, PermissionDenied),  # writes for no unit
        ("outsider", None, PermissionDenied),
        ("isfahan_editor", "tehran", PermissionDenied),  # not a unit they write for
        ("khorasan_video", "isfahan", PermissionDenied),
        ("tehran_editor", "tehran", ValidationError),  # its own unit's story
        ("tehran_reporter", None, ValidationError),
    ],
)
def test_republish_refused(net, original, persona, unit, error):
    with unchanged(), pytest.raises(error):
        story_republish_as(getattr(net, persona), original, getattr(net, unit) if unit else None)


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.APPROVED, S.UNPUBLISHED, S.ARCHIVED])
def test_only_published_stories_are_republished(net, status):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    with unchanged(), pytest.raises(PermissionDenied):
        story_republish_as(net.isfahan_editor, story)


def test_a_corrected_story_is_republished_with_its_corrected_text(net, original):
    corrected = story_update(
        actor=net.tehran_editor,
        story=original,
        version=original.version,
        headline="پویش ملی پیشگیری از معلولیت در استان تهران",
        change_note="نام استان کامل شد.",
    )
    copy = story_republish_as(net.isfahan_editor, corrected)
    assert copy.headline == "پویش ملی پیشگیری از معلولیت در استان تهران"


# --- Editorial notes -------------------------------------------------------------------------


def test_editorial_note(net):
    story = StoryFactory.create(
        unit=net.shemiranat,
        created_by=net.shemiranat_reporter,
        authors=[net.shemiranat_reporter, net.tehran_reporter],
        status=S.SUBMITTED,
    )
    note = editorial_note_add(actor=net.tehran_editor, story=story, body="  عکس با کیفیت بهتر؟ ")
    assert (note.story, note.author, note.body) == (story, net.tehran_editor, "عکس با کیفیت بهتر؟")
    entry = _audit(story)[-1]
    assert (entry.action, entry.summary) == ("newsroom.story.note", "عکس با کیفیت بهتر؟")
    # The authors and the editors of the unit and above, never the one who wrote the note.
    assert set(
        Notification.objects.filter(kind="newsroom.story.note").values_list(
            "recipient__username", flat=True
        )
    ) == {"shemiranat.reporter", "tehran.reporter", "shemiranat.head", "tehran.head"}


@pytest.mark.parametrize("persona", ["tehran_viewer", "shemiranat_reporter", "hq_admin"])
def test_anyone_in_the_units_line_joins_the_conversation(net, persona):
    story = StoryFactory.create(unit=net.shemiranat, created_by=net.shemiranat_reporter)
    editorial_note_add(actor=getattr(net, persona), story=story, body="نظر من")
    assert EditorialNote.objects.filter(story=story).count() == 1


@pytest.mark.parametrize("persona", ["isfahan_editor", "hq_editor", "outsider"])
def test_other_units_are_not_in_the_conversation_even_when_published(net, persona):
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=S.PUBLISHED
    )
    with unchanged(), pytest.raises(PermissionDenied):
        editorial_note_add(actor=getattr(net, persona), story=story, body="نظر من")


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "یادداشت خالی است."), (" \n ", "یادداشت خالی است."), ("ی" * 4001, "حداکثر ۴۰۰۰ نویسه.")],
)
def test_editorial_note_refuses_bad_input(net, body, message):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    with unchanged(), pytest.raises(ValidationError) as caught:
        editorial_note_add(actor=net.tehran_editor, story=story, body=body)
    assert caught.value.message_dict["body"] == [message]


def test_tags_are_shared_between_stories(net):
    first = story_create(actor=net.tehran_reporter, headline="یک", tags=["سالمندان"])
    second = story_create(actor=net.isfahan_editor, headline="دو", tags=["سالمندان"])
    assert Tag.objects.filter(name="سالمندان").count() == 1
    assert first.tags.get() == second.tags.get()


def test_membership_is_needed_to_edit_after_leaving(net, draft):
    Membership.objects.filter(user=net.tehran_reporter).update(role=Role.VIEWER)
    reporter = type(net.tehran_reporter).objects.get(pk=net.tehran_reporter.pk)
    with unchanged(), pytest.raises(PermissionDenied):
        story_update(actor=reporter, story=draft, version=1, headline="تیتر تازه")
