"""The strategy's version workflow: one table, read by the services, the desk and the API.

    draft ──activate──▶ active ──archive──▶ archived
    (activating a draft archives the version that was active: exactly one is active)

Only HQ strategists move versions (``permissions.is_strategist``).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamafza.strategy.models import StrategyDocument

S = StrategyDocument.Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("activate", _("ابلاغ (فعال‌سازی این نسخه)"), frozenset({S.DRAFT}), S.ACTIVE),
        Transition("archive", _("بایگانی"), frozenset({S.ACTIVE}), S.ARCHIVED),
    ]
}

# Only a draft's content changes; the active version is changed by writing a new version.
EDITABLE = frozenset({S.DRAFT})
