"""partnership: models."""
