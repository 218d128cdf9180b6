"""Governance data in the admin.

Memberships, groups and decisions are governed: changing them needs a mandate and leaves a
decision and an audit event, which the services (used by the pages and the API) guarantee.
Here they are therefore read-only. Only the bodies' names, purposes and order are edited in
the admin, through the same service and mandate check as everywhere else.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from os2gov.authority.admin import MandateCheckedAdmin
from os2gov.core.admin_forms import VersionedFormMixin
from os2gov.governance import services
from os2gov.governance.models import (
    Body,
    BodyMembership,
    Decision,
    DecisionSubject,
    Group,
    GroupMembership,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BodyMembershipInline(ReadOnlyMixin, admin.TabularInline):
    model = BodyMembership
    fields = ("person", "organisation", "position", "starts_on", "ends_on")
    readonly_fields = fields
    extra = 0
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("person", "organisation")


class BodyAdminForm(VersionedFormMixin):
    class Meta:
        model = Body
        fields = ("name", "purpose", "position")


@admin.register(Body)
class BodyAdmin(MandateCheckedAdmin):
    form = BodyAdminForm
    list_display = ("name", "kind", "slug", "position")
    fields = ("kind", "slug", "name", "purpose", "position", "updated_at")
    readonly_fields = ("kind", "slug", "updated_at")
    inlines = [BodyMembershipInline]
    ordering = ("position",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the five bodies are data of the migration

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Body, form: forms.ModelForm, change: bool
    ) -> None:
        # Through the service: the mandate is checked, the change becomes a decision of
        # the holder and an audit event.
        saved = services.body_update(
            actor=request.user,
            body=obj,
            expected_updated_at=form.cleaned_data["loaded_version"],
            name=form.cleaned_data["name"],
            purpose=form.cleaned_data["purpose"],
            position=form.cleaned_data["position"],
        )
        obj.updated_at = saved.updated_at


class GroupMembershipInline(ReadOnlyMixin, admin.TabularInline):
    model = GroupMembership
    fields = ("person", "organisation", "role", "starts_on", "ends_on")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("person", "organisation")


@admin.register(Group)
class GroupAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "product", "kind", "run_by", "member_cap_per_municipality")
    list_filter = ("kind",)
    list_select_related = ("product",)
    search_fields = ("name", "product__name")
    inlines = [GroupMembershipInline]


@admin.register(GroupMembership)
class GroupMembershipAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("person", "group", "organisation", "role", "starts_on", "ends_on")
    list_filter = ("role", "group__kind")
    list_select_related = ("person", "group", "group__product", "organisation")
    search_fields = ("person__name", "group__name", "group__product__name", "organisation__name")


class DecisionSubjectInline(ReadOnlyMixin, admin.TabularInline):
    model = DecisionSubject
    fields = ("label", "content_type", "object_id")
    readonly_fields = fields
    extra = 0


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("decided_on", "body", "group", "product", "action", "recorded_by")
    list_filter = ("action", "method")
    list_select_related = ("body", "group", "group__product", "product", "recorded_by")
    search_fields = ("text", "action")
    date_hierarchy = "decided_on"
    inlines = [DecisionSubjectInline]
