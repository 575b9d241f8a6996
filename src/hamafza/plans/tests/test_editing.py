"""Editing existing rows: the attachment's parts and the activities, in the desk (htmx in
place and plain pages) and the API, through the services with the optimistic version check. A
stale edit is refused with a Persian message (409) and changes nothing; only the plan's
writers edit, and another unit's unapproved plan does not exist for you."""

import pytest

from hamafza.common.models import AuditEntry
from hamafza.plans import services
from hamafza.plans.models import Activity, MediaAttachment, Plan, Spokesperson
from hamafza.plans.services import StaleActivity
from hamafza.plans.tests.factories import fill_attachment, plan_for, unchanged
from hamafza.strategy.tests.factories import strategy_document

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(net):
    strategy_document()
    plan = plan_for(net.tehran, title="طرح تهران")
    fill_attachment(plan)
    return plan


def _version(plan: Plan) -> int:
    return MediaAttachment.objects.get(plan=plan).version


def _spokesperson(plan: Plan) -> Spokesperson:
    return Spokesperson.objects.get(attachment__plan=plan)


def _edit_url(plan: Plan, part: Spokesperson) -> str:
    return f"/desk/plans/{plan.pk}/attachment/spokesperson/{part.pk}/edit/"


def _form(plan: Plan, version: int, name: str = "سخنگوی تازه") -> dict[str, object]:
    return {"spokesperson-version": version, "spokesperson-name": name,
            "spokesperson-title": "معاون", "spokesperson-topics": "اشتغال"}  # fmt: skip


# --- Attachment parts in the desk ------------------------------------------------------------


def test_the_edit_form_comes_in_place_with_the_rows_values(net, client, plan):
    client.force_login(net.tehran_editor)
    part = _spokesperson(plan)
    page = client.get(f"/desk/plans/{plan.pk}/attachment/").content.decode()
    assert f'hx-get="{_edit_url(plan, part)}"' in page
    fragment = client.get(_edit_url(plan, part), **HX)
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert 'value="مدیرکل"' in html
    assert f'name="spokesperson-version" value="{_version(plan)}"' in html
    # Without JavaScript: the same form on a page of its own.
    assert "<html" in client.get(_edit_url(plan, part)).content.decode()


def test_an_edit_saves_bumps_the_version_and_writes_an_audit_row(net, client, plan):
    client.force_login(net.tehran_editor)
    part, version = _spokesperson(plan), _version(plan)
    response = client.post(_edit_url(plan, part), _form(plan, version))
    assert response.status_code == 302
    part.refresh_from_db()
    assert (part.name, part.title, part.topics) == ("سخنگوی تازه", "معاون", "اشتغال")
    assert _version(plan) == version + 1
    entry = AuditEntry.objects.get(action="plans.attachment.spokesperson_update")
    assert entry.unit_id == net.tehran.pk
    assert "سخنگوی تازه" in str(entry.changes)


def test_an_htmx_edit_answers_with_the_attachment_body(net, client, plan):
    client.force_login(net.tehran_editor)
    part = _spokesperson(plan)
    response = client.post(_edit_url(plan, part), _form(plan, _version(plan)), **HX)
    assert response.status_code == 200
    assert 'id="attachment-body"' in response.content.decode()
    assert "سخنگوی تازه" in response.content.decode()


def test_a_stale_edit_is_refused_in_persian_and_changes_nothing(net, client, plan):
    client.force_login(net.tehran_editor)
    part, version = _spokesperson(plan), _version(plan)
    services.attachment_update(actor=net.tehran_head, plan=plan, version=version, people="سه نفر")
    with unchanged():
        page = client.post(_edit_url(plan, part), _form(plan, version))
        htmx = client.post(_edit_url(plan, part), _form(plan, version), **HX)
    assert (page.status_code, htmx.status_code) == (409, 409)
    html = page.content.decode()
    assert "تغییر شما ذخیره نشد" in html
    # What was typed stays; the form now carries the current version.
    assert "سخنگوی تازه" in html
    assert f'name="spokesperson-version" value="{version + 1}"' in html
    assert _spokesperson(plan).name == "مدیرکل"


def test_bad_input_is_refused_and_changes_nothing(net, client, plan):
    client.force_login(net.tehran_editor)
    part = _spokesperson(plan)
    with unchanged():
        response = client.post(_edit_url(plan, part), _form(plan, _version(plan), name=" "))
    assert response.status_code == 400


def test_a_part_of_another_plan_is_not_found(net, client, plan):
    other = plan_for(net.tehran, title="طرح دیگر")
    client.force_login(net.tehran_editor)
    part = _spokesperson(plan)
    url = f"/desk/plans/{other.pk}/attachment/spokesperson/{part.pk}/edit/"
    with unchanged():
        assert client.post(url, _form(other, _version(other))).status_code == 404


@pytest.mark.parametrize(
    ("persona", "code"),
    [("tehran_reporter", 403), ("tehran_viewer", 403), ("shemiranat_head", 404),
     ("isfahan_head", 404), ("tehran_editor", 302), ("tehran_head", 302), ("hq_editor", 302)],
)  # fmt: skip
def test_who_edits_a_part_in_the_desk(net, client, plan, persona, code):
    client.force_login(getattr(net, persona))
    part = _spokesperson(plan)
    before = _spokesperson(plan).name
    response = client.post(_edit_url(plan, part), _form(plan, _version(plan)))
    assert response.status_code == code
    assert (_spokesperson(plan).name == before) is (code != 302)


def test_once_approved_the_attachment_is_not_editable(net, client, plan):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.RUNNING)
    client.force_login(net.tehran_editor)
    part = _spokesperson(plan)
    with unchanged():
        response = client.post(_edit_url(plan, part), _form(plan, _version(plan)))
    assert response.status_code == 403


# --- Attachment parts in the API ------------------------------------------------------------


def _put(client, plan, part, version, name="سخنگوی تازه"):
    return client.put(
        f"/api/v1/plans/{plan.pk}/attachment/spokespersons/{part.pk}",
        {"version": version, "name": name, "title": "معاون"},
        content_type="application/json",
    )


def test_the_api_replaces_a_part(net, client, plan):
    client.force_login(net.tehran_editor)
    version = _version(plan)
    response = _put(client, plan, _spokesperson(plan), version)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == version + 1
    assert body["spokespeople"][0]["name"] == "سخنگوی تازه"
    assert body["spokespeople"][0]["topics"] == ""


def test_the_api_refuses_a_stale_part_edit_with_409(net, client, plan):
    client.force_login(net.tehran_editor)
    version = _version(plan)
    with unchanged():
        response = _put(client, plan, _spokesperson(plan), version - 1)
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["attachment_version"] == version


def test_the_api_edits_an_indicator_within_its_rules(net, client, plan):
    client.force_login(net.tehran_editor)
    indicator = plan.attachment.indicators.get(level="outtake")
    url = f"/api/v1/plans/{plan.pk}/attachment/indicators/{indicator.pk}"
    with unchanged():
        refused = client.put(
            url, {"version": _version(plan), "level": "outtake", "name": "بازدید",
                  "source": "published_stories"}, content_type="application/json",
        )  # fmt: skip
    assert refused.status_code == 400
    saved = client.put(
        url, {"version": _version(plan), "level": "outtake", "name": "بازدید", "source": "reads",
              "target": "500"}, content_type="application/json",
    )  # fmt: skip
    assert saved.status_code == 200
    indicator.refresh_from_db()
    assert (indicator.source, indicator.target) == ("reads", 500)


@pytest.mark.parametrize(
    ("persona", "code"),
    [("tehran_reporter", 403), ("tehran_viewer", 403), ("isfahan_head", 404), ("outsider", 403),
     ("tehran_editor", 200), ("hq_editor", 200)],
)  # fmt: skip
def test_who_edits_a_part_in_the_api(net, client, plan, persona, code):
    client.force_login(getattr(net, persona))
    part = _spokesperson(plan)
    if code == 200:
        assert _put(client, plan, part, _version(plan)).status_code == 200
        return
    with unchanged():
        assert _put(client, plan, part, _version(plan)).status_code == code


# --- Activities -----------------------------------------------------------------------------


def _activity(plan: Plan) -> Activity:
    return Activity.objects.get(plan=plan)


def test_every_activity_change_bumps_its_version(net, plan):
    activity = _activity(plan)
    assert activity.version == 1
    activity = services.activity_update(
        actor=net.tehran_editor, activity=activity, version=1, title="نشست تازه"
    )
    assert activity.version == 2
    activity = services.activity_set_status(
        actor=net.tehran_editor, activity=activity, status="in_progress", version=2
    )
    assert _activity(plan).version == 3


def test_a_stale_activity_edit_is_refused_and_changes_nothing(net, plan):
    activity = _activity(plan)
    services.activity_update(actor=net.tehran_head, activity=activity, version=1, title="نخست")
    with unchanged():
        with pytest.raises(StaleActivity):
            services.activity_update(
                actor=net.tehran_editor, activity=activity, version=1, title="دوم"
            )
        with pytest.raises(StaleActivity):
            services.activity_set_status(
                actor=net.tehran_editor, activity=activity, status="done", version=1
            )
        with pytest.raises(StaleActivity):
            services.activity_delete(actor=net.tehran_editor, activity=activity, version=1)
    assert _activity(plan).title == "نخست"


def _activity_form(activity: Activity, version: int, title: str) -> dict[str, object]:
    return {"title": title, "channel": "event", "date": "1405/02/11", "unit": activity.unit_id,
            "version": version}  # fmt: skip


def test_the_desk_refuses_a_stale_activity_edit_in_persian(net, client, plan):
    activity = _activity(plan)
    client.force_login(net.tehran_editor)
    form = client.get(f"/desk/plans/activities/{activity.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in form
    services.activity_update(actor=net.tehran_head, activity=activity, version=1, title="نخست")
    url = f"/desk/plans/activities/{activity.pk}/edit/"
    with unchanged():
        response = client.post(url, _activity_form(activity, 1, "دوم"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "تغییر شما ذخیره نشد" in html
    assert 'name="version" value="2"' in html
    saved = client.post(url, _activity_form(activity, 2, "دوم"))
    assert saved.status_code == 302
    assert (_activity(plan).title, _activity(plan).version) == ("دوم", 3)
    assert AuditEntry.objects.filter(action="plans.activity.update").count() == 2


def test_the_desk_refuses_a_stale_status_change(net, client, plan):
    activity = _activity(plan)
    client.force_login(net.tehran_editor)
    services.activity_update(actor=net.tehran_head, activity=activity, version=1, title="نخست")
    with unchanged():
        response = client.post(
            f"/desk/plans/activities/{activity.pk}/status/", {"status": "done", "version": 1},
            follow=True,
        )  # fmt: skip
    assert "تغییر شما ذخیره نشد" in response.content.decode()


def _api_put(client, activity, **extra):
    payload = {"title": "نشست تازه", "channel": "event", "date": "2026-05-01", **extra}
    return client.put(
        f"/api/v1/plans/activities/{activity.pk}", payload, content_type="application/json"
    )


def test_the_api_needs_the_activity_version_and_refuses_a_stale_one(net, client, plan):
    activity = _activity(plan)
    client.force_login(net.tehran_editor)
    with unchanged():
        assert _api_put(client, activity).status_code == 422
        stale = _api_put(client, activity, version=5)
        status = client.post(
            f"/api/v1/plans/activities/{activity.pk}/status",
            {"status": "done", "version": 5}, content_type="application/json",
        )  # fmt: skip
        deleted = client.delete(f"/api/v1/plans/activities/{activity.pk}?version=5")
    assert (stale.status_code, status.status_code, deleted.status_code) == (409, 409, 409)
    assert stale.json() == {
        "detail": stale.json()["detail"], "code": "conflict", "version": 1,
    }  # fmt: skip
    saved = _api_put(client, activity, version=1)
    assert saved.status_code == 200
    assert (saved.json()["title"], saved.json()["version"]) == ("نشست تازه", 2)


@pytest.mark.parametrize(
    ("persona", "code"),
    [("tehran_reporter", 403), ("tehran_viewer", 403), ("isfahan_head", 404), ("outsider", 403),
     ("shemiranat_head", 404), ("tehran_editor", 200), ("hq_editor", 200)],
)  # fmt: skip
def test_who_edits_an_activity_in_the_api(net, client, plan, persona, code):
    client.force_login(getattr(net, persona))
    activity = _activity(plan)
    if code == 200:
        assert _api_put(client, activity, version=1).status_code == 200
        return
    with unchanged():
        assert _api_put(client, activity, version=1).status_code == code
