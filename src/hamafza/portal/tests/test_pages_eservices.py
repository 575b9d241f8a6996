"""The e-services block in the desk (`/desk/e-services/`): HQ's staff add, edit, reorder and
remove links, each change audited; everyone else is refused and nothing changes; bad input
gets a Persian message and changes nothing. And the demo's links, loaded once."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.urls import reverse

from hamafza.common.models import AuditEntry
from hamafza.portal import services
from hamafza.portal.demo import DEMO_ESERVICES, demo_load
from hamafza.portal.models import EServiceLink, StoryDailyViews

LIST = reverse("portal:eservices")
VALID = {
    "title": "میز خدمت",
    "url": "https://khedmat.example/",
    "description": "",
    "is_active": "on",
}


def state() -> dict[str, Any]:
    return {
        "links": list(EServiceLink.objects.order_by("pk").values()),
        "audit": AuditEntry.objects.count(),
    }


@contextmanager
def unchanged() -> Iterator[None]:
    before = state()
    yield
    assert state() == before


@pytest.fixture
def links(net: Any) -> list[EServiceLink]:
    return [
        EServiceLink.objects.create(title=title, url=f"https://{n}.example/", position=n)
        for n, title in enumerate(["یکم", "دوم", "سوم"])
    ]


def titles() -> list[str]:
    return list(EServiceLink.objects.order_by("position", "id").values_list("title", flat=True))


# --- Who ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["hq_editor", "hq_admin"])
def test_hq_staff_see_the_list_and_the_form(client, net, links, persona):
    client.force_login(getattr(net, persona))
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "خدمات الکترونیک پرکاربرد" in html
    assert html.index("یکم") < html.index("دوم") < html.index("سوم")
    assert "افزودن پیوند" in html


@pytest.mark.parametrize(
    "persona", ["tehran_head", "tehran_editor", "isfahan_head", "tehran_viewer", "outsider"]
)
def test_anyone_else_is_refused_and_nothing_changes(client, net, links, persona):
    client.force_login(getattr(net, persona))
    with unchanged():
        assert client.get(LIST).status_code == 403
        assert client.post(LIST, VALID).status_code == 403
        edit = reverse("portal:eservice_edit", args=[links[0].pk])
        assert client.post(edit, VALID).status_code == 403
        delete = reverse("portal:eservice_delete", args=[links[0].pk])
        assert client.post(delete).status_code == 403
        move = reverse("portal:eservice_move", args=[links[0].pk])
        assert client.post(move, {"direction": "down"}).status_code == 403


def test_signing_in_is_required(client, net, links):
    with unchanged():
        response = client.post(LIST, VALID)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["tehran_head", "outsider"])
def test_the_services_refuse_others_too(net, links, persona):
    actor = getattr(net, persona)
    with unchanged():
        with pytest.raises(PermissionDenied):
            services.eservice_create(actor=actor, title="x", url="https://x.example/")
        with pytest.raises(PermissionDenied):
            services.eservice_update(actor=actor, link=links[0], title="y")
        with pytest.raises(PermissionDenied):
            services.eservice_delete(actor=actor, link=links[0])
        with pytest.raises(PermissionDenied):
            services.eservice_move(actor=actor, link=links[0], direction="down")


# --- Changes --------------------------------------------------------------------------------


def test_adding_a_link_puts_it_last_and_audits_it(client, net, links):
    client.force_login(net.hq_editor)
    response = client.post(LIST, VALID, follow=True)
    assert response.status_code == 200
    assert "«میز خدمت» به خدمات الکترونیک افزوده شد." in response.content.decode()
    assert titles() == ["یکم", "دوم", "سوم", "میز خدمت"]
    entry = AuditEntry.objects.get(action="portal.eservice.create")
    assert entry.actor == net.hq_editor
    assert entry.unit_id == net.hq.pk
    assert entry.changes["url"] == [None, "https://khedmat.example/"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**VALID, "title": ""}, "این فیلد لازم است."),
        ({**VALID, "url": "نشانی نادرست"}, "یک نشانی اینترنتی معتبر وارد کنید."),
        ({**VALID, "url": "ftp://files.example/"}, "نشانی باید با https:// یا http:// آغاز شود."),
        ({**VALID, "url": "javascript:alert(1)"}, "یک نشانی اینترنتی معتبر وارد کنید."),
        ({**VALID, "title": "ب" * 121}, "۱۲۰"),
    ],
)
def test_bad_input_gets_a_persian_message_and_changes_nothing(client, net, links, data, message):
    client.force_login(net.hq_editor)
    with unchanged():
        response = client.post(LIST, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "چند مورد از فرم درست نیست" in html
    assert message in html or message in html.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_an_address_without_a_scheme_is_taken_as_https(client, net):
    client.force_login(net.hq_admin)
    client.post(LIST, {**VALID, "url": "khedmat.example/x"})
    assert EServiceLink.objects.get().url == "https://khedmat.example/x"


def test_editing_a_link(client, net, links):
    client.force_login(net.hq_admin)
    edit = reverse("portal:eservice_edit", args=[links[1].pk])
    form = client.get(edit)
    assert 'value="دوم"' in form.content.decode()
    data = {"title": "دوم تازه", "url": "https://new.example/", "description": "توضیح"}
    response = client.post(edit, data)  # "is_active" unticked: hidden
    assert response.status_code == 302
    links[1].refresh_from_db()
    assert (links[1].title, links[1].url, links[1].is_active) == (
        "دوم تازه",
        "https://new.example/",
        False,
    )
    entry = AuditEntry.objects.get(action="portal.eservice.update")
    assert entry.changes["is_active"] == [True, False]
    # A hidden link stays in the desk's list and leaves the public pages.
    assert "دوم تازه" in client.get(LIST).content.decode()
    client.logout()
    assert "دوم تازه" not in client.get(reverse("portal:home")).content.decode()


def test_saving_without_a_change_writes_no_audit_row(client, net, links):
    client.force_login(net.hq_admin)
    edit = reverse("portal:eservice_edit", args=[links[0].pk])
    data = {"title": "یکم", "url": "https://0.example/", "description": "", "is_active": "on"}
    with unchanged():
        assert client.post(edit, data).status_code == 302


def test_editing_with_bad_input_changes_nothing(client, net, links):
    client.force_login(net.hq_editor)
    edit = reverse("portal:eservice_edit", args=[links[0].pk])
    with unchanged():
        response = client.post(edit, {"title": "", "url": "https://0.example/"})
    assert response.status_code == 400
    assert "این فیلد لازم است." in response.content.decode()


def test_removing_a_link(client, net, links):
    client.force_login(net.hq_editor)
    response = client.post(reverse("portal:eservice_delete", args=[links[0].pk]), follow=True)
    assert "«یکم» حذف شد." in response.content.decode()
    assert titles() == ["دوم", "سوم"]
    assert AuditEntry.objects.filter(action="portal.eservice.delete").count() == 1
    assert client.get(reverse("portal:eservice_delete", args=[links[1].pk])).status_code == 405
    assert client.post(reverse("portal:eservice_delete", args=[links[0].pk])).status_code == 404


def test_moving_links_up_and_down(client, net, links):
    client.force_login(net.hq_editor)
    move = reverse("portal:eservice_move", args=[links[2].pk])
    client.post(move, {"direction": "up"})
    assert titles() == ["یکم", "سوم", "دوم"]
    client.post(move, {"direction": "up"})
    assert titles() == ["سوم", "یکم", "دوم"]
    assert AuditEntry.objects.filter(action="portal.eservice.move").count() == 2
    # At the top already: nothing moves, nothing is audited.
    with unchanged():
        client.post(move, {"direction": "up"})
        response = client.post(move, {"direction": "sideways"}, follow=True)
    assert "جهت جابه‌جایی نامعتبر است." in response.content.decode()


def test_moving_after_a_removal_renumbers_without_gaps(net, links):
    services.eservice_delete(actor=net.hq_editor, link=links[1])
    assert services.eservice_move(actor=net.hq_editor, link=links[2], direction="up")
    assert titles() == ["سوم", "یکم"]
    assert list(EServiceLink.objects.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
    ]


# --- The demo ------------------------------------------------------------------------------


def test_the_demo_loads_the_usual_e_services_and_some_reads_once(db):
    from hamafza.newsroom.demo import demo_load as newsroom_demo_load
    from hamafza.org.demo import demo_load as org_demo_load

    with pytest.raises(CommandError):
        demo_load()
    org_demo_load()
    newsroom_demo_load()
    counts = demo_load()
    assert counts["eservices"] == len(DEMO_ESERVICES) == EServiceLink.objects.count()
    assert titles()[0] == "میز خدمت الکترونیک"
    assert counts["reads"] == sum(StoryDailyViews.objects.values_list("views", flat=True)) > 0
    seed_reads = StoryDailyViews.objects.filter(story__code=102685)
    assert seed_reads.count() == 7
    assert AuditEntry.objects.filter(action="portal.demo.load").count() == 1
    # Again: nothing more, and HQ's edits survive.
    EServiceLink.objects.filter(position=0).update(title="ویرایش ستاد")
    assert demo_load() == {"eservices": 0, "reads": 0}
    assert EServiceLink.objects.count() == len(DEMO_ESERVICES)
    assert titles()[0] == "ویرایش ستاد"
