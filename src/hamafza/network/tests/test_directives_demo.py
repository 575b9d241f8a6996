"""The demo's directives load once, with every state the issuer's page shows."""

from hamafza.common.models import SystemFlag
from hamafza.network.demo import directives as demo
from hamafza.network.models.directives import Directive, DirectiveRecipient
from hamafza.network.selectors import directives as selectors
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Unit
from hamafza.org.tests.factories import UnitFactory


def test_the_demo_loads_once_with_mixed_answers(net):
    SystemFlag.objects.create(key=DEMO_FLAG, value="1")
    for spec in demo.DIRECTIVES:
        for slug in (spec.issuer, *spec.units):
            if not Unit.objects.filter(slug=slug).exists():
                parent = net.tehran if slug in {"rey", "eslamshahr", "shahriar", "varamin",
                                                 "damavand"} else net.hq  # fmt: skip
                kind = Unit.Kind.COUNTY if parent == net.tehran else Unit.Kind.PROVINCE
                UnitFactory.create(slug=slug, parent=parent, kind=kind)
    counts = demo.load()
    assert counts["directives"] == len(demo.DIRECTIVES)
    assert demo.load() == dict.fromkeys(demo.COUNT_NAMES, 0)
    rows = list(DirectiveRecipient.objects.select_related("directive"))
    states = {row.state for row in rows}
    assert states == {"unread", "read", "acknowledged", "reported"}
    assert any(row.is_overdue() for row in rows)
    assert Directive.objects.filter(status=Directive.Status.DRAFT).count() == 1
    assert selectors.overdue_list(viewer=net.hq_admin).exists()
    assert DirectiveRecipient.objects.filter(replies__isnull=False).distinct().count() == 3
