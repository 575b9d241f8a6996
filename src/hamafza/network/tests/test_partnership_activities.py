"""Joint activities: who records and changes them, what is checked, what the network sees."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.partnership import JointActivity
from hamafza.network.permissions.partnership import access_joint_activity
from hamafza.network.selectors.partnership import (
    joint_activity_list,
    joint_activity_stories,
    partner_joint_activities,
)
from hamafza.network.services import partnership as services
from hamafza.network.services.partnership import StaleJointActivity
from hamafza.network.tests.factories_partnership import (
    joint_activity,
    partner,
    published_story,
    unchanged,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.notifications.models import Notification
from hamafza.org.models import Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def relief(net):
    return partner(net.hq, "کمیته امداد", Partner.Kind.AGENCY)


# --- Recording ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("tehran_reporter", "tehran"),
        ("tehran_head", "shemiranat"),  # a province for its counties
        ("shemiranat_reporter", "shemiranat"),
        ("hq_editor", "isfahan"),  # HQ (an office of it) for any unit
        ("hq_admin", "kashan"),
    ],
)
def test_writers_record_for_their_line(net, relief, persona, unit):
    actor, target = getattr(net, persona), getattr(net, unit)
    activity = joint_activity(
        target, actor=actor, partners=[relief], other_units=[net.isfahan], place="تهران"
    )
    assert activity.unit == target
    assert activity.created_by == actor
    assert list(activity.partners.all()) == [relief]
    entry = AuditEntry.objects.get(action="network.partnership.activity.create")
    assert entry.actor == actor
    assert entry.object_id == str(activity.pk)


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("tehran_viewer", "tehran"),  # a viewer records nothing
        ("shemiranat_head", "tehran"),  # a county not for its province
        ("isfahan_head", "tehran"),  # nor a province for another
        ("isfahan_editor", "shemiranat"),  # nor for another province's county
        ("outsider", "tehran"),
    ],
)
def test_others_may_not_record(net, persona, unit):
    actor, target = getattr(net, persona), getattr(net, unit)
    with unchanged(), pytest.raises(PermissionDenied):
        joint_activity(target, actor=actor)


def test_bad_input_is_refused_in_persian_and_changes_nothing(net, relief):
    inactive = partner(net.hq, "همکار غیرفعال", is_active=False)
    cases: list[dict[str, Any]] = [
        {"title": "   "},
        {"occurred_on": timezone.localdate() + timedelta(days=2)},
        {"domain": "nowhere"},
        {"partners": [inactive]},
        {"partners": [999_999]},
    ]
    for case in cases:
        with unchanged(), pytest.raises(ValidationError) as refused:
            joint_activity(net.tehran, actor=net.tehran_head, **case)
        assert any("\u0600" <= ch <= "\u06ff" for ch in " ".join(refused.value.messages))


def test_stories_linked_must_be_visible_and_related(net):
    isfahan_draft = StoryFactory.create(unit=net.isfahan, created_by=net.isfahan_editor)
    with unchanged(), pytest.raises(ValidationError):
        # Another unit's draft does not exist for Tehran.
        joint_activity(net.tehran, actor=net.tehran_head, stories=[isfahan_draft])
    own_draft = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    published_elsewhere = published_story(net.khorasan, net.khorasan_video)
    activity = joint_activity(
        net.tehran, actor=net.tehran_head, stories=[own_draft, published_elsewhere]
    )
    assert set(activity.stories.all()) == {own_draft, published_elsewhere}
    # The draft is shown only to those who may see it.
    assert joint_activity_stories(viewer=net.isfahan_head, activity=activity) == [
        published_elsewhere
    ]
    assert own_draft in joint_activity_stories(viewer=net.tehran_viewer, activity=activity)


def test_other_units_heads_are_notified(net):
    joint_activity(net.tehran, actor=net.tehran_head, other_units=[net.isfahan, net.tehran])
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("isfahan.head", "network.partnership.joined")
    ]
    # The recording unit is not its own "other unit".
    assert list(JointActivity.objects.get().other_units.all()) == [net.isfahan]


# --- Seeing and changing ------------------------------------------------------------------


def test_every_staff_member_sees_activities_outsiders_do_not(net):
    activity = joint_activity(net.shemiranat, actor=net.shemiranat_head)
    for persona in ("isfahan_editor", "khorasan_video", "tehran_viewer", "hq_editor"):
        assert access_joint_activity(getattr(net, persona), activity.pk) == activity
    with pytest.raises(PermissionDenied):
        access_joint_activity(net.outsider, activity.pk)
    with pytest.raises(Http404):
        access_joint_activity(net.tehran_head, activity.pk + 100)


@pytest.mark.parametrize(
    "persona", ["shemiranat_reporter", "shemiranat_head", "tehran_editor", "hq_editor", "hq_admin"]
)
def test_the_units_line_and_hq_edit(net, persona):
    activity = joint_activity(net.shemiranat, actor=net.shemiranat_head)
    services.joint_activity_update(
        actor=getattr(net, persona), activity=activity, version=1, title="عنوان تازه"
    )
    activity.refresh_from_db()
    assert activity.title == "عنوان تازه"
    assert activity.version == 2
    entry = AuditEntry.objects.get(action="network.partnership.activity.update")
    assert entry.changes["title"] == ["نشست مشترک توانمندسازی", "عنوان تازه"]


@pytest.mark.parametrize("persona", ["isfahan_head", "tehran_viewer", "khorasan_video"])
def test_others_may_not_edit_or_delete(net, persona):
    activity = joint_activity(net.shemiranat, actor=net.shemiranat_head)
    actor = getattr(net, persona)
    with unchanged(), pytest.raises(PermissionDenied):
        services.joint_activity_update(actor=actor, activity=activity, version=1, title="x")
    with unchanged(), pytest.raises(PermissionDenied):
        services.joint_activity_delete(actor=actor, activity=activity)
    with pytest.raises(PermissionDenied):
        access_joint_activity(actor, activity.pk, for_write=True)


def test_a_county_may_not_edit_its_provinces_activity(net):
    activity = joint_activity(net.tehran, actor=net.tehran_head)
    with unchanged(), pytest.raises(PermissionDenied):
        services.joint_activity_update(
            actor=net.shemiranat_head, activity=activity, version=1, title="x"
        )


def test_a_reporter_corrects_but_does_not_delete(net):
    activity = joint_activity(net.tehran, actor=net.tehran_reporter)
    with unchanged(), pytest.raises(PermissionDenied):
        services.joint_activity_delete(actor=net.tehran_reporter, activity=activity)
    services.joint_activity_delete(actor=net.tehran_editor, activity=activity, version=1)
    assert not JointActivity.objects.exists()
    assert AuditEntry.objects.filter(action="network.partnership.activity.delete").count() == 1


def test_a_stale_version_is_refused_and_changes_nothing(net):
    activity = joint_activity(net.tehran, actor=net.tehran_head)
    services.joint_activity_update(
        actor=net.tehran_editor, activity=activity, version=1, place="ری"
    )
    with unchanged(), pytest.raises(StaleJointActivity) as stale:
        services.joint_activity_update(
            actor=net.tehran_head, activity=activity, version=1, place="کرج"
        )
    assert stale.value.current.version == 2


def test_links_already_made_survive_an_edit(net, relief):
    """A partner deactivated later, or a story unpublished later, does not block an edit."""
    story = published_story(net.tehran, net.tehran_editor)
    activity = joint_activity(net.tehran, actor=net.tehran_head, partners=[relief], stories=[story])
    Partner.objects.filter(pk=relief.pk).update(is_active=False)
    Story.objects.filter(pk=story.pk).update(status=Story.Status.UNPUBLISHED)
    services.joint_activity_update(
        actor=net.tehran_head,
        activity=activity,
        version=1,
        partners=[relief],
        stories=[story],
        outcome="تفاهم‌نامه امضا شد",
    )
    activity.refresh_from_db()
    assert activity.outcome == "تفاهم‌نامه امضا شد"


# --- Filters -------------------------------------------------------------------------------


def test_filters_by_domain_partner_unit_and_dates(net, relief):
    today = timezone.localdate()
    university = partner(net.isfahan, "دانشگاه اصفهان", Partner.Kind.UNIVERSITY)
    a = joint_activity(
        net.tehran, partners=[relief], occurred_on=today - timedelta(days=40), title="الف"
    )
    b = joint_activity(
        net.isfahan,
        partners=[university],
        other_units=[net.shemiranat],
        domain="extra_agency",
        occurred_on=today - timedelta(days=5),
        title="ب",
    )
    c = joint_activity(net.khorasan, domain="intra_agency", occurred_on=today, title="پ")

    def ids(**filters):
        return [x.pk for x in joint_activity_list(viewer=net.isfahan_editor, **filters)]

    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(domain="extra_agency") == [b.pk]
    assert ids(partner=relief) == [a.pk]
    # Tehran's line: its own and the activity Shemiranat joined.
    assert ids(unit=net.tehran) == [b.pk, a.pk]
    assert ids(unit=net.tehran, include_subunits=False) == [a.pk]
    assert ids(date_from=today - timedelta(days=10)) == [c.pk, b.pk]
    assert ids(date_to=today - timedelta(days=10)) == [a.pk]
    assert ids(q="پ") == [c.pk]
    assert [
        x.pk for x in partner_joint_activities(viewer=net.tehran_viewer, partner=university)
    ] == [b.pk]
    assert ids()
    assert joint_activity_list(viewer=net.outsider).count() == 0
