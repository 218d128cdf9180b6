"""publiccode.yml import (upload with progress) and export pages (PRD-08)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
