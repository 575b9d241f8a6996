"""The partnership demo: joint activities in every domain with the org demo's partners and
demo stories, an issued bulletin (its deliveries already sent) and a draft; loaded once."""

import pytest
from django.core import mail
from django.core.management.base import CommandError

from hamafza.network.demo.partnership import load
from hamafza.network.models.partnership import Bulletin, BulletinDelivery, JointActivity
from hamafza.network.services.partnership import bulletin_deliveries_send
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.demo import demo_load as org_demo_load
from hamafza.org.models import Partner, Unit

pytestmark = pytest.mark.django_db


def test_refused_outside_a_demo():
    with pytest.raises(CommandError):
        load()
    assert not JointActivity.objects.exists()


def test_the_demo_loads_once(django_user_model):
    org_demo_load()
    for slug, username in (("tehran", "tehran.reporter"), ("isfahan", "isfahan.head"),
                           ("hq-pr", "hq.editor"), ("shemiranat", "tehran.reporter"),
                           ("kashan", "isfahan.head")):  # fmt: skip
        StoryFactory.create(
            unit=Unit.objects.get(slug=slug),
            created_by=django_user_model.objects.get(username=username),
            status=Story.Status.PUBLISHED,
        )
    counts = load()
    assert counts["joint_activities"] == 9
    assert counts["bulletins"] == 2
    assert set(JointActivity.objects.values_list("domain_id", flat=True)) == {
        "inter_agency", "intra_agency", "extra_agency", "pr_network"}  # fmt: skip
    kinds = set(
        Partner.objects.filter(joint_activities__isnull=False).values_list("kind", flat=True)
    )
    assert {"agency", "ngo", "university", "foreign", "media"} <= kinds
    assert JointActivity.objects.filter(stories__isnull=False).distinct().count() >= 3
    units = set(JointActivity.objects.values_list("unit__slug", flat=True))
    assert {"tehran", "isfahan", "khorasan-razavi", "hq-pr"} <= units
    issued = Bulletin.objects.get(status=Bulletin.Status.ISSUED)
    assert issued.items.count() == 5
    assert BulletinDelivery.objects.filter(sent_at__isnull=True).count() == 0
    assert counts["bulletin_deliveries"] == BulletinDelivery.objects.count() > 20
    assert bulletin_deliveries_send() == 0
    assert mail.outbox == []
    assert Bulletin.objects.get(status=Bulletin.Status.DRAFT).items.exists()
    assert load() == dict.fromkeys(counts, 0)
    assert JointActivity.objects.count() == 9
