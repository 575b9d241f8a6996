"""A request's life: answers, confirmation, completion with credits, cancelling, expiry, the
notifications and audit rows it leaves, and the network view's figures."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.selectors.support import (
    domain_activity,
    network_edges,
    support_contributions,
    support_credits_for_story,
)
from hamafza.network.services import support as services
from hamafza.network.services.support import StaleSupportRequest
from hamafza.network.tests.factories_support import (
    offer_of,
    skilled,
    support_for,
    support_state,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _kinds(user):
    return list(
        Notification.objects.filter(recipient=user, kind__startswith="network.support")
        .order_by("pk")
        .values_list("kind", flat=True)
    )


@pytest.fixture
def asked(net):
    """Shemiranat asks for a photographer; Tehran's editor and Isfahan's editor are offered."""
    skilled(net.tehran_editor, net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    return request


def test_offered_people_are_notified_and_see_it_in_their_inbox(net, asked):
    assert _kinds(net.tehran_editor) == ["network.support.offered"]
    assert _kinds(net.isfahan_editor) == ["network.support.offered"]
    note = Notification.objects.get(recipient=net.isfahan_editor)
    assert "شهرستان شمیرانات" in note.text
    assert note.url == "/desk/network/support/offers/"
    actions = (
        AuditEntry.objects.filter(action__startswith="network.support")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert list(actions) == ["network.support.request.create", "network.support.request.offer"]


def test_answers_reach_the_requesting_units_writers(net, asked):
    services.support_offer_accept(actor=net.tehran_editor, offer=offer_of(asked, net.tehran_editor))
    services.support_offer_decline(
        actor=net.isfahan_editor, offer=offer_of(asked, net.isfahan_editor), reason="مأموریت دارم"
    )
    assert _kinds(net.shemiranat_head) == ["network.support.accepted", "network.support.declined"]
    assert _kinds(net.shemiranat_reporter) == _kinds(net.shemiranat_head)
    declined = Notification.objects.get(
        recipient=net.shemiranat_head, kind="network.support.declined"
    )
    assert "مأموریت دارم" in declined.text
    assert offer_of(asked, net.isfahan_editor).reason == "مأموریت دارم"
    assert not _kinds(net.tehran_head)  # the province is not the requesting unit


def test_confirming_starts_the_work_and_respects_the_number_needed(net, asked):
    services.support_offer_accept(actor=net.tehran_editor, offer=offer_of(asked, net.tehran_editor))
    services.support_offer_accept(
        actor=net.isfahan_editor, offer=offer_of(asked, net.isfahan_editor)
    )
    services.support_offer_confirm(
        actor=net.shemiranat_head, offer=offer_of(asked, net.tehran_editor)
    )
    asked.refresh_from_db()
    assert asked.status == SupportRequest.Status.IN_PROGRESS
    assert _kinds(net.tehran_editor)[-1] == "network.support.confirmed"
    before = support_state()
    with pytest.raises(ValidationError):
        services.support_offer_confirm(
            actor=net.shemiranat_head, offer=offer_of(asked, net.isfahan_editor)
        )
    assert support_state() == before
    assert AuditEntry.objects.filter(
        action="network.support.request.assign", changes__status=["open", "in_progress"]
    ).exists()


def test_a_confirmed_offer_cannot_be_confirmed_before_it_is_accepted(net, asked):
    before = support_state()
    with pytest.raises(ValidationError):
        services.support_offer_confirm(
            actor=net.shemiranat_head, offer=offer_of(asked, net.tehran_editor)
        )
    assert support_state() == before


def _in_progress(net, request):
    offer = offer_of(request, net.tehran_editor)
    services.support_offer_accept(actor=net.tehran_editor, offer=offer)
    services.support_offer_confirm(actor=net.shemiranat_head, offer=offer)
    request.refresh_from_db()
    return request


def test_completion_credits_the_helpers_on_the_units_stories(net, asked):
    request = _in_progress(net, asked)
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=Story.Status.PUBLISHED
    )
    services.support_request_complete(
        actor=net.shemiranat_reporter,
        request=request,
        stories=[story],
        note="مراسم پوشش داده شد",
        version=request.version,
    )
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.COMPLETED
    assert request.completed_at is not None
    statuses = dict(request.offers.values_list("user__username", "status"))
    assert statuses == {"tehran.editor": "done", "isfahan.editor": "withdrawn"}
    assert list(request.stories.all()) == [story]
    [credit] = support_credits_for_story(story)
    assert (credit.user, credit.unit, credit.request) == (net.tehran_editor, net.tehran, request)
    assert _kinds(net.tehran_editor)[-1] == "network.support.completed"
    [contribution] = support_contributions(net.tehran_editor, viewer=net.isfahan_head)
    assert contribution.stories == [story]
    assert contribution.visible is False  # Isfahan's head may not open Shemiranat's request
    assert support_contributions(net.tehran_editor, viewer=net.shemiranat_head)[0].visible


def test_credits_show_only_stories_the_viewer_may_see(net, asked):
    request = _in_progress(net, asked)
    draft = StoryFactory.create(unit=net.shemiranat, created_by=net.shemiranat_reporter)
    services.support_request_complete(actor=net.shemiranat_head, request=request, stories=[draft])
    assert support_contributions(net.tehran_editor, viewer=net.isfahan_head)[0].stories == []
    assert support_contributions(net.tehran_editor, viewer=net.tehran_head)[0].stories == [draft]


def test_only_the_requesting_units_stories_are_credited(net, asked):
    request = _in_progress(net, asked)
    other = StoryFactory.create(
        unit=net.isfahan, created_by=net.isfahan_editor, status=Story.Status.PUBLISHED
    )
    before = support_state()
    with pytest.raises(ValidationError):
        services.support_request_complete(
            actor=net.shemiranat_head, request=request, stories=[other]
        )
    assert support_state() == before


def test_completion_needs_a_confirmed_helper_and_a_fresh_version(net, asked):
    before = support_state()
    with pytest.raises(ValidationError):  # still open, nobody confirmed
        services.support_request_complete(actor=net.shemiranat_head, request=asked)
    assert support_state() == before
    request = _in_progress(net, asked)
    before = support_state()
    with pytest.raises(StaleSupportRequest):
        services.support_request_complete(
            actor=net.shemiranat_head, request=request, version=request.version - 1
        )
    assert support_state() == before


def test_stories_are_credited_later_too(net, asked):
    request = _in_progress(net, asked)
    services.support_request_complete(actor=net.shemiranat_head, request=request)
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=Story.Status.PUBLISHED
    )
    services.support_credits_set(actor=net.shemiranat_head, request=request, stories=[story])
    assert [c.user for c in support_credits_for_story(story)] == [net.tehran_editor]
    assert _kinds(net.tehran_editor)[-1] == "network.support.credited"


def test_cancelling_withdraws_live_offers_and_tells_them(net, asked):
    request = _in_progress(net, asked)
    services.support_request_cancel(actor=net.shemiranat_head, request=request, note="لغو مراسم")
    request.refresh_from_db()
    assert (request.status, request.closing_note) == ("cancelled", "لغو مراسم")
    assert set(request.offers.values_list("status", flat=True)) == {"withdrawn"}
    assert _kinds(net.tehran_editor)[-1] == "network.support.cancelled"
    assert _kinds(net.isfahan_editor)[-1] == "network.support.cancelled"


def test_offering_to_more_people(net, asked):
    skilled(net.hq_editor, net.khorasan_video)
    [offer] = services.support_offer_add(
        actor=net.shemiranat_head, request=asked, users=[net.khorasan_video]
    )
    assert offer.unit == net.neyshabur
    before = support_state()
    with pytest.raises(ValidationError):  # already offered
        services.support_offer_add(
            actor=net.shemiranat_head, request=asked, users=[net.tehran_editor]
        )
    with pytest.raises(ValidationError):  # no such skill
        services.support_offer_add(actor=net.shemiranat_head, request=asked, users=[net.hq_admin])
    assert support_state() == before
    [nxt] = services.support_offer_next(actor=net.shemiranat_head, request=asked, count=3)
    assert nxt.user == net.hq_editor
    with pytest.raises(ValidationError):
        services.support_offer_next(actor=net.shemiranat_head, request=asked)


def test_the_sweep_expires_open_requests_once(net, asked):
    later = asked.starts_at + timedelta(minutes=1)
    assert services.support_requests_expire(now=later) == 1
    assert services.support_requests_expire(now=later) == 0
    asked.refresh_from_db()
    assert asked.status == "expired"
    assert set(asked.offers.values_list("status", flat=True)) == {"withdrawn"}
    assert _kinds(net.shemiranat_head)[-1] == "network.support.expired"


def test_in_progress_requests_do_not_expire(net, asked):
    request = _in_progress(net, asked)
    assert services.support_requests_expire(now=request.starts_at + timedelta(days=1)) == 0


def test_network_figures(net, asked):
    request = _in_progress(net, asked)
    services.support_request_complete(actor=net.shemiranat_head, request=request)
    own = support_for(net.tehran, net.tehran_head)  # Tehran's editor helps their own unit
    offer = offer_of(own, net.tehran_editor)
    services.support_offer_accept(actor=net.tehran_editor, offer=offer)
    services.support_offer_confirm(actor=net.tehran_head, offer=offer)
    services.support_request_complete(actor=net.tehran_head, request=own)
    now = timezone.now()
    since, until = now - timedelta(days=1), now + timedelta(days=1)
    assert network_edges(since=since, until=until) == [
        (net.tehran.pk, net.shemiranat.pk, "support", 1)
    ]
    local = timezone.localtime(now)
    assert domain_activity(since=since, until=until) == [
        ("pr_network", local.date().replace(day=1), 2)
    ]
    assert network_edges(since=until, until=until + timedelta(days=1)) == []
    assert SupportOffer.objects.filter(status="done").count() == 2


def test_editing_tells_the_offered_and_refuses_a_stale_version(net, asked):
    services.support_request_update(
        actor=net.shemiranat_head, request=asked, version=asked.version, place="سالن شماره ۲"
    )
    asked.refresh_from_db()
    assert asked.place == "سالن شماره ۲"
    assert _kinds(net.isfahan_editor)[-1] == "network.support.changed"
    assert AuditEntry.objects.filter(
        action="network.support.request.update", changes__place=["سالن همایش", "سالن شماره ۲"]
    ).exists()
    before = support_state()
    with pytest.raises(StaleSupportRequest):
        services.support_request_update(
            actor=net.shemiranat_head, request=asked, version=asked.version - 1, place="دیگر"
        )
    with pytest.raises(ValidationError):
        services.support_request_update(
            actor=net.shemiranat_head, request=asked, version=asked.version, people_needed=0
        )
    assert support_state() == before


def test_others_cannot_edit_and_a_closed_request_is_not_edited(net, asked):
    from django.core.exceptions import PermissionDenied

    before = support_state()
    for persona in ("isfahan_editor", "tehran_viewer", "isfahan_head"):
        with pytest.raises(PermissionDenied):
            services.support_request_update(
                actor=getattr(net, persona), request=asked, version=asked.version, title="دیگر"
            )
    assert support_state() == before
    services.support_request_cancel(actor=net.shemiranat_head, request=asked)
    asked.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.support_request_update(
            actor=net.shemiranat_head, request=asked, version=asked.version, title="دیگر"
        )
