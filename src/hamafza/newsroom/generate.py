"""Invented Persian stories at scale: ``hamafza generate --stories N``.

For the search benchmark (100k and 1M stories on SQLite and PostgreSQL) and for tests. The text
reads like the network's copy to a search engine, not to a person:

* Words follow real Persian frequencies (``wordfreq``'s shipped list, about 28,000 words, no
  download at run time): «و»، «در»، «به»، «از» are in every story, rare words in a few. The
  topics' headline, lead and paragraph templates of the demo (``demo.phrases``) are mixed in,
  with the unit's place and official, numbers, Jalali dates and the PR network's own terms
  («روابط عمومی» in about two thirds of the stories, «بهزیستی»، «توانمندسازی»، «مددجویان»،
  «هم‌افزایی» …).
* Mess as copy arrives from other systems, at fixed rates per story and per word: Arabic ي and
  ك, kashida (مشــاور), a space or nothing instead of a ZWNJ (می شود، میشود، کتاب ها), Persian,
  ASCII or Arabic-Indic digits, now and then harakat.
* Sizes: headline 6–14 words (a few more where a ZWNJ became a space), lead 25–45, body
  150–450 (about 1,500 characters) in ``<p>`` paragraphs: sanitized HTML as the editor saves
  it, the text never holding ``<``, ``>`` or ``&``.

Speed: tokens are drawn by table lookup, the common words in pre-punctuated fragments
(``Vocabulary``); rows go in with the drivers' bulk paths, in a second thread while the next
batch is written (``_Inserter``, ``_saved``).

Contract of ``generate_stories``:

* Rows are written directly, in bulk, one transaction per batch; not through the services, so
  no revisions, notes, notifications or per-story audit rows (corrected stories get their change
  note). One audit row, ``newsroom.generate`` (actor None), records each run.
* Deterministic: the same seed, count, rate, ``now`` and starting database give the same
  stories, whatever the batch size.
* Stories are spread over every unit (HQ's PR office and the provinces busiest), mostly news,
  all Persian, about 90% published, going back from ``now`` at ``per_day`` stories a working
  day; drafts, stories in review and scheduled ones are recent. ``version``, the timestamps and
  the news codes are what the services would have left.
* News codes continue from ``NewsCodeCounter``, in order of publication; each batch takes the
  counter's lock, its range of codes and advances the counter, so codes stay unique when someone
  publishes meanwhile and a run stopped halfway leaves the counter right.
* A database without units (just migrated) gets a small network first: HQ, its PR office, six
  provinces and two counties, named as in the demo.
* The stories are created by one dedicated account, ``generator`` (inactive, no usable
  password), made if missing: invented text is never attributed to a real person.
"""

import array
import bisect
import hashlib
import itertools
import random
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache
from operator import itemgetter
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import NotSupportedError, connection, connections, transaction
from django.db.models import ManyToManyField, Max
from persiantools.jdatetime import JalaliDate

from hamafza.common.audit import audit_log
from hamafza.common.progress import Progress, Writer
from hamafza.newsroom.demo import phrases as P
from hamafza.newsroom.demo.plan import KIND_WEIGHT, TOPIC_WEIGHT
from hamafza.newsroom.models import ChangeNote, NewsCodeCounter, Story, Subject, Tag
from hamafza.newsroom.reference import reference_data_ensure as newsroom_reference_ensure
from hamafza.org.demo.data import demo_units
from hamafza.org.models import Domain, Profile, Unit
from hamafza.org.reference import reference_data_ensure as org_reference_ensure

DEFAULT_SEED = 102685
DEFAULT_BATCH = 2000
DEFAULT_PER_DAY = 150  # stories a working day across the whole network
GENERATOR_USERNAME = "generator"
# Units made on a database that has none: HQ, its PR office, six provinces, two counties.
FRESH_UNITS = (
    "hq", "hq-pr", "tehran", "isfahan", "khorasan-razavi", "fars", "khuzestan", "east-azerbaijan",
    "mashhad", "kashan",
)  # fmt: skip

S = Story.Status
TEHRAN = ZoneInfo("Asia/Tehran")
OFFICE_START, OFFICE_HOURS = 8, 11
RECENT_DAYS = 25  # working days in which stories may still be drafts, in review or scheduled

# --- Rates ---------------------------------------------------------------------------------

UNIT_WEIGHT = {"hq": 5, "hq_office": 8, "province": 10, "county": 3, "center": 1}
UNIT_WEIGHT_BY_SLUG = {"hq-pr": 40, "tehran": 18, "isfahan": 15, "khorasan-razavi": 15}
OLD_STATUS: dict[str, int] = {
    S.PUBLISHED: 905, S.CORRECTED: 20, S.ARCHIVED: 30, S.UNPUBLISHED: 5, S.SPIKED: 15,
    S.DRAFT: 25,
}  # fmt: skip
RECENT_STATUS: dict[str, int] = {
    S.PUBLISHED: 800, S.CORRECTED: 10, S.UNPUBLISHED: 5, S.DRAFT: 60, S.SUBMITTED: 50,
    S.RETURNED: 25, S.APPROVED: 20, S.SCHEDULED: 10, S.SPIKED: 20,
}  # fmt: skip
HAS_CODE = frozenset({S.PUBLISHED, S.CORRECTED, S.UNPUBLISHED, S.ARCHIVED})
# The version the services leave a story at: created 1, submitted 2, approved or returned 3,
# published or scheduled 4, then one more for a correction, unpublishing or archiving.
VERSION: dict[str, int] = {
    S.DRAFT: 1, S.SUBMITTED: 2, S.SPIKED: 2, S.RETURNED: 3, S.APPROVED: 3, S.SCHEDULED: 4,
    S.PUBLISHED: 4, S.CORRECTED: 5, S.UNPUBLISHED: 5, S.ARCHIVED: 5,
}  # fmt: skip

ARABIC_LETTERS = 0.12  # stories typed on an Arabic keyboard: ي and ك
STRETCHED = 0.15  # stories whose typist stretches words with kashida
WITH_HARAKAT = 0.05
ZWNJ_STYLES = (("\u200c", 60), (" ", 28), ("", 12))  # what the typist writes for a ZWNJ
ZWNJ_EVERYWHERE = 0.4  # of typists without ZWNJs: in the quoted template text too
DIGIT_STYLES = (("fa", 80), ("ascii", 12), ("ar", 8))
PR_OPENING = 0.5  # «به گزارش روابط عمومی …، » opens the body
TEMPLATE_HEADLINE, TEMPLATE_LEAD, TEMPLATE_PARAGRAPH, CONNECTIVE = 0.55, 0.6, 0.3, 0.35

# --- Text ----------------------------------------------------------------------------------

TABLE_SIZE = 1 << 16
HEAD_WORDS = 2000  # the commonest words, in the first table with their messy variants
LEVEL_BUDGET = 50_000  # a level's rarest word still gets a slot of its own
# Marks inside text being written, settled for each story by ``_Writer._finish``. NEXT_LEVEL:
# a word from the next, rarer table; the first is a formatting field, so that a story's rare
# words go in with one ``%`` (any other ``%`` that enters a story is written ``%%``).
NEXT_LEVEL = ("%s", "\x02", "\x03")
NUMBER, DATE, PLACE = "\x04", "\x05", "\x06"
SOFT = "\x07"  # a ZWNJ that the story's typist writes their own way
STRETCH = "\x0e"  # where a kashida may go
HARAKA = "\x0f"  # where a vowel mark may go
HARAKAT = ("\u064e", "\u0650", "\u064f")  # fatha, kasra, damma: one kind a story
FIELD = "\x1f"
ZWNJ = "\u200c"
KASHIDA = "\u0640" * 2
FRAGMENT = "\x12"
FRAGMENT_SIZES = bytes(2 + b % 11 for b in range(256))  # a random byte to 2–12 tokens

# Running text, per 10,000 tokens: punctuation, numbers, dates, places and the network's terms.
SPECIALS = {".": 550, "،": 650, NUMBER: 130, DATE: 8, PLACE: 50}
DOMAIN_TERMS = {
    "بهزیستی": 60, "سازمان بهزیستی": 25, "روابط عمومی": 16, "مددجویان": 25,
    "توانمندسازی": 12, "هم\u200cافزایی": 10, "توانبخشی": 25, "افراد دارای معلولیت": 12,
    "سالمندان": 12, "زنان سرپرست خانوار": 8, "اورژانس اجتماعی": 6, "خیرین": 8,
    "سازمان\u200cهای مردم\u200cنهاد": 6, "جامعه هدف": 8, "مراکز توانبخشی": 6,
    "شبکه روابط عمومی": 3, "اطلاع\u200cرسانی": 8, "پیوست رسانه\u200cای": 2, "مددکار اجتماعی": 5,
    "کودکان کار": 4, "پیشگیری از اعتیاد": 5, "غربالگری": 4, "مستمری": 4, "تفاهم\u200cنامه": 5,
    "خدمات حمایتی": 6, "اشتغال": 8, "مسکن مددجویان": 3, "سند راهبردی رسانه\u200cای": 1,
}  # fmt: skip
# Tokens that are spoken Persian or loose affixes in wordfreq's list, never news copy.
_COLLOQUIAL = (
    "رو یه اون داره اگه باشه کنه واسه دیگه نداره خب منم بشه بده خونه میشه دارن بهش داری همون "
    "خوبه کنن بابا برم بگم میکنم نکن بهم مگه کردی چیه بدم برو بگو میکنی دلم هی آره برام بره "
    "تموم میخوام ازش بهت اره بری شه میاد نشون اومده اینه بریم هستن اومد باش باشم کنی منو گفتم "
    "خودت میکنه چی کیه احمقا ها های هایی ای می نمی تر ترین اند اش ام ات اس ست"
)
COLLOQUIAL = frozenset(_COLLOQUIAL.split())
# Offensive words in the list, as SHA-256 prefixes so that this file itself reads clean.
OFFENSIVE = frozenset({
    "063435d187a3", "092b41c2fd16", "0e65e0dea6c9", "0e7f8059ed02", "14615987d646",
    "18c36eb5af58", "1e54658845e9", "1f7ab8aab4d4", "26b500a20be1", "2e55d51ede6d",
    "3084eb7feb2a", "373fb5a601e0", "3854b854e1b4", "3953b12b8086", "39f52651d63f",
    "3c2986d343d1", "3c7e91e2544f", "42e80b9825ba", "46b4e46657dc", "4f454a083d73",
    "5102f390236a", "51dc1772f691", "51edf22185d4", "52bdfdd1960f", "544a2f74d240",
    "548fb396a896", "5f3fcb4f89e3", "6bbb8d7966f8", "75b7a10c23a5", "7af3c02a0dce",
    "8ba24b353750", "8d612b0630d6", "8dd53af7c6fa", "911ce400ff4e", "938108c35870",
    "96d2b868ba25", "9ba38f42ac90", "9e5c06d03a57", "ae121b000eae", "afa1ecd94747",
    "b23daf4cff77", "b3a3063456b3", "b3fe776ce2a1", "b4d70887cd30", "be5b412fc3f9",
    "c60d8e634169", "ca044385a947", "d7cb4a41d85b", "d90f73ff124d", "db3b9371b167",
    "dde8b7920063", "e2d123db00a6", "e316c4ed7c4e", "e5ac6a9d6134", "ea37442b8d12",
    "ecb3cfd1b3f6", "ee3f23818cc5", "f104f18ddb38", "f4b46db15b75", "fa6ca2c26c24",
    "fb9eb1ae7472", "fe7a538a8fdc",
})  # fmt: skip
_PERSIAN_WORD = re.compile(
    "[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+"
)
_JOINING = frozenset("سشصضطظکگلمنبپتثیفقعغهجچحخ")  # letters a kashida may follow

CONNECTIVES = (
    "وی افزود: ", "{official} گفت: ", "به گفته وی، ", "همچنین ", "بنا بر این گزارش، ",
    "وی ادامه داد: ", "{official} در ادامه گفت: ", "در این نشست ", "بر اساس این گزارش، ",
    "وی تصریح کرد: ", "{official} با اشاره به " + PLACE + " گفت: ", "در همین حال ",
)  # fmt: skip
OTHER_OPENINGS = (
    "به گزارش خبرگزاری ایرنا، ", "به گزارش ایسنا، ", "به نقل از پایگاه اطلاع\u200cرسانی بهزیستی، ",
    "", "", "",
)  # fmt: skip
LEAD_VERBS = (" گفت: ", " اعلام کرد: ", " روز " + DATE + " گفت: ", " در نشستی خبری گفت: ")
REPORT_HEADINGS = ("برنامه\u200cهای پیش رو", "گزارش عملکرد", "نیازها و چالش\u200cها", "دستاوردها")
MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
    "بهمن", "اسفند",
)  # fmt: skip
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه")
DIGITS: dict[str, dict[int, str] | None] = {
    "ascii": None,
    "fa": {ord("0") + i: chr(0x06F0 + i) for i in range(10)},
    "ar": {ord("0") + i: chr(0x0660 + i) for i in range(10)},
}
LANGUAGE = Story.Language.FA.value


@dataclass(frozen=True)
class GenerateResult:
    created: int
    published: int
    seconds: float
    first_code: int | None
    last_code: int | None
    units_created: int
    body_chars: int  # all bodies together, to report their average size

    @property
    def rate(self) -> float:
        """Stories written per second."""
        return self.created / self.seconds if self.seconds else 0.0


# --- Vocabulary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Tables of ``TABLE_SIZE`` entries, each as often as its frequency, so that drawing a slot
    at random draws a token with its probability: a lookup per token, where ``random.choices``
    would cost a bisection each.

    Running text comes in ``fragments``, 2–12 tokens of the commonest words and the network's
    terms, punctuated, drawn by the same frequencies once per process; the rarer words
    (``rare``: one table per level, each but the last with the mark of the next) and numbers
    are drawn afresh for each story, so no two stories share the same long tail."""

    fragments: tuple[str, ...]
    fragment_words: float  # words in a fragment, on average
    rare: tuple[tuple[str, ...], ...]
    headline: tuple[str, ...]  # content words and terms, no punctuation
    numbers: tuple[str, ...]  # ASCII digits


def _table(weights: dict[str, float]) -> tuple[str, ...]:
    """``TABLE_SIZE`` slots shared by the tokens in proportion to their weights; every token
    keeps at least one, the commonest give or take the rounding."""
    total = sum(weights.values())
    counts = {token: max(1, round(w * TABLE_SIZE / total)) for token, w in weights.items()}
    common = sorted(counts, key=counts.__getitem__, reverse=True)[:256]
    surplus = sum(counts.values()) - TABLE_SIZE
    for token in itertools.cycle(common):
        if surplus == 0:
            break
        step = 1 if surplus > 0 else -1
        if counts[token] > 1:
            counts[token] -= step
            surplus -= step
    return tuple(itertools.chain.from_iterable(itertools.repeat(t, c) for t, c in counts.items()))


def _draw(table: tuple[str, ...], rng: random.Random, n: int) -> tuple[str, ...]:
    """``n`` entries of ``table`` at random: ``n`` random slots, looked up in one call."""
    if n <= 0:
        return ()
    slots = array.array("H", rng.randbytes(2 * n))
    if sys.byteorder == "big":
        slots.byteswap()  # the same draws on every machine
    return (table[slots[0]],) if n == 1 else itemgetter(*slots)(table)


def _lexicon() -> list[tuple[str, float]]:
    """wordfreq's Persian words, commonest first, without spoken forms, loose affixes,
    Arabic-keyboard duplicates (the stories add their own) and offensive words."""
    import wordfreq  # only here: a fifth of a second that nothing else needs to pay

    frequencies = wordfreq.get_frequency_dict("fa")
    words = []
    for word in wordfreq.top_n_list("fa", 40_000):
        if (
            (len(word) < 2 and word != "و")
            or not _PERSIAN_WORD.fullmatch(word)
            or word[0] == ZWNJ
            or word[-1] == ZWNJ
            or "ي" in word
            or "ك" in word
            or word in COLLOQUIAL
            or hashlib.sha256(word.encode()).hexdigest()[:12] in OFFENSIVE
        ):
            continue
        words.append((word, frequencies[word]))
    return words


def _variants(
    word: str, weight: float, slots: float, rng: random.Random, *, plural: bool = False
) -> dict[str, float]:
    """``word`` and the ways copy misspells it, sharing its weight: a typist's own ZWNJ,
    kashida, harakat and (``plural``: for nouns, as far as a word list tells) plurals with
    ها/های. ``slots``: how many table slots it will get; variants that would not get one of
    their own are left out."""
    out: dict[str, float] = {}
    if ZWNJ in word:
        soft = word.replace(ZWNJ, SOFT)
        if slots < 2:
            return {rng.choice((word, soft)): weight}
        out[soft] = weight * 0.45
    if slots * 0.04 >= 1 and len(word) >= 4:
        spots = [j for j in range(1, len(word) - 1) if word[j] in _JOINING and word[j + 1] > "ء"]
        if spots:
            j = rng.choice(spots)
            out[word[: j + 1] + STRETCH + word[j + 1 :]] = weight * 0.04
    if slots * 0.015 >= 1 and len(word) >= 3:
        out[word[0] + HARAKA + word[1:]] = weight * 0.015
    if plural and slots * 0.04 >= 1 and len(word) >= 3 and ZWNJ not in word:
        out[word + SOFT + "ها"] = weight * 0.05
        out[word + SOFT + "های"] = weight * 0.04
    out[word] = weight - sum(out.values())
    return out


def _random(name: str) -> random.Random:
    """The fixed generator of one part of the vocabulary: the same tables in every run."""
    return random.Random(f"hamafza-{name}")  # noqa: S311 (invented text, not secrets)


def _punctuate(text: str) -> str:
    """Punctuation tokens stuck to the word before them, never doubled."""
    for loose, tight in ((" .", "."), (" ،", "،"), ("..", "."), ("،.", "."), (".،", ".")):
        text = text.replace(loose, tight)
    return text.replace("،،", "،")


@cache
def vocabulary() -> Vocabulary:
    """Built once per process (under half a second), the same in every run."""
    rng = _random("vocabulary")
    lexicon = _lexicon()
    bounds = [0, HEAD_WORDS]
    while bounds[-1] < len(lexicon) and len(bounds) <= len(NEXT_LEVEL):
        mass, end = 0.0, bounds[-1]
        while end < len(lexicon) and (mass + lexicon[end][1]) / lexicon[end][1] <= LEVEL_BUDGET:
            mass += lexicon[end][1]
            end += 1
        bounds.append(end)
    bounds[-1] = len(lexicon)  # the last table takes whatever is left

    words_share = 1 - (sum(SPECIALS.values()) + sum(DOMAIN_TERMS.values())) / 10_000
    levels = []
    for n, (start, end) in enumerate(itertools.pairwise(bounds)):
        level_mass = sum(f for _w, f in lexicon[start:end])
        rest = sum(f for _w, f in lexicon[end:])
        scale = (words_share if n == 0 else 1) / (level_mass + rest)
        weights: dict[str, float] = {}
        for rank, (word, f) in enumerate(lexicon[start:end], start=start):
            # Past the function words, and not a verb, an adjective or "است" by its ending.
            noun = rank >= 300 and not word.endswith(("د", "م", "ت", "ی", "ه", "ا", "و"))
            weights |= _variants(word, f * scale, f * scale * TABLE_SIZE, rng, plural=noun)
        if rest:
            weights[NEXT_LEVEL[n]] = rest * scale
        if n == 0:
            weights |= {t: w / 10_000 for t, w in (SPECIALS | DOMAIN_TERMS).items()}
        levels.append(_table(weights))

    sizes = list(rng.randbytes(TABLE_SIZE + 4096).translate(FRAGMENT_SIZES))
    tokens = _draw(levels[0], rng, sum(sizes))
    starts = itertools.accumulate(sizes, initial=0)
    text = FRAGMENT.join(" ".join(tokens[a : a + n]) for a, n in zip(starts, sizes, strict=False))
    fragments = [f.lstrip(" .،") for f in _punctuate(text).split(FRAGMENT)]
    fragments = [f for f in fragments if f][:TABLE_SIZE]

    content = {w: f for w, f in lexicon[40:3000] if len(w) > 2}
    scale = 0.75 / sum(content.values())
    headline: dict[str, float] = {}
    for word, f in content.items():
        headline |= _variants(word, f * scale, f * scale * TABLE_SIZE, rng)
    terms = sum(DOMAIN_TERMS.values())
    headline |= {t: 0.17 * w / terms for t, w in DOMAIN_TERMS.items()}
    headline |= {PLACE: 0.04, NUMBER: 0.04}
    return Vocabulary(
        fragments=tuple(fragments),
        fragment_words=sum(f.count(" ") + 1 for f in fragments) / len(fragments),
        rare=tuple(levels[1:]),
        headline=_table(headline),
        numbers=_numbers(),
    )


def _numbers() -> tuple[str, ...]:
    """Numbers as news copy has them: small counts most, then hundreds, thousands, years
    (Jalali) and decimals written with a slash."""
    random = _random("numbers").random

    def number() -> str:
        kind = random()
        if kind < 0.35:
            return str(2 + int(random() * 29))
        if kind < 0.6:
            return str(31 + int(random() * 969))
        if kind < 0.7:
            return str((10, 50, 100)[int(random() * 3)] * (2 + int(random() * 19)))
        if kind < 0.85:
            return str(1000 + int(random() * 99_000))
        if kind < 0.93:
            return str(1370 + int(random() * 35))
        return f"{1 + int(random() * 99)}/{1 + int(random() * 9)}"

    return tuple(number() for _n in range(TABLE_SIZE // 8)) * 8  # 8,192 different ones


class _Stream:
    """Entries of one table drawn at random, many at a time. What comes out depends only on
    what was taken before, never on batch sizes."""

    CHUNK = 1 << 14

    def __init__(self, table: tuple[str, ...], rng: random.Random) -> None:
        self.table = table
        self.rng = rng
        self.buffer: tuple[str, ...] = ()
        self.position = 0

    def take(self, n: int) -> tuple[str, ...]:
        if self.position + n > len(self.buffer):
            fresh = _draw(self.table, self.rng, max(self.CHUNK, n))
            self.buffer = self.buffer[self.position :] + fresh
            self.position = 0
        self.position += n
        return self.buffer[self.position - n : self.position]


def _interleave(parts: list[str], fillers: Sequence[str]) -> str:
    """``parts`` joined with ``fillers`` between them, in order."""
    return "".join(itertools.chain.from_iterable(zip(parts, fillers, strict=False))) + parts[-1]


# --- The network ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Desk:
    """A unit as its stories name it."""

    pk: int
    place: str  # «استان اصفهان»; HQ speaks for «کشور»
    source: str  # «روابط عمومی اداره کل بهزیستی استان اصفهان»
    official: str | None  # who speaks; None at HQ, where it depends on the topic


def _desk(unit: Unit) -> _Desk:
    name = unit.name.replace("%", "%%")  # see NEXT_LEVEL
    if unit.kind in {Unit.Kind.HQ, Unit.Kind.HQ_OFFICE}:
        source = f"روابط عمومی {name}"
        if unit.slug == "hq-pr":
            source = "روابط عمومی و امور بین\u200cالملل سازمان بهزیستی کشور"
        return _Desk(unit.pk, "کشور", source, None)
    place = name
    for prefix in ("اداره کل بهزیستی ", "اداره بهزیستی "):
        place = place.removeprefix(prefix)
    official = P.OFFICIAL.get(unit.kind, P.OFFICIAL["center"]).format(place=place)
    return _Desk(unit.pk, place, f"روابط عمومی {name}", official)


def _activity(unit: Unit) -> float:
    """How much of the network's copy a unit writes, relatively."""
    weight = UNIT_WEIGHT_BY_SLUG.get(unit.slug, UNIT_WEIGHT.get(unit.kind, 1))
    return weight if unit.is_active else weight * 0.2  # a closed unit: its old stories


def _ensure_network() -> int:
    """Reference rows, and a small network when there are no units; returns units made."""
    org_reference_ensure()
    newsroom_reference_ensure()
    if Unit.objects.exists():
        return 0
    made: dict[str, Unit] = {}
    for spec in demo_units():
        if spec.slug in FRESH_UNITS:
            parent = made[spec.parent] if spec.parent else None
            made[spec.slug] = Unit.objects.create(
                slug=spec.slug, name=spec.name, name_en=spec.name_en, kind=spec.kind, parent=parent
            )
    return len(made)


def _generator_user() -> Any:
    user_model = get_user_model()
    user = user_model.objects.filter(username=GENERATOR_USERNAME).first()
    if user is None:
        user = user_model(
            username=GENERATOR_USERNAME,
            first_name="مولد",
            last_name="خبرهای آزمایشی",
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        Profile.objects.get_or_create(user=user)
    return user


# --- Writing -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """One story before it is saved."""

    status: str
    unit_id: int
    kind: str
    kicker: str
    headline: str
    lead: str
    body: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    scheduled_for: datetime | None
    subjects: tuple[str, ...]
    domains: tuple[str, ...]
    tags: tuple[str, ...]


class _Weighted[T]:
    """Items drawn by weight with one random number and one bisection."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        pairs = list(pairs)
        self.items = [item for item, _w in pairs]
        self.cumulative = list(itertools.accumulate(w for _i, w in pairs))
        self.total = self.cumulative[-1]

    def draw(self, random: Callable[[], float]) -> T:
        return self.items[bisect.bisect(self.cumulative, random() * self.total)]


class _Writer:
    """Writes the run's stories one by one, the oldest first."""

    def __init__(self, *, seed: int, count: int, per_day: int, now: datetime) -> None:
        self.rng = rng = random.Random(seed)  # noqa: S311 (invented text, not secrets)
        self.random = rng.random
        self.count, self.per_day, self.now = count, per_day, now.astimezone(UTC)
        vocab = vocabulary()
        self.fragments = _Stream(vocab.fragments, rng)
        self.fragment_words = vocab.fragment_words
        self.rare = [_Stream(table, rng) for table in vocab.rare]
        self.headline_words = _Stream(vocab.headline, rng)
        self.numbers = _Stream(vocab.numbers, rng)
        self.desks = _Weighted((_desk(u), _activity(u)) for u in Unit.objects.order_by("pk"))
        self.topics = _Weighted((P.TOPIC_BY_KEY[key], w) for key, w in TOPIC_WEIGHT.items())
        self.kinds = _Weighted(KIND_WEIGHT.items())
        self.zwnj = _Weighted(ZWNJ_STYLES)
        self.digits = _Weighted((DIGITS[style], w) for style, w in DIGIT_STYLES)
        self.statuses = {
            True: _Weighted(RECENT_STATUS.items()),
            False: _Weighted(OLD_STATUS.items()),
        }
        subjects = set(Subject.objects.values_list("code", flat=True))
        domains = set(Domain.objects.values_list("code", flat=True))
        self.relations = {
            topic.key: (
                tuple(s for s in topic.subjects if s in subjects),
                tuple(d for d in topic.domains if d in domains),
            )
            for topic in P.TOPICS
        }
        local = now.astimezone(TEHRAN)
        opening = datetime.combine(local.date(), time(OFFICE_START), tzinfo=TEHRAN)
        elapsed = (local - opening) / timedelta(hours=OFFICE_HOURS)
        self.today = 0.0 if local.weekday() == 4 else min(max(elapsed, 0.0), 1.0)
        self.days = [opening.astimezone(UTC)]  # office openings, working days back from today
        self.jalali: dict[int, tuple[int, int, int, int]] = {}

    def _pick(self, items: Sequence[str]) -> str:
        return items[int(self.random() * len(items))]

    def _between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def _prose(self, words: int, *, exact: bool = False) -> str:
        """About ``words`` words of running text (``exact``: that many), ending in a full stop."""
        n = max(1, round(words / self.fragment_words))
        text = " ".join(self.fragments.take(n + 2 if exact else n))
        if exact:
            text = " ".join(text.split(" ", words)[:words])
        return text.strip(" .،") + "."

    # --- When ----------------------------------------------------------------------------

    def _opening(self, k: int) -> datetime:
        """When the office opened ``k`` working days (Saturday to Thursday) before today."""
        while len(self.days) <= k:
            day = self.days[-1].astimezone(TEHRAN).date() - timedelta(days=1)
            if day.weekday() == 4:  # Friday, the weekend
                day -= timedelta(days=1)
            opening = datetime.combine(day, time(OFFICE_START), tzinfo=TEHRAN)
            self.days.append(opening.astimezone(UTC))
        return self.days[k]

    def _moment(self, back: float) -> datetime:
        """The office-hours moment ``back`` working days before now."""
        if back <= self.today:
            return self._opening(0) + timedelta(hours=OFFICE_HOURS * (self.today - back))
        before = back - self.today
        whole = int(before)
        return self._opening(1 + whole) + timedelta(hours=OFFICE_HOURS * (1 - before + whole))

    def _later(self, moment: datetime, low_hours: float, high_hours: float) -> datetime:
        later = moment + timedelta(hours=low_hours + self.random() * (high_hours - low_hours))
        return min(later, self.now)

    def _date_text(self, moment: datetime, digits: dict[int, str] | None) -> str:
        """The story's day in the Jalali calendar, in one of the ways copy writes it."""
        day = moment.astimezone(TEHRAN).date()
        key = day.toordinal()
        if key not in self.jalali:
            jalali = JalaliDate(day)
            self.jalali[key] = (jalali.year, jalali.month, jalali.day, jalali.weekday())
        year, month, date, weekday = self.jalali[key]
        form = self.random()
        if form < 0.5:
            text = f"{date} {MONTHS[month - 1]} {year}"
        elif form < 0.75:
            text = f"{year}/{month:02}/{date:02}"
        else:
            text = f"{WEEKDAYS[weekday]} {date} {MONTHS[month - 1]}"
        return text.translate(digits) if digits else text

    # --- What ----------------------------------------------------------------------------

    def draft(self, index: int) -> _Draft:
        """Story number ``index`` of the run, the oldest first."""
        random, between = self.random, self._between
        back = (self.count - 1 - index + random()) / self.per_day
        moment = self._moment(back)
        status = self.statuses[back < RECENT_DAYS].draw(random)
        desk = self.desks.draw(random)
        topic = self.topics.draw(random)
        kind = self.kinds.draw(random)
        digits = self.digits.draw(random)
        small = between(3, 60) if random() < 0.5 else between(60, 900)
        numbers = (small, between(12, 4800), between(8, 320))
        n1, n2, n3 = (str(n).translate(digits) if digits else str(n) for n in numbers)
        values = {
            "place": desk.place,
            "source": desk.source,
            "official": desk.official or topic.national_official,
            "n1": n1,
            "n2": n2,
            "n3": n3,
            "partner": self._pick(
                P.PARTNERS_NATIONAL if desk.official is None else P.PARTNERS_LOCAL
            ),
            "country": self._pick(P.COUNTRIES),
            "focus": self._pick(P.FOCUSES),
        }
        kicker = P.fill(self._pick(P.KICKERS), values) if random() < 0.3 else ""
        headline = self._headline(topic, kind, values, local=desk.official is not None)
        text = FIELD.join(
            (kicker, headline, self._lead(topic, values), self._body(topic, kind, values))
        )
        kicker, headline, lead, body = self._finish(text, desk, digits, moment).split(FIELD)
        subjects, domains = self.relations[topic.key]
        draft = _Draft(
            status=status,
            unit_id=desk.pk,
            kind=kind,
            kicker=kicker[:200],
            headline=headline[:300],
            lead=lead,
            body=body,
            created_at=moment,
            updated_at=moment,
            published_at=None,
            scheduled_for=None,
            subjects=subjects[: between(1, 2)],
            domains=domains[: between(1, 2)],
            tags=topic.tags[: between(0, len(topic.tags))],
        )
        self._timestamps(draft)
        return draft

    def _headline(self, topic: P.Topic, kind: str, values: dict[str, str], local: bool) -> str:
        if self.random() < TEMPLATE_HEADLINE:
            headline = P.fill(self._pick(topic.local if local else topic.national), values)
            short = 5 - headline.count(" ")
            if short > 0:
                headline = " ".join((headline, *self.headline_words.take(short)))
        else:
            headline = " ".join(self.headline_words.take(self._between(6, 12)))
        return P.KIND_PREFIX.get(kind, "") + headline

    def _lead(self, topic: P.Topic, values: dict[str, str]) -> str:
        if self.random() < TEMPLATE_LEAD:
            lead = P.fill(self._pick(topic.leads), values)
        else:
            lead = values["official"] + self._pick(LEAD_VERBS)
        short = self._between(25, 45) - lead.count(" ") - 1
        return f"{lead} {self._prose(short, exact=True)}" if short > 2 else lead

    def _body(self, topic: P.Topic, kind: str, values: dict[str, str]) -> str:
        random, between = self.random, self._between
        target = between(150, 280) if random() < 0.6 else between(280, 450)
        if random() < PR_OPENING:
            opening = f"به گزارش {values['source']}، " + P.fill(self._pick(topic.leads), values)
        else:
            opening = self._pick(OTHER_OPENINGS) + self._prose(between(20, 40))
        paragraphs = [opening]
        written = opening.count(" ") + 1
        templates = list(topic.paragraphs)
        while written < target:
            if templates and random() < TEMPLATE_PARAGRAPH:
                paragraph = P.fill(templates.pop(int(random() * len(templates))), values)
            else:
                paragraph = self._prose(min(between(35, 90), max(target - written, 20)))
                if random() < CONNECTIVE:
                    paragraph = self._pick(CONNECTIVES).format(**values) + paragraph
            paragraphs.append(paragraph)
            written += paragraph.count(" ") + 1
        if kind == Story.Kind.REPORT and len(paragraphs) > 2:
            paragraphs[-1] = f"</p><h3>{self._pick(REPORT_HEADINGS)}</h3><p>" + paragraphs[-1]
        elif kind == Story.Kind.INTERVIEW and len(paragraphs) > 2:
            paragraphs[2] = f"</p><blockquote><p>{P.QUOTE}</p></blockquote><p>" + paragraphs[2]
        return "<p>" + "</p><p>".join(paragraphs).replace("<p></p>", "") + "</p>"

    def _finish(
        self, text: str, desk: _Desk, digits: dict[int, str] | None, moment: datetime
    ) -> str:
        """Settle the marks left in ``text`` and rough it up the way this story's typist does."""
        random = self.random
        text = text.replace(PLACE, desk.place)
        text = text % self.rare[0].take(text.count(NEXT_LEVEL[0]))
        for mark, stream in zip(NEXT_LEVEL[1:], self.rare[1:], strict=False):
            if mark in text:
                parts = text.split(mark)
                text = _interleave(parts, stream.take(len(parts) - 1))
        if NUMBER in text:
            parts = text.split(NUMBER)
            numbers = self.numbers.take(len(parts) - 1)
            text = _interleave(parts, [n.translate(digits) for n in numbers] if digits else numbers)
        if DATE in text:
            text = text.replace(DATE, self._date_text(moment, digits))
        text = text.replace(STRETCH, KASHIDA if random() < STRETCHED else "")
        text = text.replace(HARAKA, self._pick(HARAKAT) if random() < WITH_HARAKAT else "")
        zwnj = self.zwnj.draw(random)
        if zwnj != ZWNJ and random() < ZWNJ_EVERYWHERE:
            text = text.replace(ZWNJ, zwnj)
        text = text.replace(SOFT, zwnj)
        if random() < ARABIC_LETTERS:
            text = text.replace("ی", "ي").replace("ک", "ك")
        return text

    def _timestamps(self, draft: _Draft) -> None:
        """The times its life would have left; on entry ``created_at`` holds the moment of its
        last move (publication for a published story)."""
        random, status, moment = self.random, draft.status, draft.created_at
        if status in HAS_CODE:
            draft.published_at = moment
            draft.created_at = moment - timedelta(hours=0.5 + random() * 30)
            if status == S.CORRECTED:
                draft.updated_at = self._later(moment, 1, 48)
            elif status == S.UNPUBLISHED:
                draft.updated_at = self._later(moment, 2, 72)
            elif status == S.ARCHIVED:
                draft.updated_at = self._later(moment, 24 * 30, 24 * 60)
        elif status in {S.DRAFT, S.SPIKED}:
            draft.updated_at = self._later(moment, 0.1, 3 if status == S.DRAFT else 48)
        else:  # in review: created a little before it was last moved
            draft.created_at = moment - timedelta(hours=0.3 + random() * 6)
            if status == S.SCHEDULED:
                ahead = timedelta(days=self._between(1, 9), hours=random() * OFFICE_HOURS)
                draft.scheduled_for = self._opening(0) + ahead


# --- Saving --------------------------------------------------------------------------------

STORY_FIELDS = (
    "id", "unit", "created_by", "kicker", "headline", "lead", "body", "kind", "language",
    "status", "version", "code", "scheduled_for", "published_at", "first_published_at",
    "needs_retro_approval", "feature", "origin", "created_at", "updated_at",
)  # fmt: skip
RELATIONS = ("authors", "subjects", "domains", "tags")


class _Inserter:
    """Rows straight into the tables, story ids reserved first: building model instances for
    ``bulk_create`` would cost more than writing the stories.

    On the driver's own cursor, in bulk: on SQLite many rows in one ``INSERT``, which the
    database works through in one step outside Python's interpreter lock while the next batch
    is written (``executemany`` would take the lock back for every row); on PostgreSQL through
    ``COPY``, which psycopg formats in C (Django's cursors bind parameters on the client, in
    Python). Django's debug cursor would also copy every value into its query log."""

    def __init__(self, *, user_id: int, tag_ids: dict[str, int], floor: int) -> None:
        if connection.vendor not in {"sqlite", "postgresql"}:
            raise NotSupportedError(
                f"story generation needs SQLite or PostgreSQL, not {connection.vendor}"
            )
        self.user_id, self.tag_ids, self.floor = user_id, tag_ids, floor
        quote = connection.ops.quote_name
        self.mark = "?" if connection.vendor == "sqlite" else "%s"
        self.max_params = connection.features.max_query_params or 20_000
        column = {f.name: f.column for f in Story._meta.concrete_fields if f.column}
        self.tables = {"stories": (Story._meta.db_table, [column[n] for n in STORY_FIELDS])}
        for name in RELATIONS:
            field = Story._meta.get_field(name)
            assert isinstance(field, ManyToManyField)  # noqa: S101 (for the type checker)
            through = getattr(Story, name).through._meta.db_table
            self.tables[name] = (through, [field.m2m_column_name(), field.m2m_reverse_name()])
        # Table and column names come from the models, never from input.
        self.heads = {
            name: f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608
            for name, (table, columns) in self.tables.items()
        }
        self.copies = {
            name: f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
            for name, (table, columns) in self.tables.items()
        }
        self.stamp: Callable[[datetime | None], Any] = connection.ops.adapt_datetimefield_value
        if connection.vendor == "sqlite":
            # What that adapter stores, for an aware time: the naive time in the connection's
            # zone, as text; written out here because it costs a fifth of the saving.
            zone = connection.timezone

            def stamp(moment: datetime | None) -> str | None:
                return None if moment is None else str(moment.astimezone(zone).replace(tzinfo=None))

            self.stamp = stamp

    def _ids(self, cursor: Any, n: int) -> list[int]:
        """``n`` new story ids, in the batch's transaction: on PostgreSQL from the table's own
        sequence; on SQLite after the highest ever used, under the transaction's write lock."""
        table = Story._meta.db_table
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        start = max(highest, sequence[0] if sequence else 0) + 1
        return list(range(start, start + n))

    def _insert(self, cursor: Any, name: str, rows: list[tuple[Any, ...]]) -> None:
        if connection.vendor == "postgresql":
            with cursor.copy(self.copies[name]) as copy:
                for values in rows:
                    copy.write_row(values)
            return
        width = len(self.tables[name][1])
        marks = "(" + ", ".join([self.mark] * width) + ")"
        step = max(1, self.max_params // width)
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            sql = self.heads[name] + ", ".join([marks] * len(chunk))
            cursor.execute(sql, list(itertools.chain.from_iterable(chunk)))

    def save(self, drafts: list[_Draft]) -> tuple[int, int] | None:
        """Save one batch in one transaction; return the news codes it took."""
        coded = sum(1 for d in drafts if d.status in HAS_CODE)
        codes, code, user_id, stamp = None, 0, self.user_id, self.stamp
        with transaction.atomic():
            if coded:
                counter, _created = NewsCodeCounter.objects.select_for_update().get_or_create(
                    pk=1, defaults={"last_code": self.floor - 1}
                )
                code = max(counter.last_code + 1, self.floor)
                codes = (code, code + coded - 1)
                NewsCodeCounter.objects.filter(pk=1).update(last_code=codes[1])
            with connection.cursor() as cursor:
                pairs = list(zip(self._ids(cursor, len(drafts)), drafts, strict=True))
            rows = []
            for pk, d in pairs:
                story_code = None
                if d.status in HAS_CODE:
                    story_code, code = code, code + 1
                rows.append(
                    (pk, d.unit_id, user_id, d.kicker, d.headline, d.lead, d.body, d.kind,
                     LANGUAGE, d.status, VERSION[d.status], story_code, stamp(d.scheduled_for),
                     stamp(d.published_at), stamp(d.published_at), False, "", None,
                     stamp(d.created_at), stamp(d.updated_at))
                )  # fmt: skip
            related: dict[str, list[tuple[Any, ...]]] = {
                "stories": rows,
                "authors": [(pk, user_id) for pk, _d in pairs],
                "subjects": [(pk, s) for pk, d in pairs for s in d.subjects],
                "domains": [(pk, c) for pk, d in pairs for c in d.domains],
                "tags": [(pk, self.tag_ids[t]) for pk, d in pairs for t in d.tags],
            }
            assert connection.connection is not None  # noqa: S101 (connected by the queries above)
            raw = connection.connection.cursor()
            try:
                for name, table_rows in related.items():
                    self._insert(raw, name, table_rows)
            finally:
                raw.close()
            ChangeNote.objects.bulk_create(
                ChangeNote(
                    story_id=pk,
                    note=P.CHANGE_NOTES[pk % len(P.CHANGE_NOTES)],
                    author_id=user_id,
                    created_at=d.updated_at,
                )
                for pk, d in pairs
                if d.status == S.CORRECTED
            )
        return codes


def _saved(
    batches: Iterator[list[_Draft]], save: Callable[[list[_Draft]], Any], *, in_thread: bool
) -> Iterator[tuple[list[_Draft], Any]]:
    """Each batch with what ``save`` returned for it, in order. ``in_thread``: save in a second
    thread, on its own connection, while the next batch is written; the database's work (SQLite
    stepping and committing, the PostgreSQL server) runs outside Python's interpreter lock."""
    if not in_thread:
        for drafts in batches:
            yield drafts, save(drafts)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="generate") as pool:
        try:
            pending: tuple[list[_Draft], Future[Any]] | None = None
            for drafts in batches:
                if pending is not None:
                    yield pending[0], pending[1].result()
                pending = (drafts, pool.submit(save, drafts))
            if pending is not None:
                yield pending[0], pending[1].result()
        finally:
            pool.submit(connections.close_all).result()


def _first_code() -> int:
    """The code after every code handed out so far (by the counter or already on a story)."""
    counter = NewsCodeCounter.objects.filter(pk=1).values_list("last_code", flat=True).first()
    highest = Story.objects.aggregate(highest=Max("code"))["highest"]
    return max(settings.NEWS_CODE_START, (counter or 0) + 1, (highest or 0) + 1)


def generate_stories(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    batch: int = DEFAULT_BATCH,
    per_day: int = DEFAULT_PER_DAY,
    now: datetime,
    stdout: Writer | None = None,
    progress: bool | None = None,
) -> GenerateResult:
    """Write ``count`` invented stories (see the module docstring). With ``stdout``, report
    progress there: a live line when ``progress`` is true (by default when it is a terminal)
    and one summary line."""
    if count < 0 or batch < 1 or per_day < 1:
        raise ValueError("count must be at least 0, batch and per_day at least 1")
    started = monotonic()
    with transaction.atomic():
        units_created = _ensure_network()
        user = _generator_user()
        names = sorted({tag for topic in P.TOPICS for tag in topic.tags})
        Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
        tag_ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        inserter = _Inserter(user_id=user.pk, tag_ids=tag_ids, floor=_first_code())
    writer = _Writer(seed=seed, count=count, per_day=per_day, now=now)
    bar = Progress(count, label="generate", out=stdout, tty=progress) if stdout else None
    batches = (
        [writer.draft(index) for index in range(start, min(start + batch, count))]
        for start in range(0, count, batch)
    )
    # Inside a caller's transaction (tests) every write must go through its connection.
    in_thread = not connection.in_atomic_block
    first_code = last_code = None
    published = body_chars = done = 0
    for drafts, codes in _saved(batches, inserter.save, in_thread=in_thread):
        if codes is not None:
            first_code = codes[0] if first_code is None else first_code
            last_code = codes[1]
        published += sum(1 for d in drafts if d.status in {S.PUBLISHED, S.CORRECTED})
        body_chars += sum(len(d.body) for d in drafts)
        done += len(drafts)
        if bar:
            bar.update(done)
    if bar:
        bar.finish(done)
    if count:
        audit_log(
            actor=None,
            action="newsroom.generate",
            unit=Unit.objects.filter(parent=None).order_by("pk").first(),
            summary=f"+{count} generated stories (seed {seed})",
            changes={"stories": [0, count], "codes": [first_code, last_code]},
        )
    return GenerateResult(
        created=count,
        published=published,
        seconds=monotonic() - started,
        first_code=first_code,
        last_code=last_code,
        units_created=units_created,
        body_chars=body_chars,
    )
