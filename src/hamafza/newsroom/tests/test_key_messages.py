"""A story names the key messages of the active strategy it carries: the services, the desk
form, the API, revisions and the oversight dashboard's coverage."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamafza.insights.oversight import dashboard
from hamafza.newsroom import services
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.strategy.models import KeyMessage, StrategyDocument
from hamafza.strategy.tests.factories import strategy_document

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def messages(net):
    strategy_document()
    return list(KeyMessage.objects.order_by("goal__position", "position"))


def test_a_story_carries_active_messages_and_its_revision_keeps_them(net, messages):
    story = services.story_create(
        actor=net.tehran_reporter,
        headline="کارگاه توانمندسازی",
        key_messages=[messages[0].pk, messages[2].pk],
    )
    assert sorted(story.key_messages.values_list("pk", flat=True)) == [
        messages[0].pk,
        messages[2].pk,
    ]
    assert story.revisions.get().data["key_messages"] == [messages[0].pk, messages[2].pk]
    services.story_update(
        actor=net.tehran_reporter, story=story, version=1, key_messages=[messages[1].pk]
    )
    assert list(story.key_messages.values_list("pk", flat=True)) == [messages[1].pk]


def test_messages_of_an_archived_or_draft_version_are_refused_and_change_nothing(net, messages):
    draft = strategy_document(status=StrategyDocument.Status.DRAFT, title="پیش‌نویس")
    foreign = KeyMessage.objects.filter(goal__document=draft)[0]
    with pytest.raises(ValidationError) as refused:
        services.story_create(actor=net.tehran_reporter, headline="خبر", key_messages=[foreign.pk])
    assert "key_messages" in refused.value.message_dict
    assert not Story.objects.exists()


def test_restoring_an_old_revision_lets_go_of_messages_no_longer_active(net, messages):
    story = services.story_create(
        actor=net.tehran_reporter, headline="خبر", key_messages=[messages[0].pk]
    )
    first = story.revisions.get()
    StrategyDocument.objects.update(status=StrategyDocument.Status.ARCHIVED)
    strategy_document(title="سند تازه")
    restored = services.story_restore_revision(
        actor=net.tehran_reporter, story=story, revision=first, version=1
    )
    assert not restored.key_messages.exists()


def test_the_desk_form_offers_the_active_messages_by_goal(client, net, messages):
    client.force_login(net.tehran_reporter)
    page = client.get(reverse("newsroom:story_create")).content.decode()
    assert "توانمندی، نه ترحم" in page
    assert "معرفی توانمندی‌های جامعه هدف" in page  # the goal groups its messages
    response = client.post(
        reverse("newsroom:story_create"),
        {
            "unit": net.tehran.slug,
            "headline": "کارگاه",
            "kind": "news",
            "language": "fa",
            "key_messages": [str(messages[2].pk)],
        },
    )
    assert response.status_code in (200, 302)
    story = Story.objects.get(headline="کارگاه")
    assert list(story.key_messages.values_list("pk", flat=True)) == [messages[2].pk]


def test_the_api_reads_and_writes_them(client, net, messages):
    client.force_login(net.tehran_reporter)
    created = client.post(
        f"{API}/stories",
        {"headline": "کارگاه", "key_messages": [messages[0].pk]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["key_messages"] == [messages[0].pk]
    changed = client.patch(
        f"{API}/stories/{body['id']}",
        {"version": body["version"], "key_messages": []},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["key_messages"] == []
    refused = client.post(
        f"{API}/stories",
        {"headline": "کارگاه", "key_messages": [999999]},
        content_type="application/json",
    )
    assert refused.status_code in (400, 422)
    assert Story.objects.count() == 1


def test_a_published_story_naming_a_message_counts_toward_its_coverage(net, messages):
    before = {m.message.pk: m for g in dashboard(net.hq_editor).coverage for m in g.messages}
    assert before[messages[2].pk].stories == 0
    story = StoryFactory.create(unit=net.isfahan, created_by=net.isfahan_editor, status="published")
    story.key_messages.set([messages[2].pk])
    draft = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    draft.key_messages.set([messages[2].pk])  # a draft carries nothing yet
    after = {m.message.pk: m for g in dashboard(net.hq_editor).coverage for m in g.messages}
    assert after[messages[2].pk].stories == 1
    assert after[messages[2].pk].unit_ids == {net.isfahan.pk}


def test_the_story_page_in_the_desk_shows_them(client, net, messages):
    story = services.story_create(
        actor=net.tehran_reporter, headline="خبر", key_messages=[messages[2].pk]
    )
    client.force_login(net.tehran_reporter)
    page = client.get(reverse("newsroom:story", args=[story.pk])).content.decode()
    assert "خدمات شفاف و در دسترس" in page
