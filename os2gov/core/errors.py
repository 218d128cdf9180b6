"""Errors every domain app raises the same way."""

from django.core.exceptions import ValidationError


class StaleEditError(ValidationError):
    """The row changed after the editor loaded it; their edit would overwrite that."""
