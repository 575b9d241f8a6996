"""The portal's demo: the organization's usual e-services in the links block, and a week of
reads on the newest public stories so the home's "most read" has something to rank.

``hamafza demo`` calls ``demo_load`` after the newsroom demo (``PortalConfig.demo_loader``).
Like the other demos it writes rows directly in one transaction, records one audit row
(``portal.demo.load``, actor None) and is idempotent: ``SystemFlag demo_portal`` marks the
load, and a second run adds nothing, so HQ's edits to the block survive. It refuses to run on
a database the org demo has not marked as a demo.

The addresses are under the reserved ``.example`` domain: the demo names real kinds of service
but must not send anyone to a real site that may answer differently.
"""

import random
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.org.demo import Writer
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Unit
from hamafza.portal.models import EServiceLink, StoryDailyViews
from hamafza.portal.permissions import public_stories

PORTAL_FLAG = "demo_portal"
SEED_CODE = 102685
READ_STORIES = 40
READ_DAYS = 7

DEMO_ESERVICES = [
    ("میز خدمت الکترونیک", "https://khedmat.behzisti.example/", "ثبت و پیگیری درخواست خدمات"),
    ("اورژانس اجتماعی ۱۲۳", "https://123.behzisti.example/", "گزارش کودک‌آزاری و آسیب‌های اجتماعی"),
    ("صدای مشاور ۱۴۸۰", "https://1480.behzisti.example/", "مشاوره تلفنی رایگان"),
    (
        "ثبت‌نام مسکن مددجویان",
        "https://maskan.behzisti.example/",
        "خانواده‌های دارای دو عضو معلول و بیشتر",
    ),
    ("نوبت کمیسیون پزشکی", "https://commission.behzisti.example/", "تعیین نوع و شدت معلولیت"),
    ("مجوز مراکز غیردولتی", "https://mojavez.behzisti.example/", "صدور و تمدید پروانه فعالیت"),
    (
        "نیکوکاری و حمایت از مددجویان",
        "https://nikoo.behzisti.example/",
        "کمک به خانواده‌های تحت پوشش",
    ),
    ("ثبت و پیگیری شکایات", "https://shekayat.behzisti.example/", "پاسخ‌گویی به مردم"),
]


def demo_load(*, stdout: Writer | None = None) -> dict[str, int]:
    """Load the e-services and demo reads once; return the counts (zeros the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "داده نمایشی درگاه فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شود؛ نخست "
                "«hamafza demo» را اجرا کنید.\n"
                "Portal demo data is loaded only into the demo database; run `hamafza demo`."
            )
        if SystemFlag.objects.filter(key=PORTAL_FLAG).exists():
            return {"eservices": 0, "reads": 0}
        links = EServiceLink.objects.bulk_create(
            EServiceLink(title=title, url=url, description=description, position=position)
            for position, (title, url, description) in enumerate(DEMO_ESERVICES)
        )
        reads = _reads()
        SystemFlag.objects.create(key=PORTAL_FLAG, value="1")
        audit_log(
            actor=None,
            action="portal.demo.load",
            unit=Unit.objects.filter(parent__isnull=True).order_by("pk").first(),
            summary=f"eservices: +{len(links)}، reads: +{reads}",
            changes={"eservices": [0, len(links)], "reads": [0, reads]},
        )
    if stdout is not None:
        stdout.write(f"  خدمات الکترونیک / e-services: +{len(links)}\n")
    return {"eservices": len(links), "reads": reads}


def _reads() -> int:
    """A week of reads on the newest public stories; the seed story is read most."""
    today = timezone.localdate()
    stories = list(public_stories().values_list("pk", "code")[:READ_STORIES])
    if all(code != SEED_CODE for _pk, code in stories):
        stories += list(public_stories().filter(code=SEED_CODE).values_list("pk", "code"))
    chance = random.Random(SEED_CODE)  # noqa: S311 - demo numbers, not security
    rows = []
    for rank, (story_id, code) in enumerate(stories):
        base = 400 if code == SEED_CODE else max(10, 200 - rank * 5)
        for age in range(READ_DAYS):
            views = chance.randint(base // 2, base)
            rows.append(
                StoryDailyViews(story_id=story_id, day=today - timedelta(days=age), views=views)
            )
    StoryDailyViews.objects.bulk_create(rows)
    return sum(row.views for row in rows)
