"""Governance-report import (upload with progress) and export pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
