"""The internal bulletin: composing rules, issuing, recipients, exactly-once e-mail delivery and
the e-mail itself."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.http import Http404
from django.test import override_settings

from hamafza.common.models import AuditEntry
from hamafza.network.models.partnership import Bulletin, BulletinDelivery
from hamafza.network.permissions.partnership import access_bulletin
from hamafza.network.selectors.partnership import bulletin_deliveries_due
from hamafza.network.services import partnership as services
from hamafza.network.services.partnership import (
    MAX_ATTEMPTS,
    StaleBulletin,
    bulletin_deliveries_send,
    bulletin_issue,
)
from hamafza.network.tests.factories_partnership import bulletin, published_story, unchanged
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(net):
    return [
        published_story(net.tehran, net.tehran_editor, "افتتاح مرکز توانبخشی در تهران"),
        published_story(net.isfahan, net.isfahan_editor, "همایش ملی اشتغال افراد دارای معلولیت"),
    ]


def _issued(net, stories, **kwargs):
    draft = bulletin(net.hq_pr, stories, actor=net.hq_editor, to_everyone=True, **kwargs)
    issued, _count = bulletin_issue(actor=net.hq_editor, bulletin=draft)
    return issued


# --- Composing ----------------------------------------------------------------------------


def test_hq_composes_for_everyone(net, stories):
    draft = bulletin(
        net.hq_pr, stories, actor=net.hq_editor, to_everyone=True, notes=["یادداشت نخست"]
    )
    assert draft.status == Bulletin.Status.DRAFT
    assert draft.to_everyone
    assert [(i.position, i.story, i.note) for i in draft.items.all()] == [
        (1, stories[0], "یادداشت نخست"),
        (2, stories[1], ""),
    ]
    assert AuditEntry.objects.filter(action="network.partnership.bulletin.create").count() == 1


def test_a_province_composes_for_its_own_line_only(net, stories):
    draft = bulletin(net.tehran, stories, actor=net.tehran_editor)
    assert list(draft.audience_units.all()) == [net.tehran]
    with unchanged(), pytest.raises(PermissionDenied):
        bulletin(net.tehran, stories, actor=net.tehran_head, to_everyone=True)
    with unchanged(), pytest.raises(PermissionDenied):
        bulletin(net.tehran, stories, actor=net.tehran_head, audience_units=[net.isfahan])


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("tehran_reporter", "tehran"),  # composing is for editors, heads and admins
        ("tehran_viewer", "tehran"),
        ("shemiranat_head", "tehran"),
        ("isfahan_head", "tehran"),
        ("outsider", "tehran"),
    ],
)
def test_others_may_not_compose(net, stories, persona, unit):
    with unchanged(), pytest.raises(PermissionDenied):
        bulletin(getattr(net, unit), stories, actor=getattr(net, persona))


def test_only_published_stories_go_in(net, stories):
    draft_story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    with unchanged(), pytest.raises(ValidationError) as refused:
        bulletin(net.tehran, [stories[0], draft_story], actor=net.tehran_head)
    assert "منتشرشده" in " ".join(refused.value.messages)


def test_drafts_are_seen_by_their_line_and_hq_issued_by_everyone(net, stories):
    draft = bulletin(net.shemiranat, stories, actor=net.shemiranat_head)
    for persona in ("shemiranat_reporter", "tehran_viewer", "hq_editor", "hq_admin"):
        assert access_bulletin(getattr(net, persona), draft.pk) == draft
    for persona in ("isfahan_head", "khorasan_video"):
        with pytest.raises(Http404):
            access_bulletin(getattr(net, persona), draft.pk)
    with pytest.raises(PermissionDenied):
        access_bulletin(net.tehran_viewer, draft.pk, for_write=True)
    bulletin_issue(actor=net.tehran_head, bulletin=draft)
    assert access_bulletin(net.isfahan_head, draft.pk).is_issued
    with pytest.raises(PermissionDenied):  # issued: nobody edits it any more
        access_bulletin(net.shemiranat_head, draft.pk, for_write=True)


def test_update_reorders_items_and_checks_the_version(net, stories):
    draft = bulletin(net.tehran, stories, actor=net.tehran_editor)
    services.bulletin_update(
        actor=net.tehran_head,
        bulletin=draft,
        version=1,
        items=[(stories[1], "اول این"), (stories[0], "")],
        intro="سلام همکاران",
    )
    assert [(i.story, i.note) for i in draft.items.all()] == [
        (stories[1], "اول این"),
        (stories[0], ""),
    ]
    with unchanged(), pytest.raises(StaleBulletin):
        services.bulletin_update(actor=net.tehran_head, bulletin=draft, version=1, title="x")
    with unchanged(), pytest.raises(PermissionDenied):
        services.bulletin_update(actor=net.isfahan_head, bulletin=draft, version=2, title="x")


# --- Issuing and delivering exactly once --------------------------------------------------


def test_recipients_are_the_units_and_their_subtrees(net, stories):
    draft = bulletin(net.tehran, stories, actor=net.tehran_head)
    _issued_bulletin, created = bulletin_issue(actor=net.tehran_head, bulletin=draft)
    usernames = set(BulletinDelivery.objects.values_list("user__username", flat=True))
    assert usernames == {
        "tehran.head",
        "tehran.editor",
        "tehran.reporter",
        "tehran.viewer",
        "shemiranat.head",
        "shemiranat.reporter",
    }
    assert created == 6


def test_everyone_means_every_active_member_with_an_address(net, stories):
    net.khorasan_video.email = ""
    net.khorasan_video.save()
    net.tehran_viewer.is_active = False
    net.tehran_viewer.save()
    _issued(net, stories)
    usernames = set(BulletinDelivery.objects.values_list("user__username", flat=True))
    assert "outsider" not in usernames  # no membership: not staff
    assert "khorasan.video" not in usernames
    assert "tehran.viewer" not in usernames
    assert len(usernames) == 9


def test_issue_twice_and_send_twice_mails_each_person_once(
    net, stories, django_capture_on_commit_callbacks
):
    draft = bulletin(net.hq_pr, stories, actor=net.hq_editor, to_everyone=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _b, first = bulletin_issue(actor=net.hq_editor, bulletin=draft, version=1)
        _b, second = bulletin_issue(actor=net.hq_editor, bulletin=draft, version=1)
    assert second == 0
    assert len(callbacks) == 1
    assert BulletinDelivery.objects.count() == first == 11
    assert bulletin_deliveries_due()
    assert bulletin_deliveries_send() == 11
    assert bulletin_deliveries_send() == 0
    assert bulletin_deliveries_send(bulletin_id=draft.pk) == 0
    assert not bulletin_deliveries_due()
    assert len(mail.outbox) == 11
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        BulletinDelivery.objects.values_list("email", flat=True)
    )
    assert AuditEntry.objects.filter(action="network.partnership.bulletin.issue").count() == 1


def test_issuing_enqueues_the_sending_task(net, stories, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    draft = bulletin(net.hq_pr, stories, actor=net.hq_editor, to_everyone=True)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin_issue(actor=net.hq_editor, bulletin=draft)
    task = DBTaskResult.objects.get()
    assert task.task_path == "hamafza.network.tasks.bulletin_deliveries_send_task"
    assert task.args_kwargs["kwargs"] == {"bulletin_id": draft.pk}


def test_a_row_claimed_by_another_worker_is_not_sent_again(net, stories):
    _issued(net, stories)
    from django.utils import timezone

    BulletinDelivery.objects.filter(user=net.hq_admin).update(claimed_at=timezone.now())
    assert bulletin_deliveries_send() == 10
    assert net.hq_admin.email not in [m.to[0] for m in mail.outbox]


def test_a_failed_send_is_retried_later_then_given_up(net, stories):
    _issued(net, stories)
    with mock.patch(
        "hamafza.network.services.partnership.EmailMultiAlternatives.send",
        side_effect=OSError("SMTP down"),
    ):
        assert bulletin_deliveries_send() == 0
    row = BulletinDelivery.objects.earliest("pk")
    assert row.attempts == 1
    assert row.claimed_at is None
    assert "SMTP" in row.last_error
    assert bulletin_deliveries_send() == 11
    assert len(mail.outbox) == 11
    BulletinDelivery.objects.update(sent_at=None, claimed_at=None, attempts=MAX_ATTEMPTS - 1)
    mail.outbox.clear()
    with mock.patch(
        "hamafza.network.services.partnership.EmailMultiAlternatives.send",
        side_effect=OSError("SMTP down"),
    ):
        bulletin_deliveries_send()
    assert BulletinDelivery.objects.filter(failed_at__isnull=False).count() == 11
    assert bulletin_deliveries_send() == 0
    assert mail.outbox == []


def test_a_refused_issue_changes_nothing(net, stories):
    draft = bulletin(net.tehran, stories, actor=net.tehran_head)
    with unchanged(), pytest.raises(PermissionDenied):
        bulletin_issue(actor=net.tehran_reporter, bulletin=draft)
    with unchanged(), pytest.raises(StaleBulletin):
        bulletin_issue(actor=net.tehran_head, bulletin=draft, version=7)
    Story.objects.filter(pk=stories[1].pk).update(status=Story.Status.UNPUBLISHED)
    with unchanged(), pytest.raises(ValidationError) as refused:
        bulletin_issue(actor=net.tehran_head, bulletin=draft)
    assert stories[1].headline in " ".join(refused.value.messages)
    assert mail.outbox == []


def test_an_empty_bulletin_is_not_issued(net):
    draft = bulletin(net.tehran, [], actor=net.tehran_head)
    with unchanged(), pytest.raises(ValidationError):
        bulletin_issue(actor=net.tehran_head, bulletin=draft)


# --- The e-mail ---------------------------------------------------------------------------


@override_settings(PUBLIC_BASE_URL="https://news.example.org")
def test_the_email_is_persian_rtl_with_a_plain_text_part(net, stories):
    issued = _issued(net, stories, intro="همکاران گرامی، سلام.", notes=["<b>مهم</b> بخوانید"])
    bulletin_deliveries_send()
    message = mail.outbox[0]
    assert issued.title in message.subject
    text = message.body
    assert "افتتاح مرکز توانبخشی در تهران" in text
    assert "همکاران گرامی" in text
    assert f"https://news.example.org/news/{stories[0].code}/" in text
    assert "<b>مهم</b> بخوانید" in text  # plain text is not HTML-escaped
    assert isinstance(message, EmailMultiAlternatives)
    content, mimetype = message.alternatives[0]
    assert isinstance(content, str)
    html = content
    assert mimetype == "text/html"
    assert '<html lang="fa" dir="rtl">' in html
    assert "&lt;b&gt;مهم&lt;/b&gt;" in html  # the note is escaped in HTML
    assert "افتتاح مرکز توانبخشی در تهران" in html
    assert f'href="https://news.example.org/desk/network/bulletins/{issued.pk}/"' in html
    # No external resources: no style sheets, scripts or images, only links.
    for forbidden in ("<link", "<script", "<img", "@import", "url("):
        assert forbidden not in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_without_public_base_url_links_use_the_issuing_address(net, stories):
    draft = bulletin(net.hq_pr, stories, actor=net.hq_editor, to_everyone=True)
    bulletin_issue(actor=net.hq_editor, bulletin=draft, site_url="https://desk.example.org")
    bulletin_deliveries_send()
    assert f"https://desk.example.org/news/{stories[1].code}/" in mail.outbox[0].body
