"""``/api/v1/…`` routers of the network's areas; ``config.api`` mounts each at its prefix."""

from hamafza.network.api import campaigns, directives, media, overview, partnership, support

ROUTERS = (
    ("/campaigns", campaigns.router),
    ("/directives", directives.router),
    ("/support-requests", support.router),
    ("/media", media.router),
    ("/partnership", partnership.router),
    ("/network/overview", overview.router),
)
