"""Nearest first: the tiers of ``selectors.support.proximity`` on the conftest network."""

import pytest

from hamafza.network.selectors.support import (
    HQ,
    NEIGHBOUR,
    OTHER_PROVINCE,
    REGION,
    SAME_UNIT,
    proximity,
    support_candidates,
)
from hamafza.network.tests.factories_support import skilled, support_for
from hamafza.org.models import Membership, Role, Unit
from hamafza.org.permissions import UnitTree
from hamafza.org.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _far_tehran_center(net):
    """A center under another Tehran county: three steps from Shemiranat."""
    rey = UnitFactory.create(slug="rey", name="شهرستان ری", parent=net.tehran)
    center = UnitFactory.create(
        slug="rey-center", name="مرکز اورژانس اجتماعی ری", kind=Unit.Kind.CENTER, parent=rey
    )
    person = UserFactory.create(username="rey.center", first_name="الهام", last_name="شریفی")
    Membership.objects.create(user=person, unit=center, role=Role.REPORTER)
    return rey, center, person


def test_proximity_tiers_from_a_county(net):
    rey, center, _person = _far_tehran_center(net)
    tree = UnitTree.load()
    origin = net.shemiranat.pk
    assert proximity(tree, origin, net.shemiranat.pk) == (SAME_UNIT, 0)
    assert proximity(tree, origin, net.tehran.pk) == (NEIGHBOUR, 1)
    assert proximity(tree, origin, rey.pk) == (NEIGHBOUR, 2)
    assert proximity(tree, origin, center.pk) == (REGION, 3)
    assert proximity(tree, origin, net.isfahan.pk) == (OTHER_PROVINCE, 3)
    assert proximity(tree, origin, net.neyshabur.pk) == (OTHER_PROVINCE, 4)
    assert proximity(tree, origin, net.hq.pk) == (HQ, 2)
    assert proximity(tree, origin, net.hq_pr.pk) == (HQ, 3)


def test_proximity_from_hq_puts_its_offices_first(net):
    tree = UnitTree.load()
    assert proximity(tree, net.hq_pr.pk, net.hq.pk) == (NEIGHBOUR, 1)
    assert proximity(tree, net.hq_pr.pk, net.tehran.pk) == (OTHER_PROVINCE, 2)


def test_candidates_are_ordered_nearest_first_and_the_asker_is_left_out(net):
    _rey, _center, far = _far_tehran_center(net)
    net.khorasan_video.profile.skills.clear()
    skilled(
        net.shemiranat_reporter,  # the asker: never a candidate
        net.shemiranat_head,
        net.tehran_editor,
        far,
        net.isfahan_editor,
        net.khorasan_video,
        net.hq_editor,
    )
    request = support_for(net.shemiranat, net.shemiranat_reporter, offer_count=0)
    ranked = [(c.user.username, c.tier) for c in support_candidates(request)]
    assert ranked == [
        ("shemiranat.head", SAME_UNIT),
        ("tehran.editor", NEIGHBOUR),
        ("rey.center", REGION),
        ("isfahan.editor", OTHER_PROVINCE),
        ("khorasan.video", OTHER_PROVINCE),
        ("hq.editor", HQ),
    ]


def test_a_new_request_is_offered_to_the_nearest_batch(net):
    skilled(net.shemiranat_head, net.tehran_editor, net.isfahan_editor, net.hq_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)  # 1 person: 3 offers
    offered = list(request.offers.values_list("user__username", "unit__slug", "tier"))
    assert offered == [
        ("shemiranat.head", "shemiranat", SAME_UNIT),
        ("tehran.editor", "tehran", NEIGHBOUR),
        ("isfahan.editor", "isfahan", OTHER_PROVINCE),
    ]
    later = [c.user.username for c in support_candidates(request)]
    assert later == ["hq.editor"]


def test_a_practitioner_is_ranked_by_their_nearest_membership(net):
    skilled(net.isfahan_editor)
    Membership.objects.create(user=net.isfahan_editor, unit=net.tehran, role=Role.REPORTER)
    request = support_for(net.shemiranat, net.shemiranat_reporter, offer_count=0)
    [candidate] = support_candidates(request)
    assert (candidate.unit, candidate.tier) == (net.tehran, NEIGHBOUR)


def test_only_the_skill_asked_for_counts(net):
    skilled(net.tehran_editor, code="design")
    request = support_for(net.shemiranat, net.shemiranat_reporter, code="video")
    assert [o.user for o in request.offers.all()] == [net.khorasan_video]
