"""media: models."""
