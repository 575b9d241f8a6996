"""The comments' settings, each with its default; tests change them with ``settings``.

COMMENTS_CAPTCHA_TTL            seconds a captcha question may be answered (default 600)
COMMENTS_MIN_SECONDS            a comment sent sooner after its question was issued is
                                silently marked spam (default 3)
COMMENTS_VISITOR_RATE           (comments, seconds) one visitor's network may send (5, 600)
COMMENTS_STORY_RATE             (comments, seconds) one story may receive (30, 600)
COMMENTS_CAPTCHA_RATE           (questions, seconds) one visitor's network may ask for (60, 600)
COMMENTS_NETWORK_RETENTION_DAYS days the visitor's network hash is kept (default 30)
"""

from typing import Any

from django.conf import settings


def _get(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def captcha_ttl() -> int:
    return int(_get("COMMENTS_CAPTCHA_TTL", 600))


def min_seconds() -> float:
    return float(_get("COMMENTS_MIN_SECONDS", 3))


def visitor_rate() -> tuple[int, int]:
    limit, window = _get("COMMENTS_VISITOR_RATE", (5, 600))
    return int(limit), int(window)


def story_rate() -> tuple[int, int]:
    limit, window = _get("COMMENTS_STORY_RATE", (30, 600))
    return int(limit), int(window)


def captcha_rate() -> tuple[int, int]:
    limit, window = _get("COMMENTS_CAPTCHA_RATE", (60, 600))
    return int(limit), int(window)


def retention_days() -> int:
    return int(_get("COMMENTS_NETWORK_RETENTION_DAYS", 30))
