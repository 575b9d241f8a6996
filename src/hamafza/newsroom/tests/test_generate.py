"""``hamafza generate``: invented Persian stories for the search benchmark. Counts and
relations, news codes, determinism, the text's size and mess, a freshly migrated database, the
command (with and without indexing) and the path that saves in a second thread."""

import io
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from hamafza.common.models import AuditEntry
from hamafza.newsroom.generate import GENERATOR_USERNAME, GenerateResult, generate_stories
from hamafza.newsroom.models import ChangeNote, NewsCodeCounter, Story
from hamafza.newsroom.sanitize import sanitize_html
from hamafza.org.models import Unit

pytestmark = pytest.mark.django_db

S = Story.Status
NOW = datetime(2025, 10, 7, 9, 30, tzinfo=UTC)  # a Tuesday, in office hours
HAS_CODE = {S.PUBLISHED, S.CORRECTED, S.UNPUBLISHED, S.ARCHIVED}
TEHRAN = ZoneInfo("Asia/Tehran")
# One per move in the workflow: created, submitted, approved or returned, published or
# scheduled, then corrected, unpublished or archived.
VERSION: dict[str, int] = {
    S.DRAFT: 1, S.SUBMITTED: 2, S.SPIKED: 2, S.RETURNED: 3, S.APPROVED: 3, S.SCHEDULED: 4,
    S.PUBLISHED: 4, S.CORRECTED: 5, S.UNPUBLISHED: 5, S.ARCHIVED: 5,
}  # fmt: skip


def _generate(count: int, **options: Any) -> GenerateResult:
    return generate_stories(count=count, now=NOW, **options)


def _content() -> list[tuple[Any, ...]]:
    rows = Story.objects.order_by("id").values_list(
        "unit__slug", "status", "kind", "kicker", "headline", "lead", "body", "published_at"
    )
    return list(rows)


def _plain(story: Story) -> str:
    """Headline, lead and body as a reader sees them, spellings folded the simple way."""
    text = f"{story.headline} {story.lead} {re.sub(r'<[^>]+>', ' ', story.body)}"
    for messy, clean in (("ي", "ی"), ("ك", "ک"), ("\u0640", ""), ("\u200c", " ")):
        text = text.replace(messy, clean)
    return re.sub(r"[\u064b-\u065f]", "", text)


def test_stories_spread_over_the_network_with_their_relations(net):
    result = _generate(300)
    stories = list(
        Story.objects.select_related("unit", "created_by").prefetch_related(
            "subjects", "domains", "authors"
        )
    )
    assert result.created == len(stories) == 300
    assert {s.unit_id for s in stories} <= set(Unit.objects.values_list("pk", flat=True))
    by_unit = Counter(s.unit.slug for s in stories)
    assert len(by_unit) >= 6
    assert by_unit["hq-pr"] == max(by_unit.values())  # HQ's PR office is the busiest desk
    assert Counter(s.kind for s in stories).most_common(1)[0][0] == Story.Kind.NEWS
    assert {s.language for s in stories} == {"fa"}
    statuses = Counter(s.status for s in stories)
    assert (statuses[S.PUBLISHED] + statuses[S.CORRECTED]) / 300 > 0.7
    assert result.published == statuses[S.PUBLISHED] + statuses[S.CORRECTED]
    generator = stories[0].created_by
    assert generator.username == GENERATOR_USERNAME
    assert not generator.is_active
    assert not generator.has_usable_password()
    for story in stories:
        assert story.created_by_id == generator.pk
        assert [a.pk for a in story.authors.all()] == [generator.pk]
        assert 1 <= len(story.subjects.all()) <= 2
        assert 1 <= len(story.domains.all()) <= 2
    assert Story.tags.through.objects.count() > 100
    corrected = [s.pk for s in stories if s.status == S.CORRECTED]
    assert sorted(ChangeNote.objects.values_list("story_id", flat=True)) == sorted(corrected)
    entry = AuditEntry.objects.get(action="newsroom.generate")
    assert entry.actor is None
    assert entry.changes["stories"] == [0, 300]


def test_times_and_versions_are_what_the_workflow_leaves(net):
    _generate(250)
    for story in Story.objects.all():
        assert story.created_at <= story.updated_at <= NOW
        assert story.version == VERSION[story.status]
        if story.status in HAS_CODE:
            assert story.published_at is not None
            assert story.published_at == story.first_published_at
            assert story.created_at < story.published_at <= story.updated_at
            assert 8 <= story.published_at.astimezone(TEHRAN).hour < 19
        else:
            assert story.published_at is None
            assert story.code is None
        if story.status == S.SCHEDULED:
            assert story.scheduled_for is not None
            assert story.scheduled_for > NOW
        else:
            assert story.scheduled_for is None
    oldest = Story.objects.order_by("created_at").first()
    assert oldest is not None
    assert NOW - oldest.created_at > timedelta(days=2)  # 150 a working day: about three days


def test_codes_continue_the_counter_in_order_of_publication(net):
    NewsCodeCounter.objects.update_or_create(pk=1, defaults={"last_code": 250_000})
    result = _generate(300, batch=70)
    published = Story.objects.exclude(code=None).order_by("published_at")
    codes = list(published.values_list("code", flat=True))
    assert codes == list(range(250_001, 250_001 + len(codes)))
    assert (result.first_code, result.last_code) == (codes[0], codes[-1])
    assert NewsCodeCounter.objects.get().last_code == codes[-1]
    # The next run continues after it.
    again = _generate(10)
    assert again.first_code == codes[-1] + 1


def test_the_same_seed_writes_the_same_stories_whatever_the_batch(net):
    _generate(120, seed=7, batch=1000)
    first = _content()
    Story.objects.all().delete()
    _generate(120, seed=7, batch=17)
    assert _content() == first
    Story.objects.all().delete()
    _generate(120, seed=8)
    assert [row[4] for row in _content()] != [row[4] for row in first]


def test_the_text_is_persian_sized_and_messy_like_real_copy(net):
    _generate(500)
    stories = list(Story.objects.all())
    plain = [_plain(s) for s in stories]

    def share(test: Any) -> float:
        return sum(1 for s in stories if test(s)) / len(stories)

    assert 0.6 <= sum("روابط عمومی" in text for text in plain) / 500 <= 0.85
    for word in ("و", "در", "به", "از", "که", "این", "بهزیستی"):
        pattern = re.compile(rf"(?<![\w]){word}(?![\w])")
        assert sum(bool(pattern.search(text)) for text in plain) / 500 > 0.9, word
    for term in ("توانمندسازی", "مددجویان", "هم افزایی"):
        assert 0.1 < sum(term in text for text in plain) / 500 < 0.9, term
    text_of = {s.pk: f"{s.headline} {s.lead} {s.body}" for s in stories}
    assert 0.05 < share(lambda s: "ي" in text_of[s.pk] and "ك" in text_of[s.pk]) < 0.25
    assert 0.02 < share(lambda s: "\u0640" in text_of[s.pk]) < 0.3
    assert share(lambda s: re.search("[۰-۹]", text_of[s.pk])) > 0.6
    assert share(lambda s: re.search("[٠-٩]", text_of[s.pk])) > 0.02
    assert share(lambda s: "می " in text_of[s.pk] or "ها " in text_of[s.pk]) > 0.2
    assert share(lambda s: "\u200c" in text_of[s.pk]) > 0.5

    words = [len(s.headline.split()) for s in stories]
    assert 8 <= sum(words) / len(words) <= 12
    assert min(words) >= 6
    leads = [len(s.lead.split()) for s in stories]
    assert 25 <= sum(leads) / len(leads) <= 45
    bodies = [len(re.sub(r"<[^>]+>", " ", s.body).split()) for s in stories]
    assert min(bodies) >= 150
    assert 220 <= sum(bodies) / len(bodies) <= 360
    for story in stories[:100]:
        assert story.body.startswith("<p>")
        assert story.body.endswith("</p>")
        assert sanitize_html(story.body) == story.body


def test_a_freshly_migrated_database_gets_a_small_network(db):
    assert not Unit.objects.exists()
    result = _generate(60)
    assert result.units_created == 10
    hq = Unit.objects.get(parent=None)
    assert hq.slug == "hq"
    assert Unit.objects.filter(kind=Unit.Kind.PROVINCE).count() == 6
    assert Story.objects.count() == 60
    assert Story.objects.filter(unit__slug="hq-pr").exists()
    assert _generate(5).units_created == 0


def test_the_command_without_indexing(net):
    out = io.StringIO()
    call_command("generate", "--stories", "40", "--seed", "3", "--no-index", stdout=out)
    assert Story.objects.count() == 40
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("generate: 40 in ")
    assert lines[0].endswith("/s)")
    assert "body" in lines[1]


def test_the_command_indexes_afterwards(net, monkeypatch):
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        "hamafza.newsroom.indexing.index_all_stories", lambda **kwargs: calls.append(kwargs)
    )
    out = io.StringIO()
    call_command("generate", "--stories", "5", stdout=out)
    assert Story.objects.count() == 5
    assert len(calls) == 1
    assert calls[0]["progress"] is False


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_saves_in_a_second_thread(net):
    """The command's path: batches saved by a second thread on its own connection."""
    result = _generate(90, batch=25)
    assert Story.objects.count() == 90
    codes = sorted(c for c in Story.objects.values_list("code", flat=True) if c is not None)
    assert result.first_code is not None
    assert result.last_code is not None
    assert codes == list(range(result.first_code, result.last_code + 1))
