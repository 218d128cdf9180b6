"""What publiccode.yml imports recorded, for staff to look up. Read-only: an import is the
only writer (through the catalogue's services, under a mandate), so the admin changes
nothing here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from os2gov.interchange.models import PubliccodeProfile, UnconfirmedUser


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PubliccodeProfile)
class PubliccodeProfileAdmin(ReadOnlyAdmin):
    list_display = (
        "product",
        "development_status",
        "software_type",
        "maintenance_type",
        "updated_at",
    )
    list_filter = ("development_status", "software_type", "maintenance_type")
    list_select_related = ("product",)
    search_fields = ("product__name",)


@admin.register(UnconfirmedUser)
class UnconfirmedUserAdmin(ReadOnlyAdmin):
    list_display = ("name", "product", "organisation")
    list_select_related = ("product", "organisation")
    search_fields = ("name", "product__name")
