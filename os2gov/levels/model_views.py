"""Pages where the business committee edits the level model (PRD-02): drafts, levels,
criteria and publishing, and the compliance of older model versions."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
