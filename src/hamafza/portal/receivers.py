"""What drops cached public pages (``pagecache``): the apps below the portal announce their
changes, the portal bumps the generations the change touches. Connected in ``apps.ready``.

- a story that is or was public changed: its page, its unit's section and every unit's above
  it (their lists include it), and every network-wide list (home, tags, subjects, search, feeds,
  sitemaps);
- what the public sees of its comments changed: its page only;
- a unit was saved or deleted (names and slugs appear on every page): everything.

A change to an unpublished story that stays unpublished drops nothing.
"""

from typing import Any

from hamafza.newsroom.models import Story
from hamafza.org.models import Unit
from hamafza.org.permissions import UnitTree
from hamafza.portal import pagecache


def story_changed(sender: Any, *, story: Story, was_public: bool, **kwargs: Any) -> None:
    if not (was_public or story.is_public):
        return
    names = [pagecache.NETWORK]
    if story.code is not None:
        names.append(pagecache.story_key(story.code))
    if story.unit_id is not None:
        unit_ids = [story.unit_id, *UnitTree.load().ancestors(story.unit_id)]
        names += [pagecache.unit_key(unit_id) for unit_id in unit_ids]
    pagecache.bump(*names)


def thread_changed(sender: Any, *, story: Story, **kwargs: Any) -> None:
    if story.code is not None:
        pagecache.bump(pagecache.story_key(story.code))


def unit_saved(sender: type[Unit], **kwargs: Any) -> None:
    pagecache.bump(pagecache.SITE)
