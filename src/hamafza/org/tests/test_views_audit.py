"""The audit log page: HQ admins only, filters (Jalali dates included), readable changes."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.common.audit import audit_log
from hamafza.common.models import AuditEntry
from hamafza.org import services
from hamafza.org.models import Role

HTMX = {"HX-Request": "true"}
AUDIT = reverse("org:audit_log")


def actions(response) -> list[str]:
    assert response.status_code == 200
    return [entry.action for entry in response.context["pagination"].items]


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    """An aware datetime in the installation's time zone (Asia/Tehran)."""
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def history(net):
    """Audit rows from real services plus three dated rows around Nowruz 1405."""
    services.membership_add(
        actor=net.tehran_head, user=net.shemiranat_reporter, unit=net.tehran, role=Role.EDITOR
    )
    services.user_set_active(actor=net.tehran_head, user=net.shemiranat_reporter, active=False)
    services.partner_create(
        actor=net.isfahan_editor,
        owner_unit=net.isfahan,
        domains=["inter_agency"],
        name="دانشگاه اصفهان",
        kind="university",
    )
    # 1404/12/29 = 2026-03-20, 1405/01/01 = 2026-03-21, 1405/01/02 = 2026-03-22.
    for action, when in [
        ("org.dated.last_day_of_1404", at(2026, 3, 20, 23)),
        ("org.dated.nowruz_1405", at(2026, 3, 21, 0)),
        ("org.dated.second_day", at(2026, 3, 22, 9)),
    ]:
        AuditEntry.objects.create(action=action, created_at=when, actor_username="system")


def test_only_hq_admins_read_the_audit_log(client, net):
    client.force_login(net.hq_admin)
    assert client.get(AUDIT).status_code == 200
    for persona in ("tehran_head", "hq_editor", "isfahan_editor", "outsider"):
        client.force_login(getattr(net, persona))
        assert client.get(AUDIT).status_code == 403, persona


def test_nav_links_the_audit_log_for_hq_admins_only(client, net):
    client.force_login(net.tehran_head)
    assert AUDIT not in client.get(reverse("org:desk_home")).content.decode()
    client.force_login(net.hq_admin)
    assert AUDIT in client.get(reverse("org:desk_home")).content.decode()


def test_newest_first_with_readable_changes(client, net, history):
    client.force_login(net.hq_admin)
    response = client.get(AUDIT)
    listed = actions(response)
    assert listed[:3] == ["org.partner.create", "org.member.deactivate", "org.membership.add"]
    assert listed[-3:] == [
        "org.dated.second_day",
        "org.dated.nowruz_1405",
        "org.dated.last_day_of_1404",
    ]
    html = response.content.decode()
    # is_active: True → False, shown as yes → no; the membership row shows role: — → editor.
    assert '<code class="ltr">is_active</code>: <del>بله</del>' in html
    assert "<ins>خیر</ins>" in html
    assert "<ins>editor</ins>" in html
    assert "<ins>inter_agency</ins>" in html  # a list value
    assert "tehran.head" in html
    assert "استان تهران" in html
    assert "۱۴۰۵" in html  # Jalali dates


def test_filter_by_action_prefix(client, net, history):
    client.force_login(net.hq_admin)
    assert actions(client.get(AUDIT, {"action": "org.membership"})) == ["org.membership.add"]
    assert set(actions(client.get(AUDIT, {"action": "org.member"}))) == {
        "org.member.deactivate",
        "org.membership.add",
    }
    assert len(actions(client.get(AUDIT, {"action": "org."}))) == 6
    assert actions(client.get(AUDIT, {"action": "newsroom."})) == []


def test_filter_by_actor_and_unit(client, net, history):
    client.force_login(net.hq_admin)
    assert set(actions(client.get(AUDIT, {"actor": "Tehran.Head"}))) == {
        "org.member.deactivate",
        "org.membership.add",
    }
    assert actions(client.get(AUDIT, {"unit": "isfahan"})) == ["org.partner.create"]
    assert actions(client.get(AUDIT, {"unit": "tehran"})) == ["org.membership.add"]


def test_filter_by_jalali_date_range(client, net, history):
    client.force_login(net.hq_admin)
    dated = {"action": "org.dated"}
    assert actions(client.get(AUDIT, {**dated, "date_from": "۱۴۰۵/۰۱/۰۱"})) == [
        "org.dated.second_day",
        "org.dated.nowruz_1405",
    ]
    # "to" includes the whole day, until midnight Tehran time.
    assert actions(client.get(AUDIT, {**dated, "date_to": "1404/12/29"})) == [
        "org.dated.last_day_of_1404"
    ]
    assert actions(
        client.get(AUDIT, {**dated, "date_from": "1405-1-1", "date_to": "۱۴۰۵/۰۱/۰۱"})
    ) == ["org.dated.nowruz_1405"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "۱۴۰۵/۱۳/۴۰"}, "این تاریخ در تقویم شمسی وجود ندارد"),
        ({"date_to": "دیروز"}, "تاریخ را به شکل ۱۴۰۵/۰۹/۰۶ وارد کنید"),
        ({"date_from": "1405/02/01", "date_to": "1405/01/01"}, "تاریخ پایان پیش از تاریخ آغاز"),
        ({"unit": "atlantis"}, "انتخاب"),
    ],
)
def test_a_bad_filter_is_a_persian_error_not_a_crash(client, net, history, params, message):
    client.force_login(net.hq_admin)
    response = client.get(AUDIT, params)
    assert response.status_code == 200
    assert response.context["pagination"] is None
    assert message in response.content.decode()

    fragment = client.get(AUDIT, params, headers=HTMX).content.decode()
    assert "<html" not in fragment
    assert message in fragment


def test_htmx_gets_only_the_table(client, net, history):
    client.force_login(net.hq_admin)
    response = client.get(AUDIT, {"action": "org.partner"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="results"')
    assert "org.partner.create" in html


def test_audit_log_is_paginated_without_n_plus_one(client, net, django_assert_max_num_queries):
    for number in range(60):
        audit_log(
            actor=net.hq_admin,
            action="org.test.bulk",
            obj=net.tehran,
            unit=net.tehran,
            summary=f"row {number}",
            changes={"name": [f"old {number}", f"new {number}"], "skills": [[], ["photo"]]},
        )
    client.force_login(net.hq_admin)
    with django_assert_max_num_queries(9):
        first = client.get(AUDIT)
    assert len(actions(first)) == 50
    second = client.get(AUDIT, {"page": "2"})
    assert len(actions(second)) == 10
    assert ">۲</a>" in first.content.decode()


def test_nav_shows_hq_editor_sections_to_hq_editors_and_admins_only(client, net):
    eservices = reverse("portal:eservices")
    for persona, shown in (
        ("hq_editor", True),
        ("hq_admin", True),
        ("tehran_head", False),
        ("isfahan_editor", False),
    ):
        client.force_login(getattr(net, persona))
        page = client.get(reverse("org:desk_home")).content.decode()
        assert (f'href="{eservices}"' in page) is shown, persona


def test_nav_asks_an_app_whether_to_show_its_section(client, net):
    dashboard = reverse("insights:dashboard")
    for persona, shown in (("hq_editor", True), ("tehran_head", True), ("isfahan_editor", False)):
        client.force_login(getattr(net, persona))
        page = client.get(reverse("org:desk_home")).content.decode()
        assert (f'href="{dashboard}"' in page) is shown, persona
