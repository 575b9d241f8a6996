"""What the UI and the API permission matrices share: who plays each role, whose stories the
cells use, what a cell starts from, and the shape of a row."""

from dataclasses import dataclass
from typing import Any

from hamafza.newsroom.models import Story
from hamafza.notifications.models import Notification
from hamafza.org.models import Membership, Role
from hamafza.org.tests.factories import UserFactory

ROLES = ("reporter", "editor", "head", "viewer", "hq_editor", "outsider", "anonymous")

# Who plays each role, and which unit is "theirs" and which is "another".
PERSONAS = {
    "reporter": ("tehran_reporter", "tehran", "isfahan"),
    "editor": ("tehran_editor", "tehran", "isfahan"),
    "head": ("tehran_head", "tehran", "isfahan"),
    "viewer": ("tehran_viewer", "tehran", "isfahan"),
    "hq_editor": ("hq_editor", "hq_pr", "tehran"),
    "outsider": ("outsider", "tehran", "isfahan"),
    "anonymous": (None, "tehran", "isfahan"),
}
# Who wrote the stories of each unit the cells use.
AUTHORS = {"tehran": "tehran_reporter", "isfahan": "isfahan_reporter", "hq_pr": "hq_reporter"}


@dataclass(frozen=True)
class Setup:
    """What a cell starts from: the story, the other objects, the caller."""

    story: Story | None
    unit: Any
    user: Any
    notification: Notification | None = None


def with_unit_reporters(net: Any) -> Any:
    """The network, with a reporter in each unit whose stories the matrix uses."""
    for attribute, username, unit in [
        ("isfahan_reporter", "isfahan.reporter", net.isfahan),
        ("hq_reporter", "hq.reporter", net.hq_pr),
    ]:
        person = UserFactory.create(username=username)
        Membership.objects.create(user=person, unit=unit, role=Role.REPORTER)
        setattr(net, attribute, person)
    return net


Cell = tuple[int, int]  # (own unit, another unit)


def expect(
    *,
    reporter: Cell,
    editor: Cell,
    head: Cell,
    viewer: Cell,
    hq_editor: Cell,
    outsider: Cell = (403, 403),
    anonymous: Cell = (401, 401),
) -> dict[str, Cell]:
    return {
        "reporter": reporter,
        "editor": editor,
        "head": head,
        "viewer": viewer,
        "hq_editor": hq_editor,
        "outsider": outsider,
        "anonymous": anonymous,
    }


def same(own: int, other: int, **overrides: Cell) -> dict[str, Cell]:
    """Every staff role alike, with ``overrides``."""
    cells = dict.fromkeys(("reporter", "editor", "head", "viewer", "hq_editor"), (own, other))
    return expect(**{**cells, **overrides})
