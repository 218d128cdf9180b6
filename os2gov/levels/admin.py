"""The level data in the admin, read-only: every change goes through the services, so it is
checked against the mandates and kept in the trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from os2gov.levels.models import (
    Answer,
    ApprovedLevel,
    Criterion,
    Deviation,
    Evaluation,
    LevelModel,
    LevelRecommendation,
    LevelStatus,
    Verification,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LevelModel)
class LevelModelAdmin(ReadOnlyAdmin):
    list_display = ("version", "effective_on", "is_current", "published_at")


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("key", "model", "level", "obligation", "kind", "rule")
    list_filter = ("model", "obligation", "kind", "theme")
    list_select_related = ("model", "level")


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ("product", "criterion", "status", "revision", "answered_at")
    list_filter = ("status",)
    list_select_related = ("product", "criterion")


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ("answer", "rating", "verified_by", "verified_at")
    list_select_related = ("answer__product", "answer__criterion", "verified_by")


@admin.register(Deviation)
class DeviationAdmin(ReadOnlyAdmin):
    list_display = ("product", "criterion", "expires_on")
    list_select_related = ("product", "criterion")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("product", "evaluated_on", "body", "group")
    list_select_related = ("product", "body", "group")


@admin.register(LevelStatus)
class LevelStatusAdmin(ReadOnlyAdmin):
    list_display = ("product", "level_code", "held", "progress", "achieved_on", "lost_on")
    list_filter = ("level_code", "held")
    list_select_related = ("product",)


@admin.register(LevelRecommendation)
class LevelRecommendationAdmin(ReadOnlyAdmin):
    list_display = ("product", "kind", "level_code", "status")
    list_select_related = ("product",)


@admin.register(ApprovedLevel)
class ApprovedLevelAdmin(ReadOnlyAdmin):
    list_display = ("product", "level_code", "approved_on")
    list_select_related = ("product",)
