"""support: models."""
