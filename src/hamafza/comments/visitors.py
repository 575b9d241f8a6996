"""Who a visitor is, as far as abuse control needs to know: a keyed hash of their network,
and sliding-window rate limits in Django's cache.

The address itself is never stored. IPv4 addresses are cut to their /24 and IPv6 addresses to
their /48 (the block one household or office usually holds), and the network is hashed with
an HMAC keyed by ``SECRET_KEY``: the same network always gives the same hash on this server,
and without the key the hash cannot be turned back into the network by trying all of them.
"""

import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

_HASH_SALT = "hamafza.comments.network"
_UNKNOWN = "unknown"


def network_of(address: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network ``address`` belongs to, as text; "unknown" when
    it is not an address. An IPv4 address written as IPv6 (``::ffff:1.2.3.4``) is IPv4."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return _UNKNOWN
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def network_hash(address: str) -> str:
    """The keyed hash (64 hex digits) of the network ``address`` belongs to."""
    return salted_hmac(_HASH_SALT, network_of(address), algorithm="sha256").hexdigest()


def request_network_hash(request: HttpRequest) -> str:
    """The hash for the request's client. ``REMOTE_ADDR`` only: a forwarded-for header is
    whatever the client wants it to be; behind the shipped nginx configuration,
    ``common.proxy.RealIPMiddleware`` has already put the visitor's address there."""
    return network_hash(str(request.META.get("REMOTE_ADDR", "")))


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per ``window`` seconds for one key, in a sliding window."""

    scope: str
    limit: int
    window: int

    def _key(self, subject: str) -> str:
        return f"comments:rate:{self.scope}:{subject}"

    def _recent(self, subject: str, now: float) -> list[float]:
        stamps = cache.get(self._key(subject)) or []
        return [stamp for stamp in stamps if stamp > now - self.window]

    def exceeded(self, subject: str, *, now: float | None = None) -> bool:
        """Whether one more event now would go over the limit (nothing is recorded)."""
        now = time.time() if now is None else now
        return len(self._recent(subject, now)) >= self.limit

    def hit(self, subject: str, *, now: float | None = None) -> None:
        """Record one event now. The window's timestamps are kept, at most ``limit`` of them
        (older ones cannot matter), for as long as the window lasts."""
        now = time.time() if now is None else now
        stamps = [*self._recent(subject, now), now][-max(self.limit, 1) :]
        cache.set(self._key(subject), stamps, timeout=self.window)
