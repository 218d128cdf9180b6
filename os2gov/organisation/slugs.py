"""Slugs for Danish names: Django's slugify drops æ, ø and å, so spell them out first."""

from __future__ import annotations

from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(name: str) -> str:
    """``"Lyngby-Taarbæk Kommune"`` -> ``"lyngby-taarbaek-kommune"``."""
    return slugify(name.translate(_DANISH))
