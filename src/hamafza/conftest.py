"""Shared test fixtures: a small network of units and one persona per role and unit.

    HQ (hq) ─┬─ PR & International Affairs office (hq-pr)
             ├─ Tehran province (tehran) ── Shemiranat county (shemiranat)
             ├─ Isfahan province (isfahan) ── Kashan county (kashan)
             └─ Khorasan Razavi (khorasan-razavi) ── Neyshabur county (neyshabur)

Personas (all with password TEST_PASSWORD): hq_admin (admin@HQ), hq_editor (hq_editor@hq-pr),
tehran_head, tehran_editor, tehran_reporter, tehran_viewer, shemiranat_head,
shemiranat_reporter, isfahan_head, isfahan_editor, khorasan_video (reporter in Neyshabur with
the video skill), outsider (an account with no membership).
"""

from dataclasses import dataclass
from typing import Any

import pytest

from hamafza.org.models import Membership, Role, Skill, Unit
from hamafza.org.reference import reference_data_ensure
from hamafza.org.tests.factories import UnitFactory, UserFactory


@dataclass
class Network:
    hq: Unit
    hq_pr: Unit
    tehran: Unit
    shemiranat: Unit
    isfahan: Unit
    kashan: Unit
    khorasan: Unit
    neyshabur: Unit
    hq_admin: Any
    hq_editor: Any
    tehran_head: Any
    tehran_editor: Any
    tehran_reporter: Any
    tehran_viewer: Any
    shemiranat_head: Any
    shemiranat_reporter: Any
    isfahan_head: Any
    isfahan_editor: Any
    khorasan_video: Any
    outsider: Any


def _person(username: str, unit: Unit, *roles: str, first: str = "", last: str = "") -> Any:
    user = UserFactory.create(
        username=username, first_name=first or "کاربر", last_name=last or username
    )
    for role in roles:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def build_network() -> Network:
    reference_data_ensure()
    hq = UnitFactory.create(slug="hq", name="ستاد سازمان", kind=Unit.Kind.HQ)
    hq_pr = UnitFactory.create(
        slug="hq-pr", name="دفتر روابط عمومی و امور بین‌الملل", kind=Unit.Kind.HQ_OFFICE, parent=hq
    )
    tehran = UnitFactory.create(
        slug="tehran", name="استان تهران", kind=Unit.Kind.PROVINCE, parent=hq
    )
    shemiranat = UnitFactory.create(slug="shemiranat", name="شهرستان شمیرانات", parent=tehran)
    isfahan = UnitFactory.create(
        slug="isfahan", name="استان اصفهان", kind=Unit.Kind.PROVINCE, parent=hq
    )
    kashan = UnitFactory.create(slug="kashan", name="شهرستان کاشان", parent=isfahan)
    khorasan = UnitFactory.create(
        slug="khorasan-razavi", name="استان خراسان رضوی", kind=Unit.Kind.PROVINCE, parent=hq
    )
    neyshabur = UnitFactory.create(slug="neyshabur", name="شهرستان نیشابور", parent=khorasan)
    khorasan_video = _person(
        "khorasan.video", neyshabur, Role.REPORTER, first="رضا", last="فیلم‌بردار"
    )
    khorasan_video.profile.skills.add(Skill.objects.get(code="video"))
    return Network(
        hq=hq,
        hq_pr=hq_pr,
        tehran=tehran,
        shemiranat=shemiranat,
        isfahan=isfahan,
        kashan=kashan,
        khorasan=khorasan,
        neyshabur=neyshabur,
        hq_admin=_person("hq.admin", hq, Role.ADMIN),
        hq_editor=_person("hq.editor", hq_pr, Role.HQ_EDITOR),
        tehran_head=_person("tehran.head", tehran, Role.HEAD),
        tehran_editor=_person("tehran.editor", tehran, Role.EDITOR),
        tehran_reporter=_person("tehran.reporter", tehran, Role.REPORTER),
        tehran_viewer=_person("tehran.viewer", tehran, Role.VIEWER),
        shemiranat_head=_person("shemiranat.head", shemiranat, Role.HEAD),
        shemiranat_reporter=_person("shemiranat.reporter", shemiranat, Role.REPORTER),
        isfahan_head=_person("isfahan.head", isfahan, Role.HEAD),
        isfahan_editor=_person("isfahan.editor", isfahan, Role.EDITOR),
        khorasan_video=khorasan_video,
        outsider=UserFactory.create(username="outsider"),
    )


@pytest.fixture
def net(db: None) -> Network:
    return build_network()
