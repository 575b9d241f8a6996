"""Queries of the network's areas, one module per area."""
