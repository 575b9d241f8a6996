"""``hamafza demo``'s network (``NetworkConfig.demo_loader``), after the stories and plans.

Each area loads its own part, in this order (later areas may use what earlier ones made); each
part is idempotent on its own ``SystemFlag`` like the other apps' demos, and returns its counts.
"""

from typing import Any, TextIO

from django.utils.module_loading import import_string

PARTS = (
    "hamafza.network.demo.partnership.load",
    "hamafza.network.demo.media.load",
    "hamafza.network.demo.campaigns.load",
    "hamafza.network.demo.directives.load",
    "hamafza.network.demo.support.load",
)


def demo_load(*, stdout: TextIO | None = None) -> dict[str, int]:
    counts: dict[str, Any] = {}
    for path in PARTS:
        try:
            loader = import_string(path)
        except ImportError:
            continue  # an area still being written has no demo yet
        counts.update(loader(stdout=stdout))
    return counts
