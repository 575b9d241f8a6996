"""Campaigns react to stories: see ``hamafza.network.services.campaigns``."""
