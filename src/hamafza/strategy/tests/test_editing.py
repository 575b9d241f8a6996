"""Editing a draft's goals, key messages, audiences and indicators in place: in the desk (htmx
and plain pages) and by PUT in the API, through the services, from the document's version. A
stale edit is refused (Persian message / 409) and changes nothing; strategists only."""

from typing import Any

import pytest

from hamafza.common.models import AuditEntry
from hamafza.strategy.models import (
    Audience,
    Goal,
    Indicator,
    IndicatorPeriod,
    KeyMessage,
    StrategyDocument,
)
from hamafza.strategy.tests.factories import strategy_document

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(net):
    return strategy_document(status=StrategyDocument.Status.DRAFT)


def _state():
    return (
        list(StrategyDocument.objects.order_by("pk").values()),
        list(Goal.objects.order_by("pk").values()),
        list(KeyMessage.objects.order_by("pk").values()),
        list(Audience.objects.order_by("pk").values()),
        list(Indicator.objects.order_by("pk").values()),
        list(IndicatorPeriod.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def _version(document) -> int:
    return StrategyDocument.objects.get(pk=document.pk).version


def _goal(document) -> Goal:
    return Goal.objects.filter(document=document).order_by("position")[0]


def _message(document) -> KeyMessage:
    return KeyMessage.objects.filter(goal__document=document).order_by("pk")[0]


def _url(document, part: str, pk: int) -> str:
    return f"/desk/strategy/{document.pk}/{part}/{pk}/edit/"


def test_the_edit_form_comes_in_place(net, client, draft):
    client.force_login(net.hq_editor)
    goal = _goal(draft)
    page = client.get(f"/desk/strategy/{draft.pk}/").content.decode()
    assert f'hx-get="{_url(draft, "goal", goal.pk)}"' in page
    html = client.get(_url(draft, "goal", goal.pk), **HX).content.decode()
    assert "<html" not in html
    assert f'value="{goal.title}"' in html
    assert f'name="edit-version" value="{draft.version}"' in html
    assert "<html" in client.get(_url(draft, "goal", goal.pk)).content.decode()


@pytest.mark.parametrize(
    ("part", "fields", "read"),
    [
        ("goal", {"title": "هدف تازه", "description": "شرح تازه"},
         lambda d: _goal(d).title),
        ("message", {"text": "پیام تازه"},
         lambda d: _message(d).text),
        ("audience", {"name": "مخاطب تازه", "description": ""},
         lambda d: Audience.objects.get(document=d).name),
        ("indicator", {"name": "شاخص تازه", "measure": "گزارش", "goal": ""},
         lambda d: Indicator.objects.get(document=d).name),
    ],
)  # fmt: skip
def test_each_part_is_edited_from_the_desk(net, client, draft, part, fields, read):
    obj: Any = {
        "goal": lambda: _goal(draft),
        "message": lambda: _message(draft),
        "audience": lambda: Audience.objects.get(document=draft),
        "indicator": lambda: Indicator.objects.get(document=draft),
    }[part]()
    client.force_login(net.hq_editor)
    version = _version(draft)
    data = {f"edit-{k}": v for k, v in fields.items()} | {"edit-version": version}
    response = client.post(_url(draft, part, obj.pk), data)
    assert response.status_code == 302
    assert read(draft) == next(iter(fields.values()))
    assert _version(draft) == version + 1
    action = "key_message" if part == "message" else part
    assert AuditEntry.objects.filter(action=f"strategy.{action}.update").count() == 1


def test_editing_an_indicator_keeps_its_periods(net, client, draft):
    client.force_login(net.hq_editor)
    indicator = Indicator.objects.get(document=draft)
    periods = list(indicator.periods.values_list("year", "quarter", "baseline", "target"))
    data = {"edit-name": "شاخص تازه", "edit-measure": "خبر", "edit-goal": "",
            "edit-version": _version(draft)}  # fmt: skip
    assert client.post(_url(draft, "indicator", indicator.pk), data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.goal_id) == ("شاخص تازه", None)
    assert list(indicator.periods.values_list("year", "quarter", "baseline", "target")) == periods


def test_a_stale_desk_edit_is_refused_and_changes_nothing(net, client, draft):
    client.force_login(net.hq_editor)
    goal = _goal(draft)
    data = {"edit-title": "هدف تازه", "edit-description": "", "edit-version": _version(draft) + 5}
    before = _state()
    htmx = client.post(_url(draft, "goal", goal.pk), data, **HX)
    page = client.post(_url(draft, "goal", goal.pk), data, follow=True)
    assert _state() == before
    assert htmx.status_code == 409
    assert "کاری انجام نشد" in htmx.content.decode()
    assert "کاری انجام نشد" in page.content.decode()


# Drafts are the strategists' own: anyone else does not find them (the desk tells a person who
# is not staff at all that they may not enter).
@pytest.mark.parametrize(
    ("persona", "codes"),
    [("tehran_head", (404, 404)), ("hq_admin", (404, 404)), ("tehran_editor", (404, 404)),
     ("outsider", (403, 404))],
)  # fmt: skip
def test_only_strategists_edit(net, client, draft, persona, codes):
    client.force_login(getattr(net, persona))
    goal = _goal(draft)
    before = _state()
    desk = client.post(
        _url(draft, "goal", goal.pk),
        {"edit-title": "x", "edit-description": "", "edit-version": _version(draft)},
    )
    api = client.put(
        f"/api/v1/strategy/goals/{goal.pk}",
        {"title": "x", "version": _version(draft)},
        content_type="application/json",
    )
    assert _state() == before
    assert (desk.status_code, api.status_code) == codes


def test_the_active_version_is_not_edited(net, client):
    active = strategy_document()
    client.force_login(net.hq_editor)
    goal = _goal(active)
    before = _state()
    response = client.put(
        f"/api/v1/strategy/goals/{goal.pk}",
        {"title": "x", "version": _version(active)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert _state() == before


def test_the_api_edits_each_part(net, client, draft):
    client.force_login(net.hq_editor)
    goal = _goal(draft)
    message = _message(draft)
    audience = Audience.objects.get(document=draft)
    indicator = Indicator.objects.get(document=draft)
    calls: list[tuple[str, dict[str, object]]] = [
        (f"goals/{goal.pk}", {"title": "هدف تازه"}),
        (f"messages/{message.pk}", {"text": "پیام تازه"}),
        (f"audiences/{audience.pk}", {"name": "مخاطب تازه"}),
        (f"indicators/{indicator.pk}", {"name": "شاخص تازه", "goal": goal.pk,
                                        "periods": [{"year": 1406, "baseline": 1, "target": 9}]}),
    ]  # fmt: skip
    for path, payload in calls:
        response = client.put(
            f"/api/v1/strategy/{path}",
            {**payload, "version": _version(draft)},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    body = response.json()
    assert body["goals"][0]["title"] == "هدف تازه"
    assert body["audiences"][0]["name"] == "مخاطب تازه"
    indicator.refresh_from_db()
    assert list(indicator.periods.values_list("year", "target")) == [(1406, 9)]
    assert KeyMessage.objects.get(pk=message.pk).text == "پیام تازه"


def test_the_api_needs_the_version_and_refuses_a_stale_one(net, client, draft):
    client.force_login(net.hq_editor)
    goal = _goal(draft)
    url = f"/api/v1/strategy/goals/{goal.pk}"
    before = _state()
    missing = client.put(url, {"title": "x"}, content_type="application/json")
    stale = client.put(
        url, {"title": "x", "version": _version(draft) + 3}, content_type="application/json"
    )
    assert _state() == before
    assert missing.status_code == 422
    assert stale.status_code == 409
    assert stale.json()["version"] == _version(draft)


def test_an_indicator_goal_from_another_document_is_refused(net, client, draft):
    active = strategy_document()
    client.force_login(net.hq_editor)
    indicator = Indicator.objects.get(document=draft)
    before = _state()
    response = client.put(
        f"/api/v1/strategy/indicators/{indicator.pk}",
        {"name": "x", "goal": _goal(active).pk, "version": _version(draft)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert _state() == before
