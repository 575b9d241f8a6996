"""Each demo story's life: its state, who handled it and when every step happened.

The steps follow the transition table (``workflow.py``): a published story was submitted,
approved and published (version 4); a corrected one was then saved with a change note
(version 5) and so on. Notes and notifications go to the people the services would have told.
"""

import itertools
import random
from datetime import date, datetime, timedelta

from hamafza.newsroom.demo import phrases as P
from hamafza.newsroom.demo.plan import (
    COPIES_DRAFT,
    COPIES_PUBLISHED,
    DECLINED,
    FEATURED,
    FORCED,
    HAS_CODE,
    REQUESTED,
    SEED_AGE,
    SEED_AUTHORS,
    SEED_UNIT,
    STATUS_COUNTS,
    TEHRAN,
    WINDOW_DAYS,
    Content,
    Desk,
    Event,
    StoryPlan,
    Writer,
    _days_ago,
    office_time,
    seed_content,
)
from hamafza.newsroom.models import Story

S = Story.Status
F = Story.Feature
HQ_EDITOR = "hq.editor"
FALLBACK_EDITOR = "admin"  # the superuser: units with nobody above them who edits
FORMER = "sabzevar"  # its only writer has retired: old stories only


class Planner:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.rng = random.Random(102685)  # noqa: S311 (invented content, not secrets)
        self.desk = Desk.load()
        self.writer = Writer(self.desk, self.rng)
        self.keys = itertools.count(1)
        self.plans: list[StoryPlan] = []

    # --- Who ---------------------------------------------------------------------------

    def unit(self, *, old: bool = False) -> str:
        """A unit to write for, by how busy its desk is (``old``: the retired writer's)."""
        if old:
            return FORMER
        slugs = [slug for slug in self.desk.writers if slug != FORMER]
        return self.rng.choices(slugs, weights=[self.desk.weight(s) for s in slugs])[0]

    def authors(self, slug: str) -> tuple[str, ...]:
        names = self.desk.writers[slug]
        if slug != FORMER:
            names = [n for n in names if n in self.desk.active]
        first = self.rng.choice(names)
        others = [n for n in names if n != first]
        if others and self.rng.random() < 0.2:
            return (first, self.rng.choice(others))
        return (first,)

    def editor(self, slug: str, authors: tuple[str, ...]) -> str:
        """An editor of the unit or above who is not an author (the two-person rule)."""
        candidates = [e for e in self.desk.editors_over[slug] if e not in authors]
        return self.rng.choice(candidates) if candidates else FALLBACK_EDITOR

    def editors_but(self, slug: str, actor: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for e in self.desk.editors_over[slug] if e != actor))

    def authors_but(self, plan: StoryPlan, actor: str | None) -> tuple[str, ...]:
        return tuple(a for a in plan.authors if a != actor and a in self.desk.active)

    # --- When --------------------------------------------------------------------------

    def after(self, moment: datetime, low_hours: float, high_hours: float) -> datetime:
        """A moment some hours after ``moment``, but not in the future (nor before it)."""
        later = moment + timedelta(hours=self.rng.uniform(low_hours, high_hours))
        return max(moment, min(later, self.now - timedelta(minutes=1)))

    def before(self, moment: datetime, low_hours: float, high_hours: float) -> datetime:
        return moment - timedelta(hours=self.rng.uniform(low_hours, high_hours))

    def working(self, moment: datetime) -> datetime:
        """``moment`` if it falls in office hours in Tehran, else an office-hours moment of
        that day (or the day before, when that would be in the future)."""
        local = moment.astimezone(TEHRAN)
        if 8 <= local.hour < 19:
            return moment
        for day in (local.date(), local.date() - timedelta(days=1)):
            candidate = office_time(day, self.rng)
            if candidate <= self.now:
                return candidate
        return office_time(local.date() - timedelta(days=2), self.rng)

    # --- Building ----------------------------------------------------------------------

    def new(self, slug: str, content: Content, status: str, created: datetime) -> StoryPlan:
        authors = self.authors(slug)
        plan = StoryPlan(
            key=next(self.keys),
            unit=slug,
            authors=authors,
            content=content,
            status=status,
            version=1,
            created_at=created,
            updated_at=created,
            revisions=[(1, authors[0], created, content)],
        )
        self.plans.append(plan)
        return plan

    def notice(self, plan: StoryPlan, kind: str, at: datetime, actor: str, text: str) -> None:
        headline = plan.content.headline
        if kind == "submit":
            recipients = self.editors_but(plan.unit, actor)
            message = f"خبر «{headline}» برای بررسی فرستاده شد."
        else:
            recipients = self.authors_but(plan, actor)
            if kind in {"feature", "force_publish"}:
                recipients = tuple(dict.fromkeys(recipients + self.editors_but(plan.unit, actor)))
            message = text.format(headline=headline)
        plan.notices.append(Event(at, actor, message, f"newsroom.story.{kind}", recipients))

    def published(self, plan: StoryPlan, at: datetime) -> None:
        """Submitted, approved and published at ``at`` (version 4), in office hours."""
        at = self.working(at)
        editor = self.editor(plan.unit, plan.authors)
        plan.created_at = self.before(at, 2, 72)
        plan.revisions = [(1, plan.authors[0], plan.created_at, plan.content)]
        plan.status, plan.version = S.PUBLISHED, 4
        plan.published_at = plan.updated_at = at
        if at > self.now - timedelta(days=10):
            self.notice(plan, "publish", at, editor, "خبر «{headline}» منتشر شد.")
        if self.rng.random() < 0.15:
            note = self.rng.choice(P.REVIEW_NOTES)
            plan.notes.append(Event(self.before(at, 0.1, 1), editor, note))

    # --- The states ----------------------------------------------------------------------

    def life(self, plan: StoryPlan, status: str) -> None:
        rng, now = self.rng, self.now
        author = plan.authors[0]
        editor = self.editor(plan.unit, plan.authors)
        if status == S.DRAFT:
            return
        if status in HAS_CODE:
            self.published(plan, plan.published_at or _days_ago(now, 0.05, WINDOW_DAYS, rng))
            at = _published(plan)
            if status == S.CORRECTED:
                self.correct(plan, editor)
            elif status == S.UNPUBLISHED:
                moment = self.after(at, 2, 72)
                plan.status, plan.version, plan.updated_at = S.UNPUBLISHED, 5, moment
                note = rng.choice(P.UNPUBLISH_NOTES)
                text = "خبر «{headline}» از انتشار خارج شد: " + note
                self.notice(plan, "unpublish", moment, editor, text)
            elif status == S.ARCHIVED:
                plan.status, plan.version = S.ARCHIVED, 5
                plan.updated_at = self.after(at, 24 * 30, 24 * 60)
            return
        submitted = self.after(plan.created_at, 0.3, 6)
        if status == S.SPIKED:
            plan.status, plan.version, plan.updated_at = S.SPIKED, 2, submitted
            plan.notes.append(Event(submitted, editor, "تکراری است؛ خبر کامل‌تر منتشر شده است."))
            return
        plan.status, plan.version, plan.updated_at = S.SUBMITTED, 2, submitted
        self.notice(plan, "submit", submitted, author, "")
        if status == S.SUBMITTED:
            if rng.random() < 0.4:
                moment = self.after(submitted, 0.2, 4)
                plan.notes.append(Event(moment, editor, rng.choice(P.REVIEW_NOTES)))
            return
        decided = self.after(submitted, 0.5, 20)
        if status == S.RETURNED:
            note = rng.choice(P.RETURN_NOTES)
            plan.status, plan.version, plan.updated_at = S.RETURNED, 3, decided
            plan.notes.append(Event(decided, editor, note))
            text = "خبر «{headline}» برای اصلاح برگشت: " + note
            self.notice(plan, "return", decided, editor, text)
            return
        plan.status, plan.version, plan.updated_at = S.APPROVED, 3, decided
        self.notice(plan, "approve", decided, editor, "خبر «{headline}» تأیید شد.")
        if status == S.SCHEDULED:
            plan.status, plan.version = S.SCHEDULED, 4
            plan.updated_at = self.after(decided, 0.1, 2)
            if plan.scheduled_for is None:
                day = (now + timedelta(days=rng.uniform(1, 9))).astimezone(TEHRAN).date()
                plan.scheduled_for = office_time(day, rng)

    def correct(self, plan: StoryPlan, editor: str) -> None:
        """Saved again after publication with a public change note: the lead's number was
        wrong (revision 1 keeps the wrong one)."""
        corrected_at = self.after(_published(plan), 1, 48)
        right = plan.content
        wrong_number = P.number(self.rng.randint(13, 4799), ascii_digits=False)
        digits = "".join(c for c in right.lead if c.isdigit())
        wrong_lead = right.lead.replace(digits, wrong_number, 1) if digits else right.lead
        wrong = Content(**{**right.__dict__, "lead": wrong_lead})
        plan.revisions = [
            (1, plan.authors[0], plan.created_at, wrong),
            (5, editor, corrected_at, right),
        ]
        plan.status, plan.version, plan.updated_at = S.CORRECTED, 5, corrected_at
        note = self.rng.choice(P.CHANGE_NOTES)
        plan.change_note = Event(corrected_at, editor, note)


def _published(plan: StoryPlan) -> datetime:
    if plan.published_at is None:
        raise ValueError(f"demo story {plan.key} was never published")
    return plan.published_at


def plan_stories(now: datetime) -> list[StoryPlan]:
    """Every demo story, in the order they are written (originals before their copies)."""
    planner = Planner(now)
    rng, writer = planner.rng, planner.writer
    counts = dict(STATUS_COUNTS)

    # The seed article, published by HQ's PR office and featured on the national front page.
    content, _code = seed_content()
    published_at = office_time((now - SEED_AGE).astimezone(TEHRAN).date(), rng)
    seed = planner.new(SEED_UNIT, content, S.PUBLISHED, published_at)
    seed.authors = SEED_AUTHORS
    seed.is_seed = True
    planner.published(seed, published_at)
    seed.revisions = [(1, SEED_AUTHORS[0], seed.created_at, content)]
    seed.feature, seed.version = F.FEATURED, 6

    # The international desk in English and Arabic.
    for language, stories in P.FOREIGN_STORIES.items():
        for index in range(len(stories)):
            plan = planner.new("hq-pr", writer.foreign(language, index), S.PUBLISHED, now)
            plan.authors = ("intl.editor",)
            planner.life(plan, S.PUBLISHED)
            counts[S.PUBLISHED] -= 1

    # Awareness days: covered around the day when it has passed, scheduled when it is near.
    today = now.astimezone(TEHRAN).date()
    for awareness in P.AWARENESS:
        for year in (today.year - 1, today.year):
            day = date(year, awareness.month, awareness.day)
            age = (today - day).days
            if 0 <= age <= WINDOW_DAYS - 5:
                units = ["hq-pr"] + [planner.unit() for _ in range(rng.randint(2, 4))]
                for slug in units:
                    story = writer.write(slug, awareness=awareness)
                    plan = planner.new(slug, story, S.PUBLISHED, now)
                    moment = office_time(day + timedelta(days=rng.randint(-3, 1)), rng)
                    plan.published_at = min(moment, now - timedelta(hours=1))
                    planner.life(plan, S.PUBLISHED)
                    counts[S.PUBLISHED] -= 1
            elif -14 <= age < 0 and counts[S.SCHEDULED] > 0:
                for slug in ["hq-pr", planner.unit()][: counts[S.SCHEDULED]]:
                    story = writer.write(slug, awareness=awareness)
                    plan = planner.new(slug, story, S.DRAFT, _days_ago(now, 0.5, 4, rng))
                    when = office_time(day - timedelta(days=1), rng)
                    plan.scheduled_for = max(when, now + timedelta(hours=2))
                    planner.life(plan, S.SCHEDULED)
                    counts[S.SCHEDULED] -= 1

    # Everything else, by state.
    for status, count in counts.items():
        for _n in range(count):
            old = status in {S.PUBLISHED, S.ARCHIVED} and rng.random() < 0.03
            slug = planner.unit(old=old)
            story = writer.write(slug, lead_with_number=status == S.CORRECTED)
            if status == S.DRAFT:
                created = _days_ago(now, 0.05, 20, rng)
            elif status == S.SPIKED:
                created = _days_ago(now, 10, 60, rng)
            else:
                created = _days_ago(now, 0.5, 12, rng)
            plan = planner.new(slug, story, status, created)
            if slug == FORMER:
                plan.published_at = _days_ago(now, 120, WINDOW_DAYS, rng)
            elif status == S.ARCHIVED:
                plan.published_at = _days_ago(now, 120, WINDOW_DAYS - 5, rng)
            elif status in {S.CORRECTED, S.UNPUBLISHED}:
                plan.published_at = _days_ago(now, 4, WINDOW_DAYS - 5, rng)
            planner.life(plan, status)

    # Force-published by a head, waiting for an editor's retrospective approval.
    for slug, head in FORCED:
        story = writer.write(slug, topic_key="emergency")
        at = planner.working(_days_ago(now, 0.1, 3, rng))
        plan = planner.new(slug, story, S.DRAFT, planner.before(at, 0.2, 3))
        plan.status, plan.version, plan.needs_retro_approval = S.PUBLISHED, 2, True
        plan.forced_by, plan.published_at, plan.updated_at = head, at, at
        text = "خبر «{headline}» با انتشار فوری منتشر شد و تأیید پسینی لازم دارد."
        planner.notice(plan, "force_publish", at, head, text)

    _front_page(planner, seed)
    _republish(planner)
    _codes(planner.plans, _code)
    return planner.plans


def _front_page(planner: Planner, seed: StoryPlan) -> None:
    """Some published stories were sent up to HQ: featured, waiting, or declined."""
    rng = planner.rng
    candidates = [
        p
        for p in planner.plans
        if p.status == S.PUBLISHED and not p.is_seed and not p.needs_retro_approval
    ]
    recent = [
        p
        for p in candidates
        if p.published_at and p.published_at > planner.now - timedelta(days=20)
    ]
    waiting = rng.sample(recent, k=min(REQUESTED, len(recent)))
    rest = [p for p in candidates if p not in waiting]
    decided = rng.sample(rest, k=FEATURED + DECLINED)
    for plan in waiting:
        plan.feature, plan.version = F.REQUESTED, plan.version + 1
    for n, plan in enumerate(decided):
        plan.feature = F.FEATURED if n < FEATURED else F.DECLINED
        plan.version += 2
        at = planner.after(_published(plan), 2, 30)
        plan.updated_at = max(plan.updated_at, at)
        if plan.feature == F.FEATURED:
            text = "خبر «{headline}» در صفحه اول ملی قرار گرفت."
            planner.notice(plan, "feature", at, HQ_EDITOR, text)
    planner.notice(
        seed,
        "feature",
        planner.after(_published(seed), 1, 3),
        "intl.editor",
        "خبر «{headline}» در صفحه اول ملی قرار گرفت.",
    )


def _republish(planner: Planner) -> None:
    """Units adopted other units' published stories as drafts of their own; some of those
    copies are published too."""
    rng, now = planner.rng, planner.now
    originals = [
        p
        for p in planner.plans
        if p.status == S.PUBLISHED
        and p.content.language == "fa"
        and p.published_at
        and p.published_at < now - timedelta(days=6)
        and not p.is_seed
    ]
    chosen = rng.sample(originals, k=COPIES_DRAFT + COPIES_PUBLISHED)
    for n, original in enumerate(chosen):
        slug = planner.unit()
        while slug == original.unit:
            slug = planner.unit()
        adopted = _published(original) + timedelta(hours=1)
        plan = planner.new(slug, original.content, S.DRAFT, planner.after(adopted, 12, 24 * 5))
        plan.origin = original.key
        if n >= COPIES_DRAFT:
            planner.published(plan, planner.after(adopted, 24, 24 * 5))
            plan.created_at = max(plan.created_at, adopted)
            plan.revisions = [(1, plan.authors[0], plan.created_at, plan.content)]


def _codes(plans: list[StoryPlan], seed_code: int) -> None:
    """News codes in the order of first publication, the seed article at ``seed_code``."""
    coded = sorted(
        (p for p in plans if p.status in HAS_CODE and p.published_at is not None),
        key=lambda p: (p.published_at, p.key),
    )
    first = seed_code - next(n for n, p in enumerate(coded) if p.is_seed)
    for n, plan in enumerate(coded):
        plan.code = first + n
