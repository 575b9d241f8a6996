"""The notifications pages: the list (one's own, newest first, paginated), marking read (one
or all, with htmx), the bell in the header and its count polled by htmx."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hamafza.notifications.models import Notification
from hamafza.notifications.services import notify

LIST = reverse("notifications:list")
MARK = reverse("notifications:mark_read")
BADGE = reverse("notifications:unread_badge")
HTMX = {"HX-Request": "true"}


def note(recipient, text, *, minutes_ago=0, read=False, url="/desk/stories/1/"):
    return Notification.objects.create(
        recipient=recipient,
        kind="newsroom.story.return",
        text=text,
        url=url,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        read_at=timezone.now() if read else None,
    )


def unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_the_list_shows_my_notifications_newest_first(client, net):
    note(net.tehran_reporter, "قدیمی", minutes_ago=30, read=True)
    note(net.tehran_reporter, "تازه", minutes_ago=1)
    note(net.isfahan_editor, "مال دیگری")
    client.force_login(net.tehran_reporter)
    response = client.get(LIST)
    assert [n.text for n in response.context["pagination"].items] == ["تازه", "قدیمی"]
    html = response.content.decode()
    assert "مال دیگری" not in html
    assert 'href="/desk/stories/1/"' in html
    assert "خواندن همه" in html


def test_the_list_is_paginated(client, net):
    for number in range(35):
        note(net.tehran_reporter, f"اعلان {number}", minutes_ago=number)
    client.force_login(net.tehran_reporter)
    response = client.get(LIST)
    assert len(response.context["pagination"].items) == 30
    assert [n.text for n in client.get(LIST, {"page": "۲"}).context["pagination"].items] == [
        f"اعلان {number}" for number in range(30, 35)
    ]


def test_the_bell_shows_the_unread_count_on_every_desk_page(client, net):
    note(net.tehran_reporter, "یک")
    note(net.tehran_reporter, "دو")
    note(net.tehran_reporter, "خوانده", read=True)
    client.force_login(net.tehran_reporter)
    html = client.get(reverse("org:desk_home")).content.decode()
    assert 'id="notification-bell"' in html
    assert '<span class="bell-count" aria-hidden="true">۲</span>' in html
    assert f'hx-get="{BADGE}" hx-trigger="every 60s"' in html


def test_the_unread_count_costs_one_query(client, net, django_assert_num_queries):
    from django.test import RequestFactory

    from hamafza.notifications.context_processors import inbox

    note(net.tehran_reporter, "یک")
    request = RequestFactory().get("/")
    request.user = net.tehran_reporter
    box = inbox(request)["inbox"]
    with django_assert_num_queries(1):
        assert box.unread == 1
        assert box.unread == 1  # counted once


def test_the_badge_answers_the_bell_alone(client, net):
    note(net.tehran_reporter, "یک")
    client.force_login(net.tehran_reporter)
    response = client.get(BADGE, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<a id="notification-bell"')
    assert "۱" in html
    assert "<html" not in html


def test_the_badge_stops_polling_when_signed_out(client, net):
    response = client.get(BADGE, headers=HTMX)
    assert response.status_code == 286  # htmx stops polling; no redirect into the header
    client.force_login(net.outsider)
    assert client.get(BADGE, headers=HTMX).status_code == 286


def test_mark_one_read_with_htmx(client, net):
    mine = note(net.tehran_reporter, "یک")
    note(net.tehran_reporter, "دو")
    client.force_login(net.tehran_reporter)
    response = client.post(MARK, {"id": mine.pk}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="notifications"')
    assert 'hx-swap-oob="true"' in html  # the bell follows
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert unread(net.tehran_reporter) == 1


def test_mark_all_read_without_htmx(client, net):
    note(net.tehran_reporter, "یک")
    note(net.tehran_reporter, "دو")
    client.force_login(net.tehran_reporter)
    response = client.post(MARK)
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert unread(net.tehran_reporter) == 0


def test_someone_elses_notification_is_not_touched(client, net):
    theirs = note(net.isfahan_editor, "مال دیگری")
    client.force_login(net.tehran_reporter)
    client.post(MARK, {"id": theirs.pk}, headers=HTMX)
    client.post(MARK, {"id": "نامعتبر"})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_is_a_post_for_members(client, net):
    note(net.outsider, "یک")
    client.force_login(net.tehran_reporter)
    assert client.get(MARK).status_code == 405
    client.force_login(net.outsider)
    assert client.get(LIST).status_code == 403
    assert client.post(MARK).status_code == 403
    assert unread(net.outsider) == 1


def test_a_workflow_move_reaches_the_bell(client, net):
    notify(recipients=[net.tehran_reporter], kind="newsroom.story.return", text="برگشت خورد")
    client.force_login(net.tehran_reporter)
    assert "برگشت خورد" in client.get(LIST).content.decode()
