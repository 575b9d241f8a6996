"""Scoping per role and unit, in the desk and the API: another unit's unapproved plan does not
exist for you; an approved one is visible to the network; only writers write."""

import pytest

from hamafza.plans import services
from hamafza.plans.models import MediaAttachment, Plan
from hamafza.plans.tests.factories import plan_for, plans_state
from hamafza.strategy.tests.factories import strategy_document

S = Plan.Status


@pytest.fixture
def tehran_plan(net):
    strategy_document()
    return plan_for(net.tehran, title="طرح محرمانه تهران")


SEES = {
    "tehran_head": True,
    "tehran_reporter": True,
    "tehran_viewer": True,
    "shemiranat_head": False,  # a county does not see its province's unapproved plans
    "isfahan_head": False,
    "hq_admin": True,
    "hq_editor": True,
}


@pytest.mark.parametrize(("persona", "sees"), SEES.items())
def test_unapproved_plans_stay_in_their_units_line(net, client, tehran_plan, persona, sees):
    client.force_login(getattr(net, persona))
    page = client.get(f"/desk/plans/{tehran_plan.pk}/")
    api = client.get(f"/api/v1/plans/{tehran_plan.pk}")
    listed = client.get("/api/v1/plans").json()
    assert (page.status_code, api.status_code) == ((200, 200) if sees else (404, 404))
    assert (listed["count"] == 1) is sees
    assert ("طرح محرمانه تهران" in client.get("/desk/plans/").content.decode()) is sees


def test_a_county_sees_its_own_and_the_province_sees_the_countys(net, client):
    strategy_document()
    county_plan = plan_for(net.shemiranat)
    for persona, code in (("shemiranat_head", 200), ("tehran_editor", 200), ("isfahan_head", 404)):
        client.force_login(getattr(net, persona))
        assert client.get(f"/api/v1/plans/{county_plan.pk}").status_code == code


def test_approved_plans_are_visible_to_the_network(net, client, tehran_plan):
    Plan.objects.filter(pk=tehran_plan.pk).update(status=S.RUNNING)
    client.force_login(net.isfahan_head)
    assert client.get(f"/desk/plans/{tehran_plan.pk}/").status_code == 200
    # …but not writable by them.
    version = MediaAttachment.objects.get(plan=tehran_plan).version
    before = plans_state()
    response = client.patch(
        f"/api/v1/plans/{tehran_plan.pk}/attachment",
        {"version": version, "idea": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert plans_state() == before


@pytest.mark.parametrize(
    ("persona", "code"),
    [("tehran_reporter", 403), ("tehran_viewer", 403), ("isfahan_head", 404), ("outsider", 403),
     ("tehran_editor", 200), ("hq_editor", 200)],
)  # fmt: skip
def test_who_writes_the_attachment(net, client, tehran_plan, persona, code):
    client.force_login(getattr(net, persona))
    before = plans_state()
    response = client.post(
        f"/api/v1/plans/{tehran_plan.pk}/attachment/spokespersons",
        {"version": 1, "name": "سخنگو"},
        content_type="application/json",
    )
    assert response.status_code == code
    if code != 200:
        assert plans_state() == before
    html = client.post(
        f"/desk/plans/{tehran_plan.pk}/attachment/risk/",
        {"risk-version": MediaAttachment.objects.get(plan=tehran_plan).version,
         "risk-kind": "risk", "risk-description": "ریسک", "risk-mitigation": "پاسخ"},
    )  # fmt: skip
    assert html.status_code == (302 if code == 200 else code)


def test_registering_a_plan_for_another_unit_is_refused(net, client):
    strategy_document()
    client.force_login(net.isfahan_head)
    before = plans_state()
    response = client.post(
        "/api/v1/plans",
        {"unit": "tehran", "title": "طرح", "starts_on": "2026-04-01", "ends_on": "2026-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert plans_state() == before


def test_the_api_gate_refusal_lists_codes(net, client, tehran_plan):
    services.plan_transition(actor=net.tehran_editor, plan=tehran_plan, name="submit")
    client.force_login(net.tehran_head)
    before = plans_state()
    response = client.post(
        f"/api/v1/plans/{tehran_plan.pk}/approve", {}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "gate_closed"
    assert body["missing"][0] == {"code": "objectives", "message": "دست‌کم یک هدف SMART"}
    assert body["missing"][-1]["code"] == "attachment_approval"
    assert plans_state() == before
    # The desk shows the same list in Persian.
    page = client.post(
        f"/desk/plans/{tehran_plan.pk}/do/approve/", {"approve-version": tehran_plan.version + 1}
    )
    assert page.status_code == 400
    assert "دست‌کم یک هدف SMART" in page.content.decode()


def test_the_api_refuses_a_stale_attachment_with_409(net, client, tehran_plan):
    client.force_login(net.tehran_editor)
    response = client.patch(
        f"/api/v1/plans/{tehran_plan.pk}/attachment",
        {"version": 7, "idea": "x"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["attachment_version"] == 1
