"""The media demo: outlets, journalists of HQ and provinces, interactions on demo stories and
enquiries open, answered, declined and overdue; loaded once, refused outside a demo."""

import pytest
from django.core.management.base import CommandError

from hamafza.network.demo.media import load
from hamafza.network.models.media import MediaContact, MediaInteraction, MediaOutlet, PressEnquiry
from hamafza.network.selectors.media import overdue_count
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.demo import demo_load as org_demo_load
from hamafza.org.models import Unit

pytestmark = pytest.mark.django_db


def test_refused_outside_a_demo():
    with pytest.raises(CommandError):
        load()
    assert not MediaOutlet.objects.exists()


def test_the_demo_loads_once_with_every_state(django_user_model):
    org_demo_load()
    tehran = Unit.objects.get(slug="tehran")
    reporter = django_user_model.objects.get(username="tehran.reporter")
    story = StoryFactory.create(unit=tehran, created_by=reporter, status=Story.Status.PUBLISHED)
    counts = load()
    assert counts == {
        "media_outlets": 7,
        "media_contacts": 8,
        "media_interactions": 11,
        "press_enquiries": 7,
    }
    assert set(MediaContact.objects.values_list("owner_unit__slug", flat=True)) == {
        "hq-pr",
        "tehran",
        "isfahan",
        "khorasan-razavi",
    }
    assert MediaInteraction.objects.filter(story=story).exists()
    assert set(PressEnquiry.objects.values_list("status", flat=True)) == {
        "new",
        "in_progress",
        "answered",
        "declined",
    }
    head = django_user_model.objects.get(username="tehran.head")
    assert overdue_count(head) >= 1
    assert load() == dict.fromkeys(counts, 0)
    assert MediaContact.objects.count() == 8
