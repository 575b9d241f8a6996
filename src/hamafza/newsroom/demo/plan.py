"""The demo's stories, planned as plain data before anything is written.

``plan_stories(now)`` decides, deterministically (a seeded random generator) apart from the
dates, which unit writes what, who wrote and handled it, which state it is in and when each
step happened, in the same shape the services would have left it: ``version`` counts every
change (content and workflow moves), revisions hold the content at the versions it was saved,
news codes follow the order of first publication with the seed article at 102685.
"""

import html
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hamafza.newsroom.demo import phrases as P
from hamafza.newsroom.models import Story
from hamafza.newsroom.sanitize import sanitize_html
from hamafza.newsroom.workflow import EDITOR_ROLES, WRITER_ROLES
from hamafza.org.demo.data import PEOPLE, UnitSpec, demo_units

S = Story.Status
K = Story.Kind
F = Story.Feature
TEHRAN = ZoneInfo("Asia/Tehran")

SEED_FILE = Path(__file__).parent / "data" / "seed_102685.txt"
SEED_UNIT = "hq-pr"
SEED_AUTHORS = ("hq.editor", "hq.head")
SEED_AGE = timedelta(days=12)

# How many stories of each kind of life the demo holds (about 300 with the seed, the
# republished copies and the international desk's English and Arabic stories).
STATUS_COUNTS = {
    S.PUBLISHED: 196,
    S.CORRECTED: 12,
    S.DRAFT: 24,
    S.SUBMITTED: 14,
    S.RETURNED: 8,
    S.APPROVED: 7,
    S.SCHEDULED: 6,
    S.UNPUBLISHED: 5,
    S.ARCHIVED: 5,
    S.SPIKED: 6,
}
FORCED = (("tehran", "tehran.head"), ("khorasan-razavi", "khorasan.head"))
COPIES_DRAFT, COPIES_PUBLISHED = 8, 6
FEATURED, REQUESTED, DECLINED = 8, 5, 3
WINDOW_DAYS = 175

# Where stories come from: the units with writers, and how busy each desk is.
UNIT_WEIGHT = {"hq-pr": 40, "hq-prevention": 8, "tehran": 24, "isfahan": 20}
UNIT_WEIGHT |= {"khorasan-razavi": 20, "mashhad": 9, "fars": 10}
PROVINCE_WEIGHT, COUNTY_WEIGHT = 7, 5
TOPIC_WEIGHT = {
    "rehabilitation": 14, "disability": 14, "elderly": 9, "children": 10, "prevention": 10,
    "emergency": 10, "women": 10, "partners": 7, "international": 3, "pr_network": 6,
}  # fmt: skip
KIND_WEIGHT = {
    K.NEWS: 62, K.REPORT: 10, K.INTERVIEW: 6, K.PHOTO: 8, K.VIDEO: 4, K.INFOGRAPHIC: 3,
    K.PRESS_RELEASE: 3, K.ANNOUNCEMENT: 2, K.NOTE: 2,
}  # fmt: skip
HAS_CODE = frozenset({S.PUBLISHED, S.CORRECTED, S.UNPUBLISHED, S.ARCHIVED})


@dataclass
class Content:
    kicker: str
    headline: str
    lead: str
    body: str
    kind: str
    language: str
    subjects: tuple[str, ...]
    domains: tuple[str, ...]
    tags: tuple[str, ...]

    def snapshot(self) -> dict[str, Any]:
        """The same dict ``services.story_snapshot`` keeps in a revision."""
        return {
            "kicker": self.kicker,
            "headline": self.headline,
            "lead": self.lead,
            "body": self.body,
            "kind": self.kind,
            "language": self.language,
            "subjects": sorted(set(self.subjects)),
            "domains": sorted(set(self.domains)),
            "tags": sorted(set(self.tags)),
            "key_messages": [],  # the demo's stories carry the strategy through their activities
        }


@dataclass
class Event:
    """Something that happened to a story besides its state: a note, a notification."""

    at: datetime
    actor: str | None
    text: str
    kind: str = ""  # notification kind; empty for an editorial note
    recipients: tuple[str, ...] = ()


@dataclass
class StoryPlan:
    key: int
    unit: str
    authors: tuple[str, ...]  # the first created it
    content: Content
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    scheduled_for: datetime | None = None
    feature: str = ""
    needs_retro_approval: bool = False
    forced_by: str | None = None
    origin: int | None = None  # key of the original, for republished copies
    code: int | None = None
    # (version, author, at, content) — the content as saved at each saved version.
    revisions: list[tuple[int, str, datetime, Content]] = field(default_factory=list)
    change_note: Event | None = None
    notes: list[Event] = field(default_factory=list)
    notices: list[Event] = field(default_factory=list)
    is_seed: bool = False


@dataclass
class Desk:
    """The people of the demo network, by unit: who writes and who edits for it."""

    units: dict[str, UnitSpec]
    writers: dict[str, list[str]]
    editors_over: dict[str, list[str]]
    active: set[str]

    @classmethod
    def load(cls) -> "Desk":
        units = {spec.slug: spec for spec in demo_units()}
        writers: dict[str, list[str]] = {}
        editors: dict[str, list[str]] = {}
        for person in PEOPLE:
            for slug, role in person.roles:
                if role in WRITER_ROLES:
                    writers.setdefault(slug, []).append(person.username)
                if role in EDITOR_ROLES and person.active:
                    editors.setdefault(slug, []).append(person.username)
        editors_over: dict[str, list[str]] = {}
        for slug in units:
            line: list[str] = []
            current: str | None = slug
            while current is not None:
                line += editors.get(current, [])
                current = units[current].parent
            editors_over[slug] = line
        active = {p.username for p in PEOPLE if p.active}
        return cls(units=units, writers=writers, editors_over=editors_over, active=active)

    def weight(self, slug: str) -> int:
        if slug in UNIT_WEIGHT:
            return UNIT_WEIGHT[slug]
        kind = self.units[slug].kind
        return PROVINCE_WEIGHT if kind == "province" else COUNTY_WEIGHT

    def place(self, slug: str) -> str:
        """How a story names the unit's place: «استان اصفهان», «شهرستان کاشان»; HQ speaks
        for the whole country."""
        if self.is_hq(slug):
            return "کشور"
        name = self.units[slug].name
        for prefix in ("اداره کل بهزیستی ", "اداره بهزیستی "):
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    def is_hq(self, slug: str) -> bool:
        return self.units[slug].kind in {"hq", "hq_office"}

    def official(self, slug: str, topic: P.Topic) -> str:
        if self.is_hq(slug):
            return topic.national_official
        kind = self.units[slug].kind
        return P.OFFICIAL.get(kind, P.OFFICIAL["center"]).format(place=self.place(slug))

    def source(self, slug: str) -> str:
        """Who reports the story, as its first paragraph names them."""
        if slug == "hq-pr":
            return "روابط عمومی و امور بین‌الملل سازمان بهزیستی کشور"
        return f"روابط عمومی {self.units[slug].name}"


# --- Dates ---------------------------------------------------------------------------------


def office_time(day: date, rng: random.Random) -> datetime:
    """A working-hours moment in Tehran on ``day``; Fridays move to Saturday mostly (the
    Iranian weekend), as a desk's output does."""
    if day.weekday() == 4 and rng.random() < 0.85:
        day += timedelta(days=1)
    moment = time(hour=rng.randint(8, 18), minute=rng.randint(0, 59))
    return datetime.combine(day, moment, tzinfo=TEHRAN)


def _days_ago(now: datetime, low: float, high: float, rng: random.Random) -> datetime:
    """An office-hours moment between ``high`` and ``low`` days ago, never in the future."""
    day = (now - timedelta(days=rng.uniform(low, high))).astimezone(TEHRAN).date()
    moment = office_time(day, rng)
    return min(moment, now - timedelta(minutes=rng.randint(5, 90)))


# --- Content -------------------------------------------------------------------------------


class Writer:
    """Writes the demo's Persian stories from the phrase templates."""

    def __init__(self, desk: Desk, rng: random.Random) -> None:
        self.desk = desk
        self.rng = rng
        self.used: set[tuple[str, str]] = set()

    def _values(self, slug: str, topic: P.Topic, ascii_digits: bool) -> dict[str, str]:
        rng = self.rng
        local = not self.desk.is_hq(slug)
        values = {
            "place": self.desk.place(slug),
            "source": self.desk.source(slug),
            "official": self.desk.official(slug, topic),
            "n1": P.number(rng.choice([rng.randint(3, 60), rng.randint(60, 900)]), ascii_digits),
            "n2": P.number(rng.randint(12, 4800), ascii_digits),
            "n3": P.number(rng.randint(8, 320), ascii_digits),
            "partner": rng.choice(P.PARTNERS_LOCAL if local else P.PARTNERS_NATIONAL),
            "country": rng.choice(P.COUNTRIES),
            "focus": rng.choice(P.FOCUSES),
        }
        if topic.key == "international" and not local and rng.random() < 0.4:
            values["partner"] = rng.choice(P.PARTNERS_FOREIGN)
        return values

    def write(
        self,
        slug: str,
        *,
        topic_key: str | None = None,
        awareness: P.Awareness | None = None,
        lead_with_number: bool = False,
    ) -> Content:
        """A new story for ``slug``, with a headline the unit has not used yet."""
        rng = self.rng
        for _attempt in range(50):
            key = awareness.topic if awareness else topic_key or self._topic(slug)
            topic = P.TOPIC_BY_KEY[key]
            kinds = self._messiness()
            ascii_digits = rng.random() < 0.2
            values = self._values(slug, topic, ascii_digits)
            local = not self.desk.is_hq(slug)
            if awareness:
                values |= {"event": awareness.name, "message": awareness.message}
                headline = rng.choice(P.AWARENESS_LOCAL if local else P.AWARENESS_NATIONAL)
                lead = P.AWARENESS_LEAD
            else:
                headline = rng.choice(topic.local if local else topic.national)
                leads = [t for t in topic.leads if "{n2}" in t] if lead_with_number else []
                lead = rng.choice(leads or list(topic.leads))
            kind = self._kind()
            headline = P.KIND_PREFIX.get(kind, "") + P.fill(headline, values)
            if (slug, headline) in self.used:
                continue
            self.used.add((slug, headline))
            paragraphs = self._paragraphs(topic, kind, awareness, values, lead)
            kicker = P.fill(rng.choice(P.KICKERS), values) if rng.random() < 0.3 else ""
            return Content(
                kicker=P.messy(kicker, rng, kinds - {"stretch"}),
                headline=P.messy(headline, rng, kinds - {"stretch"} | self._headline_stretch()),
                lead=P.messy(P.fill(lead, values), rng, kinds),
                body=self._body(paragraphs, kind, kinds),
                kind=kind,
                language=Story.Language.FA,
                subjects=topic.subjects[: rng.randint(1, len(topic.subjects))],
                domains=topic.domains[: rng.randint(1, len(topic.domains))],
                tags=topic.tags[: rng.randint(1, len(topic.tags))],
            )
        raise RuntimeError(f"no fresh headline for {slug}")  # pragma: no cover

    def foreign(self, language: str, index: int) -> Content:
        headline, lead, paragraphs = P.FOREIGN_STORIES[language][index]
        values = {"n1": str(self.rng.randint(12, 95))}
        body = "".join(f"<p>{html.escape(P.fill(p, values), quote=False)}</p>" for p in paragraphs)
        return Content(
            kicker="",
            headline=P.fill(headline, values),
            lead=P.fill(lead, values),
            body=sanitize_html(body),
            kind=K.NEWS,
            language=language,
            subjects=("model",),
            domains=("inter_agency",),
            tags=("همکاری بین‌المللی",),
        )

    def _topic(self, slug: str) -> str:
        if slug == "hq-prevention":
            return "prevention"
        topics = [t for t in TOPIC_WEIGHT if t != "international" or slug in {"hq-pr", "mashhad"}]
        return self.rng.choices(topics, weights=[TOPIC_WEIGHT[t] for t in topics])[0]

    def _kind(self) -> str:
        return self.rng.choices(list(KIND_WEIGHT), weights=list(KIND_WEIGHT.values()))[0]

    def _messiness(self) -> frozenset[str]:
        """Most stories arrive clean; about a third carry one or more kinds of mess."""
        if self.rng.random() > 0.33:
            return frozenset()
        chosen = {k for k in ("stretch", "arabic", "zwnj") if self.rng.random() < 0.45}
        return frozenset(chosen or {self.rng.choice(["stretch", "arabic", "zwnj"])})

    def _headline_stretch(self) -> frozenset[str]:
        return frozenset({"stretch"}) if self.rng.random() < 0.05 else frozenset()

    def _paragraphs(
        self,
        topic: P.Topic,
        kind: str,
        awareness: P.Awareness | None,
        values: dict[str, str],
        lead: str,
    ) -> list[str]:
        """The body: "به گزارش …" and what the lead does not already say, then the topic's
        paragraphs."""
        rng = self.rng
        chosen = rng.sample(topic.paragraphs, k=rng.randint(2, len(topic.paragraphs)))
        other = next((t for t in topic.leads if t != lead), topic.leads[0])
        opening = f"به گزارش {values['source']}، " + P.fill(other, values)
        paragraphs = [opening] + [P.fill(p, values) for p in chosen]
        if awareness:
            paragraphs.append(P.AWARENESS_PARAGRAPH)
        if kind == K.INTERVIEW:
            paragraphs.insert(1, P.fill(P.INTERVIEW_PARAGRAPH, values))
        return paragraphs

    def _body(self, paragraphs: list[str], kind: str, kinds: frozenset[str]) -> str:
        parts = [
            f"<p>{html.escape(P.messy(text, self.rng, kinds), quote=False)}</p>"
            for text in paragraphs
        ]
        if kind == K.REPORT:
            parts.insert(len(parts) - 1, "<h3>برنامه‌های پیش رو</h3>")
        if kind == K.INTERVIEW:
            parts.insert(2, f"<blockquote><p>{P.QUOTE}</p></blockquote>")
        return sanitize_html("".join(parts))


def seed_content() -> tuple[Content, int]:
    """The seed article: its first line is the headline, the paragraphs up to the news code
    line are the body (characters unchanged: tatweels, missing ZWNJs, no-break spaces); the
    rest of the file is the page around it (code, comments, e-services). Returns the code."""
    lines = SEED_FILE.read_text(encoding="utf-8").split("\n")
    headline, paragraphs, code = lines[0], [], None
    for line in lines[1:]:
        found = re.fullmatch(r"کد خبر (\d+)", line.strip())
        if found:
            code = int(found.group(1))
            break
        if line.strip():
            paragraphs.append(line)
    if code is None:
        raise ValueError(f"{SEED_FILE} has no news code line")
    # Escaped for HTML only where HTML needs it; the text has no <, > or &, so it is stored
    # exactly as written. Not passed through the sanitizer, which would rewrite U+00A0 as
    # &nbsp; — the same text to a reader, but not the same characters.
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    content = Content(
        kicker="",
        headline=headline,
        lead="",
        body=body,
        kind=K.NEWS,
        language=Story.Language.FA,
        subjects=("event", "model"),
        domains=("inter_agency", "intra_agency", "extra_agency", "pr_network"),
        tags=("شبکه روابط عمومی", "سند راهبردی رسانه‌ای", "هم‌افزایی", "دیپلماسی علمی"),
    )
    return content, code
