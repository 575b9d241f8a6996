"""Where files go that only views checking access may hand out."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The ``private`` storage (settings: ``PRIVATE_MEDIA_ROOT``), for files that belong to a
    unit's internal work — directive files, campaign assets and evidence. MEDIA_ROOT is
    served to anyone who has a file's path (by the app or by nginx); these are read only
    through views that check who asks. A callable, so migrations name it, not a path."""
    return storages["private"]
