"""Hamafza: the networked media system of a public organization's PR network."""

__version__ = "0.1.0"
