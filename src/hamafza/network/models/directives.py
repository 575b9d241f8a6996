"""directives: models."""
