"""The support demo: open and completed requests between demo units, credited stories, once."""

import pytest

from hamafza.common.models import AuditEntry
from hamafza.network.demo.support import load
from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.selectors.support import support_contributions
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.demo import demo_load as org_demo_load
from hamafza.org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_every_state(django_user_model):
    org_demo_load()
    kashan = Unit.objects.get(slug="kashan")
    reporter = django_user_model.objects.get(username="kashan.reporter")
    story = StoryFactory.create(unit=kashan, created_by=reporter, status=Story.Status.PUBLISHED)
    counts = load()
    assert counts["support_requests"] == len(SupportRequest.objects.all()) == 9
    statuses = set(SupportRequest.objects.values_list("status", flat=True))
    assert statuses == {"open", "in_progress", "completed"}
    assert SupportRequest.objects.filter(status="completed").count() == 5
    assert set(SupportOffer.objects.values_list("status", flat=True)) >= {
        "offered",
        "accepted",
        "declined",
        "confirmed",
        "done",
    }
    kashan_request = SupportRequest.objects.get(unit=kashan)
    assert list(kashan_request.stories.all()) == [story]
    helper = django_user_model.objects.get(username="isfahan.reporter")
    [contribution] = support_contributions(helper, viewer=helper)
    assert contribution.stories == [story]
    assert load() == dict.fromkeys(counts, 0)
    assert SupportRequest.objects.count() == 9
    assert AuditEntry.objects.filter(action="network.support.demo.load").count() == 1
