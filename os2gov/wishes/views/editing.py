"""Editing a wish's text and attachments, and the product's priority weights."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
