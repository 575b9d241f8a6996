"""The strategy's versions: one active, drafts only change, strategists only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hamafza.common.models import AuditEntry
from hamafza.strategy import services
from hamafza.strategy.models import StrategyDocument
from hamafza.strategy.services import PeriodValue, StaleVersion
from hamafza.strategy.tests.factories import strategy_document

S = StrategyDocument.Status


def _state():
    return (
        list(StrategyDocument.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def test_activating_a_draft_archives_the_active_version(net):
    active = strategy_document()
    draft = services.document_create(actor=net.hq_editor, title="نسخه ۱۴۰۶", copy_from=active)
    assert [g.title for g in draft.goals.all()] == [g.title for g in active.goals.all()]
    assert draft.indicators.get().periods.count() == 2
    services.document_transition(actor=net.hq_editor, document=draft, name="activate")
    statuses = dict(StrategyDocument.objects.values_list("pk", "status"))
    assert statuses == {active.pk: S.ARCHIVED, draft.pk: S.ACTIVE}


def test_the_database_refuses_a_second_active_version(net):
    strategy_document()
    with pytest.raises(IntegrityError), transaction.atomic():
        strategy_document(title="دومین")


@pytest.mark.parametrize("persona", ["tehran_head", "hq_admin", "tehran_editor", "outsider"])
def test_only_hq_strategists_change_the_strategy(net, persona):
    draft = strategy_document(status=S.DRAFT)
    before = _state()
    with pytest.raises(PermissionDenied):
        services.goal_create(actor=getattr(net, persona), document=draft, title="هدف")
    with pytest.raises(PermissionDenied):
        services.document_transition(actor=getattr(net, persona), document=draft, name="activate")
    assert _state() == before


def test_the_active_version_does_not_change(net):
    active = strategy_document()
    before = _state()
    with pytest.raises(ValidationError):
        services.goal_create(actor=net.hq_editor, document=active, title="هدف تازه")
    assert _state() == before


def test_a_stale_draft_edit_is_refused(net):
    draft = strategy_document(status=S.DRAFT)
    services.document_update(
        actor=net.hq_editor, document=draft, version=1, title="الف", summary=""
    )
    before = _state()
    with pytest.raises(StaleVersion):
        services.document_update(
            actor=net.hq_editor, document=draft, version=1, title="ب", summary=""
        )
    assert _state() == before


def test_periods_are_checked_and_replaced(net):
    draft = strategy_document(status=S.DRAFT)
    indicator = draft.indicators.get()
    with pytest.raises(ValidationError):
        services.indicator_period_set(
            actor=net.hq_editor, indicator=indicator, period=PeriodValue(1405, 5, 1, 2)
        )
    services.indicator_period_set(
        actor=net.hq_editor, indicator=indicator, period=PeriodValue(1405, 1, 3, 12)
    )
    periods = {(p.year, p.quarter, int(p.target)) for p in indicator.periods.all()}
    assert periods == {(1405, 1, 12), (1405, None, 40)}


def test_the_desk_shows_the_active_version_to_every_member(net, client):
    strategy_document()
    draft = strategy_document(status=S.DRAFT, title="پیش‌نویس محرمانه")
    client.force_login(net.tehran_reporter)
    page = client.get("/desk/strategy/").content.decode()
    assert "توانمندی، نه ترحم" in page
    assert "پیش‌نویس محرمانه" not in page
    assert client.get(f"/desk/strategy/{draft.pk}/").status_code == 404
    printed = client.get(
        f"/desk/strategy/{StrategyDocument.objects.get(status=S.ACTIVE).pk}/print/"
    )
    assert printed.status_code == 200
    assert "۱۴۰۵" in printed.content.decode()


def test_a_strategist_builds_a_draft_in_the_desk(net, client):
    draft = strategy_document(status=S.DRAFT)
    client.force_login(net.hq_editor)
    response = client.post(
        f"/desk/strategy/{draft.pk}/goals/",
        {"goal-title": "دیپلماسی علمی", "goal-version": draft.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "دیپلماسی علمی" in response.content.decode()
    response = client.post(
        f"/desk/strategy/{draft.pk}/goals/",
        {"goal-title": "کهنه", "goal-version": draft.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert not draft.goals.filter(title="کهنه").exists()


def test_the_api_reads_and_refuses_like_the_desk(net, client):
    active = strategy_document()
    client.force_login(net.tehran_reporter)
    body = client.get("/api/v1/strategy/active").json()
    assert body["id"] == active.pk
    assert body["indicators"][0]["periods"][1] == {
        "year": 1405, "quarter": 1, "baseline": "2.00", "target": "10.00"
    }  # fmt: skip
    refused = client.post(
        "/api/v1/strategy/documents", {"title": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.force_login(net.hq_editor)
    created = client.post(
        "/api/v1/strategy/documents", {"title": "نسخه تازه"}, content_type="application/json"
    )
    assert created.status_code == 201
    assert len(created.json()["goals"]) == 2
    stale = client.patch(
        f"/api/v1/strategy/documents/{created.json()['id']}",
        {"version": 99, "title": "x"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == 1
