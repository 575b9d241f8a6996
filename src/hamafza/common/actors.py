"""The installation itself as an acting party.

Every service takes the acting user explicitly. The ``hamafza`` command line is run by whoever
operates the server — someone who already controls its database — and it is how the first
units and people get in, when there is nobody yet to act as. Commands therefore act as
``SYSTEM``: permission checks treat it like a superuser, and audit rows record it with an empty
actor (``actor=None``, ``actor_username=""``), which is how the audit log shows the system.
Web views and the API never pass it: they always act as ``request.user``.
"""

from typing import Final


class SystemActor:
    pk: Final = None
    is_authenticated: Final = False
    is_active: Final = True
    is_superuser: Final = True
    username: Final = ""

    def get_username(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()
