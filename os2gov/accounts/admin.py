"""Admin for people (e-mail login, no username) and a read-only view of API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from os2gov.accounts.models import ApiToken, User
from os2gov.accounts.services import person_vouch_for_email


class UserCreationForm(DjangoUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "organisation")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A person with this e-mail address already exists."))
        return email


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("name", "email")
    list_display = ("email", "name", "organisation", "is_active", "is_staff")
    list_filter = ("organisation__type", "is_active", "is_staff", "is_superuser")
    list_select_related = ("organisation",)
    search_fields = ("email", "name", "title", "organisation__name")
    raw_id_fields = ("organisation",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "title", "organisation")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or "email" in form.changed_data:
            # The secretariat vouches for the address it types in.
            person_vouch_for_email(user=obj)

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "organisation", "password1", "password2"),
            },
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__email", "user__name")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tokens are created by their owner, who alone sees the plaintext once.
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
