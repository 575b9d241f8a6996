"""The story workflow: one table of transitions, read by the services, the UI and the API.

    draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published ──correct──▶ corrected
      ▲                 │  ▲                   │   ▲ ──schedule──▶ scheduled ─(worker)─▶ published
      └──restore── spiked  └─return─ (to returned, back to the author with a note; resubmit)
    published/corrected ──unpublish──▶ unpublished ──publish──▶ published
    published/corrected/unpublished ──archive──▶ archived
    head: draft/submitted/returned ──force_publish──▶ published (flagged for retrospective approval)

Who: ``roles`` are roles held in the story's unit *or any unit above it*; ``author_may`` lets
the story's authors do it whatever their role. The feature workflow (sending a published story
up to HQ's national front page) is a second, smaller table.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamafza.newsroom.models import Story
from hamafza.org.models import Role

S = Story.Status

WRITER_ROLES = frozenset({Role.REPORTER, Role.EDITOR, Role.HEAD, Role.HQ_EDITOR})
EDITOR_ROLES = frozenset({Role.EDITOR, Role.HEAD, Role.HQ_EDITOR})
HEAD_ROLES = frozenset({Role.HEAD})


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    author_may: bool = False
    needs_note: bool = False
    needs_time: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", _("ارسال برای بررسی"), frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, EDITOR_ROLES, author_may=True),
        Transition("return", _("برگرداندن به نویسنده"), frozenset({S.SUBMITTED, S.APPROVED, S.SCHEDULED}), S.RETURNED, EDITOR_ROLES, needs_note=True),
        Transition("approve", _("تأیید"), frozenset({S.SUBMITTED}), S.APPROVED, EDITOR_ROLES),
        Transition("schedule", _("زمان‌بندی انتشار"), frozenset({S.APPROVED}), S.SCHEDULED, EDITOR_ROLES, needs_time=True),
        Transition("unschedule", _("لغو زمان‌بندی"), frozenset({S.SCHEDULED}), S.APPROVED, EDITOR_ROLES),
        Transition("publish", _("انتشار"), frozenset({S.APPROVED, S.SCHEDULED, S.UNPUBLISHED}), S.PUBLISHED, EDITOR_ROLES),
        Transition("force_publish", _("انتشار فوری (با تأیید پسینی)"), frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED}), S.PUBLISHED, HEAD_ROLES, needs_note=True),
        Transition("unpublish", _("خارج کردن از انتشار"), frozenset({S.PUBLISHED, S.CORRECTED}), S.UNPUBLISHED, EDITOR_ROLES, needs_note=True),
        Transition("archive", _("بایگانی"), frozenset({S.PUBLISHED, S.CORRECTED, S.UNPUBLISHED}), S.ARCHIVED, EDITOR_ROLES),
        Transition("spike", _("کنار گذاشتن"), frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED}), S.SPIKED, EDITOR_ROLES, author_may=True),
        Transition("restore", _("بازگرداندن به پیش‌نویس"), frozenset({S.SPIKED}), S.DRAFT, EDITOR_ROLES, author_may=True),
    ]
}  # fmt: skip

# Correction is not a button of its own: saving a published story with a public change note
# moves it to "corrected" (services.story_update), with the editors' roles.
CORRECT = Transition("correct", _("اصلاح پس از انتشار"), frozenset({S.PUBLISHED, S.CORRECTED}), S.CORRECTED, EDITOR_ROLES, needs_note=True)  # fmt: skip

# Content may be edited: by authors and editors while it is a draft or returned; by editors
# while it waits for publication; after publication only as a correction (with a change note).
AUTHOR_EDITABLE = frozenset({S.DRAFT, S.RETURNED})
EDITOR_EDITABLE = frozenset({S.DRAFT, S.RETURNED, S.SUBMITTED, S.APPROVED, S.SCHEDULED})
CORRECTABLE = CORRECT.sources
# Never deleted once it had a news code: "nothing published is ever lost".
DELETABLE = frozenset({S.DRAFT, S.RETURNED, S.SPIKED})


@dataclass(frozen=True)
class FeatureTransition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    hq: bool  # True: HQ editors decide; False: the owning unit's editors ask


F = Story.Feature
FEATURE_TRANSITIONS: dict[str, FeatureTransition] = {
    t.name: t
    for t in [
        FeatureTransition("request_feature", _("پیشنهاد برای صفحه اول ملی"), frozenset({F.NONE, F.DECLINED}), F.REQUESTED, hq=False),
        FeatureTransition("feature", _("نمایش در صفحه اول ملی"), frozenset({F.REQUESTED}), F.FEATURED, hq=True),
        FeatureTransition("decline_feature", _("رد پیشنهاد صفحه اول"), frozenset({F.REQUESTED}), F.DECLINED, hq=True),
        FeatureTransition("unfeature", _("برداشتن از صفحه اول ملی"), frozenset({F.FEATURED}), F.NONE, hq=True),
    ]
}  # fmt: skip
