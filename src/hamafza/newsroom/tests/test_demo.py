"""The newsroom demo: about 300 stories in every state, the seed article as news code 102685
with its characters unchanged, and the invariants the services keep."""

import html
import re
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from hamafza.common.models import AuditEntry, SystemFlag
from hamafza.newsroom.demo import NEWSROOM_FLAG, demo_load
from hamafza.newsroom.demo.plan import SEED_FILE
from hamafza.newsroom.models import (
    PUBLIC_STATUSES,
    ChangeNote,
    EditorialNote,
    NewsCodeCounter,
    Story,
    StoryRevision,
)
from hamafza.newsroom.services import (
    CONTENT_FIELDS,
    story_retro_approve,
    story_snapshot,
    story_transition,
)
from hamafza.notifications.models import Notification
from hamafza.org.demo import demo_load as org_demo_load
from hamafza.org.models import Unit

pytestmark = pytest.mark.django_db

S = Story.Status
F = Story.Feature
SEED_CODE = 102685
TATWEEL = "\u0640"


@pytest.fixture
def network():
    org_demo_load()


@pytest.fixture
def demo(network):
    return demo_load()


def _codes() -> list[int]:
    return [code for code in Story.objects.values_list("code", flat=True) if code is not None]


def _published_times() -> list[datetime]:
    times = Story.objects.values_list("published_at", flat=True)
    return [moment for moment in times if moment is not None]


def _snapshot(story: Story) -> dict[str, object]:
    """``story_snapshot`` from prefetched relations (one query per table, not per story)."""
    data: dict[str, object] = {name: getattr(story, name) for name in CONTENT_FIELDS}
    data["subjects"] = sorted(s.code for s in story.subjects.all())
    data["domains"] = sorted(d.code for d in story.domains.all())
    data["tags"] = sorted(t.name for t in story.tags.all())
    data["key_messages"] = sorted(m.pk for m in story.key_messages.all())
    return data


def _text(body: str) -> str:
    """The characters of a body's paragraphs, without the markup."""
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


# --- The seed article ----------------------------------------------------------------------


def test_the_packaged_seed_is_the_seed_article():
    text = SEED_FILE.read_text(encoding="utf-8")
    assert text.count(TATWEEL) == 114
    assert text.startswith("شبکه سازی بستری برای گفتمان سازی/")
    assert "کد خبر 102685" in text


def test_seed_article(demo):
    """Published by HQ's PR office as 102685 and featured; its characters unchanged."""
    seed = Story.objects.get(code=SEED_CODE)
    assert seed.unit.slug == "hq-pr"
    assert seed.status == S.PUBLISHED
    assert seed.feature == F.FEATURED
    assert seed.language == Story.Language.FA
    assert seed.published_at is not None
    assert seed.published_at < timezone.now()
    assert seed.created_by.username == "hq.editor"
    lines = SEED_FILE.read_text(encoding="utf-8").split("\n")
    end = lines.index("کد خبر 102685")
    paragraphs = [line for line in lines[1:end] if line.strip()]
    seed = Story.objects.get(code=SEED_CODE)

    assert seed.headline == lines[0]
    assert seed.body == "".join(f"<p>{p}</p>" for p in paragraphs)
    assert [p for p in _text(seed.body).split("\n") if p] == paragraphs
    # 114 tatweels in the article, every one of them kept; and the no-break spaces too.
    assert (seed.headline + seed.body).count(TATWEEL) == 114
    assert (seed.headline + seed.body).count("\u00a0") == "\n".join(lines).count("\u00a0")
    assert "می خواهد" in seed.headline  # no ZWNJ, as written
    assert "۵۰۰" in seed.body  # Persian digits, as written
    assert "کد خبر" not in seed.body  # the page around the article is not the article


def test_later_publications_continue_after_the_demo(demo):
    highest = max(_codes())
    assert highest > SEED_CODE
    assert NewsCodeCounter.objects.get().last_code == highest
    story = Story.objects.filter(status=S.APPROVED).order_by("pk").first()
    assert story is not None
    # An editor of its line who did not write it (the two-person rule); the demo's dates follow
    # the day it is loaded, so on some days every such editor is an author: the admin then.
    editors = [e for e in _unit_editors(story) if not story.authors.filter(pk=e.pk).exists()]
    editor = editors[0] if editors else get_user_model().objects.get(username="admin")
    published = story_transition(actor=editor, story=story, name="publish")
    assert published.code == highest + 1


def _unit_editors(story):
    from hamafza.newsroom.services import _unit_editors as editors

    found = editors(story)
    if not found:  # a unit with no editor above it: the demo's superuser acts
        from django.contrib.auth import get_user_model

        found = [get_user_model().objects.get(username="admin")]
    return found


# --- What the demo holds -------------------------------------------------------------------


def test_what_the_demo_holds(demo):
    """Every state, mostly published; HQ, provinces and counties; every kind, language,
    subject and domain."""
    statuses = Counter(Story.objects.values_list("status", flat=True))
    assert 280 <= sum(statuses.values()) <= 320
    assert statuses[S.PUBLISHED] >= 180  # mostly published
    for status in S.values:
        assert statuses[status] >= 5, status
    assert demo["stories"] == sum(statuses.values())
    assert demo["published"] == statuses[S.PUBLISHED] + statuses[S.CORRECTED]
    kinds = Counter(Story.objects.values_list("unit__kind", flat=True))
    assert kinds[Unit.Kind.HQ_OFFICE] >= 30
    assert kinds[Unit.Kind.PROVINCE] >= 100
    assert kinds[Unit.Kind.COUNTY] >= 30
    assert Story.objects.values("unit").distinct().count() >= 20
    assert set(Story.objects.values_list("kind", flat=True)) == set(Story.Kind.values)
    assert set(Story.objects.values_list("language", flat=True)) == set(Story.Language.values)
    subjects = Story.subjects.through.objects.values_list("subject_id", flat=True)
    domains = Story.domains.through.objects.values_list("domain_id", flat=True)
    assert len(set(subjects)) == 7
    assert len(set(domains)) == 4
    assert not Story.objects.filter(tags=None).exists()


def test_schedules_retro_approvals_front_page_corrections_and_copies(demo):
    """The less common lives a story has, each as the services would have left it."""
    scheduled = Story.objects.filter(status=S.SCHEDULED)
    assert all(s.scheduled_for and s.scheduled_for > timezone.now() for s in scheduled)
    assert not Story.objects.exclude(status=S.SCHEDULED).exclude(scheduled_for=None).exists()
    forced = Story.objects.filter(needs_retro_approval=True)
    assert forced.count() == 2
    assert all(s.status == S.PUBLISHED and s.code for s in forced)
    features = Counter(Story.objects.values_list("feature", flat=True))
    assert features[F.FEATURED] >= 5
    assert features[F.REQUESTED] >= 3
    assert features[F.DECLINED] >= 2
    assert not Story.objects.exclude(status__in=PUBLIC_STATUSES).exclude(feature="").exists()
    for story in Story.objects.filter(status=S.CORRECTED):
        assert story.change_notes.exists()
        assert story.revisions.count() == 2
    assert not ChangeNote.objects.exclude(story__status=S.CORRECTED).exists()
    for story in Story.objects.filter(status=S.RETURNED):
        assert story.editorial_notes.exists()
    copies = Story.objects.exclude(origin=None).select_related("origin")
    assert copies.count() >= 10
    assert {c.status for c in copies} == {S.DRAFT, S.PUBLISHED}
    for copy in copies:
        assert copy.origin is not None
        assert copy.origin.is_public
        assert copy.unit_id != copy.origin.unit_id
        assert copy.headline == copy.origin.headline
        assert copy.origin.published_at is not None
        assert copy.created_at > copy.origin.published_at
        assert copy in copy.origin.republications.all()


def test_dates_and_text(demo):
    """About six months of working days; messy text like real Persian; sanitized bodies."""
    now = timezone.now()
    published = _published_times()
    assert min(published) > now - timedelta(days=190)
    assert min(published) < now - timedelta(days=150)
    assert max(published) < now
    months = {p.astimezone(timezone.get_current_timezone()).month for p in published}
    assert len(months) >= 6
    hours = Counter(p.astimezone(timezone.get_current_timezone()).hour for p in published)
    assert sum(hours[h] for h in range(8, 20)) == len(published)  # office hours, Tehran
    fridays = len(
        [p for p in published if p.astimezone(timezone.get_current_timezone()).weekday() == 4]
    )
    assert fridays < len(published) * 0.05
    for story in Story.objects.all():
        assert story.created_at <= story.updated_at <= now
        if story.published_at:
            assert story.created_at <= story.published_at
    texts = [f"{s.headline} {s.lead} {s.body}" for s in Story.objects.filter(language="fa")]
    assert sum(TATWEEL in t for t in texts) >= 15
    assert sum("ي" in t or "ك" in t for t in texts) >= 15  # Arabic yeh and kaf
    assert sum("می شود" in t or "می کنند" in t for t in texts) >= 10  # no ZWNJ
    assert sum(bool(re.search(r"[0-9]{2,}", t)) for t in texts) >= 20  # ASCII digits
    assert sum(bool(re.search(r"[۰-۹]{2,}", t)) for t in texts) >= 100  # Persian digits
    from hamafza.newsroom.sanitize import sanitize_html

    for story in Story.objects.exclude(code=SEED_CODE):
        assert sanitize_html(story.body) == story.body


# --- Invariants the services keep -----------------------------------------------------------


def test_the_services_invariants_hold(demo):
    """Codes unique and in the order of first publication; a revision of the current content
    for every story, by its authors or editors; versions that count the moves."""
    coded = list(
        Story.objects.exclude(code=None)
        .order_by("first_published_at", "id")
        .values_list("code", "status", "first_published_at")
    )
    codes = [code for code, _status, _at in coded if code is not None]
    assert len(codes) == len(coded)
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    assert codes == list(range(codes[0], codes[0] + len(codes)))
    assert all(
        status in {S.PUBLISHED, S.CORRECTED, S.UNPUBLISHED, S.ARCHIVED} for _c, status, _a in coded
    )
    assert not Story.objects.filter(code=None, status__in=PUBLIC_STATUSES).exists()
    assert not Story.objects.exclude(code=None).filter(first_published_at=None).exists()
    stories = Story.objects.prefetch_related(
        "revisions", "authors", "subjects", "domains", "tags", "key_messages"
    )
    for n, story in enumerate(stories):
        revisions = sorted(story.revisions.all(), key=lambda r: r.version)
        assert revisions, story.pk
        assert revisions[0].version == 1
        assert revisions[-1].version <= story.version
        assert revisions[-1].data == _snapshot(story)
        if n % 25 == 0:  # the same as the services' own snapshot
            assert _snapshot(story) == story_snapshot(story)
        assert all(r.author_id is not None for r in revisions)
        assert story.created_by_id in {author.pk for author in story.authors.all()}
        assert revisions[0].author_id == story.created_by_id
    minimum: dict[str, int] = {
        S.DRAFT: 1, S.SPIKED: 2, S.SUBMITTED: 2, S.RETURNED: 3, S.APPROVED: 3,
        S.SCHEDULED: 4, S.PUBLISHED: 2, S.CORRECTED: 5, S.UNPUBLISHED: 5, S.ARCHIVED: 5,
    }  # fmt: skip
    for status, version in Story.objects.values_list("status", "version"):
        assert version >= minimum[status]


def test_notifications_notes_and_the_audit_row(demo):
    """What the desk was told (never the actor); one audit row records the load."""
    assert Notification.objects.count() == demo["notifications"] > 20
    assert not any(n.actor_id == n.recipient_id for n in Notification.objects.all())
    assert Notification.objects.filter(read_at=None).exists()
    assert Notification.objects.exclude(read_at=None).exists()
    assert not Notification.objects.filter(recipient__is_active=False).exists()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"newsroom.story.submit", "newsroom.story.return", "newsroom.story.feature"} <= kinds
    assert EditorialNote.objects.count() == demo["notes"]


def test_the_forcer_cannot_approve_retrospectively_but_another_editor_can(demo):
    story = Story.objects.filter(needs_retro_approval=True, unit__slug="tehran").get()
    forcer = AuditEntry.objects.get(
        action="newsroom.story.force_publish", object_id=str(story.pk)
    ).actor
    assert forcer is not None
    assert forcer.username == "tehran.head"
    with pytest.raises(ValidationError):
        story_retro_approve(actor=forcer, story=story)
    editor = type(forcer).objects.get(username="tehran.editor")
    approved = story_retro_approve(actor=editor, story=story)
    assert not approved.needs_retro_approval


# --- Loading -------------------------------------------------------------------------------


def test_second_run_adds_nothing(demo):
    before = (
        Story.objects.count(),
        StoryRevision.objects.count(),
        Notification.objects.count(),
        EditorialNote.objects.count(),
        AuditEntry.objects.count(),
        NewsCodeCounter.objects.get().last_code,
    )
    again = demo_load()
    assert again == dict.fromkeys(demo, 0)
    after = (
        Story.objects.count(),
        StoryRevision.objects.count(),
        Notification.objects.count(),
        EditorialNote.objects.count(),
        AuditEntry.objects.count(),
        NewsCodeCounter.objects.get().last_code,
    )
    assert after == before
    entry = AuditEntry.objects.get(action="newsroom.demo.load")
    assert entry.actor is None
    assert entry.changes["stories"] == [0, demo["stories"]]
    assert SystemFlag.objects.filter(key=NEWSROOM_FLAG).exists()


def test_refuses_without_the_demo_network(db):
    with pytest.raises(CommandError, match="hamafza demo"):
        demo_load()
    assert not Story.objects.exists()


def test_is_fast(network):
    started = time.perf_counter()
    demo_load()
    # Generous bound for slow CI machines; on a laptop it takes a fraction of this.
    assert time.perf_counter() - started < 5
