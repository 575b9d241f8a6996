"""Signal receivers of the network's areas (one module per area), connected by
``NetworkConfig.ready``: the network sits above newsroom and reacts to its signals."""

from hamafza.network.receivers import campaigns  # noqa: F401
