"""campaigns: models."""
