"""Who may ask for support, who sees a request, who manages it and who answers an offer.
Every refusal also asserts that nothing changed."""

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from hamafza.network.permissions.support import access_support_request, visible_requests
from hamafza.network.services import support as services
from hamafza.network.tests.factories_support import (
    offer_of,
    skilled,
    support_for,
    support_state,
)

pytestmark = pytest.mark.django_db


def _refused(call: Callable[[], Any], error: type[Exception] = PermissionDenied) -> None:
    before = support_state()
    with pytest.raises(error):
        call()
    assert support_state() == before


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("tehran_viewer", "tehran"),
        ("outsider", "tehran"),
        ("isfahan_head", "tehran"),
        ("tehran_reporter", "shemiranat"),  # a reporter asks for their own unit only
        ("shemiranat_head", "tehran"),  # nor for the unit above
    ],
)
def test_who_may_not_ask(net, persona, unit):
    _refused(lambda: support_for(getattr(net, unit), getattr(net, persona)))


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("shemiranat_reporter", "shemiranat"),
        ("tehran_reporter", "tehran"),
        ("tehran_editor", "shemiranat"),
        ("hq_editor", "isfahan"),
    ],
)
def test_writers_ask_for_their_unit_and_supervisors_for_those_below(net, persona, unit):
    request = support_for(getattr(net, unit), getattr(net, persona))
    assert request.status == "open"
    assert request.unit == getattr(net, unit)


def test_bad_input_gets_a_persian_message_and_changes_nothing(net):
    from datetime import timedelta

    from django.utils import timezone

    from hamafza.network.tests.factories_support import skill

    before = support_state()
    with pytest.raises(ValidationError) as error:
        services.support_request_create(
            actor=net.tehran_head,
            unit=net.tehran,
            skill=skill(),
            title="  ",
            place="",
            starts_at=timezone.now() - timedelta(days=2),
            people_needed=0,
        )
    assert set(error.value.message_dict) == {"title", "place", "starts_at", "people_needed"}
    assert "محل" in " ".join(error.value.message_dict["place"])
    assert support_state() == before


def test_the_line_hq_and_offered_people_see_a_request(net):
    skilled(net.isfahan_editor, net.khorasan_video)
    request = support_for(net.shemiranat, net.shemiranat_reporter, offer_count=1)
    offered = {o.user for o in request.offers.all()}
    assert offered == {net.isfahan_editor}
    for persona in (
        "shemiranat_reporter",
        "shemiranat_head",
        "tehran_head",
        "tehran_viewer",
        "hq_admin",
        "hq_editor",
        "isfahan_editor",
    ):
        assert access_support_request(getattr(net, persona), request.pk) == request, persona
    for persona in ("isfahan_head", "khorasan_video"):
        with pytest.raises(Http404):
            access_support_request(getattr(net, persona), request.pk)
    with pytest.raises(PermissionDenied):
        access_support_request(net.outsider, request.pk)


def test_another_provinces_open_request_is_visible_to_offered_people_only(net):
    skilled(net.tehran_reporter)
    request = support_for(net.isfahan, net.isfahan_editor)
    assert list(request.offers.values_list("user__username", flat=True)) == ["tehran.reporter"]
    assert request in visible_requests(net.tehran_reporter)
    for persona in ("tehran_head", "tehran_editor", "shemiranat_head", "khorasan_video"):
        assert request not in visible_requests(getattr(net, persona))


def test_a_province_does_not_see_a_sibling_province_request(net):
    request = support_for(net.kashan, net.isfahan_head)
    assert request in visible_requests(net.isfahan_editor)
    assert request not in visible_requests(net.tehran_head)
    assert request in visible_requests(net.hq_admin)


def test_only_the_offered_practitioner_answers(net):
    skilled(net.isfahan_editor)
    request = support_for(net.tehran, net.tehran_reporter)
    offer = offer_of(request, net.isfahan_editor)
    for persona in ("tehran_head", "isfahan_head", "hq_admin"):
        actor = getattr(net, persona)
        _refused(partial(services.support_offer_accept, actor=actor, offer=offer))
        _refused(partial(services.support_offer_decline, actor=actor, offer=offer))


def test_only_the_line_and_hq_manage(net):
    skilled(net.isfahan_editor)
    request = support_for(net.tehran, net.tehran_reporter)
    offer = offer_of(request, net.isfahan_editor)
    services.support_offer_accept(actor=net.isfahan_editor, offer=offer)
    for persona in ("isfahan_editor", "isfahan_head", "tehran_viewer", "shemiranat_head"):
        user = getattr(net, persona)
        _refused(partial(services.support_offer_confirm, actor=user, offer=offer))
        _refused(partial(services.support_request_cancel, actor=user, request=request))
        _refused(partial(services.support_offer_next, actor=user, request=request))
    services.support_offer_confirm(actor=net.hq_editor, offer=offer)
    assert offer_of(request, net.isfahan_editor).status == "confirmed"


def test_a_declined_or_closed_offer_cannot_be_answered_again(net):
    skilled(net.isfahan_editor)
    request = support_for(net.tehran, net.tehran_reporter)
    offer = offer_of(request, net.isfahan_editor)
    services.support_offer_decline(actor=net.isfahan_editor, offer=offer, reason="مرخصی هستم")
    _refused(lambda: services.support_offer_accept(actor=net.isfahan_editor, offer=offer))
    services.support_request_cancel(actor=net.tehran_head, request=request)
    _refused(lambda: services.support_offer_decline(actor=net.isfahan_editor, offer=offer))
