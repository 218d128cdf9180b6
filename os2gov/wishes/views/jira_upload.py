"""The Jira CSV upload page (WSH-11): the same import as the command, with progress."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
