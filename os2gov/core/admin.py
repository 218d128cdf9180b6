"""The audit trail in the admin: searchable and filterable, never editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from os2gov.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "actor_label", "action", "object_type", "object_label")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "action", "object_label", "object_id", "mandate", "summary")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor",)
    readonly_fields = (
        "occurred_at",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "mandate",
        "summary",
        "changes",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
